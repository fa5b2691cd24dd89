# Every target sets itself up: the first use creates .venv and installs the pinned lock.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8080
REPORTS ?= reports
PYTEST_FLAGS ?=

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv test test-unit test-provider lint serve mutation bench codegen clean

help:
	@echo "make test            the project's own tests, then the contract suite against the embedded reference provider"
	@echo "make test-provider   the contract suite; TARGET=<base url> (or TARGET_FILE=<toml>) for a live provider"
	@echo "make lint            ruff, spec lint (Python rules + Spectral when Node is present)"
	@echo "make serve [PORT=N]  the reference provider on 127.0.0.1"
	@echo "make mutation        the suite against every faulty/conformant variant, with the plain-schemathesis baseline"
	@echo "make bench           suite vs schemathesis, time to first failure, scaling, profile (reports/bench.json)"
	@echo "make codegen         generate pydantic models and typed clients from every spec into build/codegen"

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

test: test-unit test-provider

test-unit: $(STAMP)
	$(PY) -m pytest tests $(PYTEST_FLAGS)

test-provider: $(STAMP)
	@mkdir -p $(REPORTS)
	$(PY) -m pytest contract_tests --junitxml=$(REPORTS)/contract-junit.xml $(PYTEST_FLAGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m tools.spec_lint specs
	@if command -v npx >/dev/null 2>&1; then \
		npx --yes @stoplight/spectral-cli@6.15.0 lint --fail-severity=warn --ruleset specs/.spectral.yaml specs/*.yaml; \
	else echo "spectral skipped: npx (Node) is not installed; the Python spec lint above still ran"; fi

serve: $(STAMP)
	$(PY) -m reference_provider --port $(PORT)

mutation: $(STAMP)
	$(PY) -m tools.mutation --reports $(REPORTS)

bench: $(STAMP)
	$(PY) -m tools.bench --reports $(REPORTS)

codegen: $(STAMP)
	$(PY) -m tools.codegen --out build/codegen

clean:
	rm -rf $(VENV) build $(REPORTS) .pytest_cache .hypothesis .ruff_cache
