# Every target sets itself up: the first use creates .venv, installs the pinned lock, then the project
# itself (editable, no dependencies beyond the lock), so .venv/bin/listapi-contracts is the command that
# failure lines name.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8080
REPORTS ?= reports
PYTEST_FLAGS ?=
# The seed documents, beside the project's own checkout only (a clone has their facts in specs/seed-facts).
SEEDS ?= ../shared/seeds

export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv test test-unit test-provider lint serve mutation bench codegen check-seeds seed-facts clean

help:
	@echo "make test            the project's own tests, then the contract suite against the embedded reference provider"
	@echo "make test-provider   the contract suite; TARGET=<base url> (or TARGET_FILE=<toml>) for a live provider"
	@echo "make lint            ruff, spec lint (Python rules + Spectral when Node is present)"
	@echo "make serve [PORT=N]  the reference provider on 127.0.0.1"
	@echo "make mutation        the suite against every faulty/conformant variant, with the plain-schemathesis baseline"
	@echo "make bench           suite vs schemathesis, time to first failure, scaling 1x-100x with verdicts, latency,"
	@echo "                     rate limit, dead target, profile (reports/bench.json)"
	@echo "make codegen         generate pydantic models and typed clients from every spec into build/codegen"
	@echo "make check-seeds     re-extract the seed facts from SEEDS and fail on any difference to specs/seed-facts"
	@echo "make seed-facts      rewrite specs/seed-facts from the seed documents in SEEDS"
	@echo ""
	@echo "Variables (make VAR=value, or the environment):"
	@echo "  TARGET=<url>                 base URL of the provider under test (all selected APIs)"
	@echo "  TARGET_FILE=<toml>           a target file instead: a base URL and values per API (targets/staging.example.toml)"
	@echo "  APIS=<a,b>                   comma list of API keys (default: all five, the stems of specs/*.yaml)"
	@echo "  SEED=<int>                   reproduce a run (every run prints its seed)"
	@echo "  MAX_EXAMPLES=<n>             schemathesis fuzzing examples per operation (default 25)"
	@echo "  REQUEST_TIMEOUT=<s>          deadline for a whole request, headers and body (default 10)"
	@echo "  RETRY_AFTER_MAX_WAIT=<s>     total seconds the whole run may wait on 429/503 Retry-After (default 120)"
	@echo "  MAX_REQUESTS=<n>             the run's request budget (default 6000); beyond it a test is not proven"
	@echo "  MODEL_EXAMPLES=<n>           random documented queries per API judged by the list model (default 25; 0: off)"
	@echo "  CONCURRENCY=<n>              pages of one walk fetched at once (default 4, at most 32)"
	@echo "  RATE_LIMIT=<N/s|N/m|N/h|N/d> the provider's quota, for every request of the run"
	@echo "  PREFLIGHT=stop|warn|off      a refused credential, a 404 on the list path or a non-JSON answer to the"
	@echo "                               one list request per API before any test: stop with exit 2 (default),"
	@echo "                               warn and run on (default with REFERENCE_PROVIDER_VARIANT), or not judged"
	@echo "  STRICT=1                     advisories (findings no document states) fail the run too"
	@echo "  MIN_COVERAGE=<percent>       fail when fewer contract items are proven (reports/coverage.md)"
	@echo "  SHARD=<k/n>                  run the k-th of n shards, split by API and check family; MIN_COVERAGE is"
	@echo "                               then applied once, by listapi-contracts merge-reports over the shards' reports"
	@echo "  BASELINE=<toml>              accepted deviations (api, rule, param, reason, expires): matching failures are"
	@echo "                               reported as accepted; write one with listapi-contracts baseline"
	@echo "  FAIL_FAST=1                  stop at the first failure, cheapest tests first"
	@echo "  EMBEDDED_TRANSPORT=http|wsgi the embedded provider as a process (default) or in-process"
	@echo "  REFERENCE_PROVIDER_SCALE=<n> multiply the embedded provider's items"
	@echo "  REFERENCE_PROVIDER_LATENCY_MS=<ms> delay every answer of the embedded provider"
	@echo "  ALLOW_UNSAFE_METHODS=1       allow non-GET probes against a non-loopback target"
	@echo "  REPORTS=<dir>                where reports go (default reports/)"
	@echo "  PYTEST_FLAGS=<flags>         extra pytest arguments for test, test-unit and test-provider"
	@echo "  REFERENCE_PROVIDER_VARIANT=<name>"
	@echo "                               the embedded provider (and make serve) runs this variant;"
	@echo "                               list them: .venv/bin/python -m reference_provider --list-variants"
	@echo "  PORT=<n>                     port of make serve (default 8080)"
	@echo "  SEEDS=<dir>                  seed documents for check-seeds and seed-facts (default ../shared/seeds,"
	@echo "                               the maintainers' optional folder; a clone has their facts in specs/seed-facts)"
	@echo "  PYTHON=<python3.11+>         the interpreter that creates .venv (default python3)"
	@echo "  (on/off variables take 1/true/yes/on or 0/false/no/off; any other value is an error)"
	@echo "Credentials and ids (what a selected API needs; never printed):"
	@echo "  HUAWEI_WORKSPACE_ID          the workspace id the Huawei path parameter is pinned to"
	@echo "  HUAWEI_AUTH_TOKEN            sent as X-Auth-Token; or HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK"
	@echo "                               (+ optional HUAWEI_PROJECT_ID) for SDK-HMAC-SHA256 signing"
	@echo "  HA3_INSTANCE_ID              the OpenSearch HA3 instance id of the path"
	@echo "  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	@echo "                               ACS3-HMAC-SHA256 signing of PAI-EAS and HA3 requests"
	@echo "  ZSTACK_SESSION_UUID          sent as Authorization: OAuth <uuid>"

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml Makefile
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required, found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

test: test-unit test-provider

test-unit: $(STAMP)
	$(PY) -m pytest tests $(PYTEST_FLAGS)

test-provider: $(STAMP)
	@mkdir -p $(REPORTS)
	$(PY) -m pytest contract_tests --assert=plain -n auto --dist loadgroup --junitxml=$(REPORTS)/contract-junit.xml $(PYTEST_FLAGS)

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

check-seeds: $(STAMP)
	$(PY) -m tools.seed_facts check --seeds $(SEEDS)

seed-facts: $(STAMP)
	$(PY) -m tools.seed_facts extract --seeds $(SEEDS)

clean:
	rm -rf $(VENV) build $(REPORTS) .pytest_cache .hypothesis .ruff_cache
