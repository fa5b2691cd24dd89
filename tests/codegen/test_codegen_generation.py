"""Both generators run on every spec, bounded in time, with one-line errors; the output imports."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from codegen_support import (
    PROJECT_ROOT,
    UNEXPRESSED_PARAMETERS,
    Generated,
    client_package,
    known_gap,
    list_response_schema,
    load_models,
    operation_module,
)

from contract_tests.codegen.generate import SpecOutcome, generator_versions, list_operations
from tools.codegen import main

pytestmark = pytest.mark.slow

GENERATION_BUDGET_SECONDS = 60.0

# A self-referencing nullable component: openapi-python-client 0.29.1 warns and drops it.
WARNING_SPEC = """\
openapi: 3.0.3
info: {title: warns, version: "1"}
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      nullable: true
      properties:
        parent: {$ref: "#/components/schemas/Thing"}
        extra: {type: object, nullable: true, additionalProperties: true}
"""


def _pinned(package: str) -> str:
    with (PROJECT_ROOT / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = [req.split("==", 1)[1] for req in requirements if re.match(rf"{package}\s*==", req)]
    assert pins, f"pyproject.toml does not pin {package}"
    return pins[0]


def test_installed_generators_are_the_pinned_versions() -> None:
    versions = generator_versions()
    for package in ("datamodel-code-generator", "openapi-python-client"):
        assert versions[package] == _pinned(package), f"{package}: installed {versions[package]}"


def test_every_spec_generates_models_and_a_client(generated: Generated) -> None:
    print(f"\ncodegen: {len(generated.outcomes)} specs generated in {generated.seconds:.1f}s")
    assert generated.seconds < GENERATION_BUDGET_SECONDS
    for stem, outcome in generated.outcomes.items():
        assert outcome.models_file.stat().st_size > 0, stem
        assert (outcome.client_package / "client.py").is_file(), stem
        assert (outcome.client_project / "setup.py").is_file(), stem


def test_client_generation_is_warning_free(outcome: SpecOutcome) -> None:
    with known_gap(outcome.target.stem, "client"):
        assert not outcome.client_warnings, "; ".join(outcome.client_warnings)


def test_the_client_can_send_every_query_parameter(outcome: SpecOutcome) -> None:
    expected = UNEXPRESSED_PARAMETERS.get(outcome.target.stem, [])
    assert outcome.unexpressed_parameters == expected


def test_generated_modules_import(outcome: SpecOutcome) -> None:
    document = outcome.target.load()
    models = load_models(outcome)
    assert hasattr(models, list_response_schema(document))
    package = client_package(outcome)
    assert hasattr(package, "Client") and hasattr(package, "AuthenticatedClient")
    for _method, _path, operation in list_operations(document):
        module = operation_module(outcome, operation["operationId"])
        assert callable(module.sync_detailed) and callable(module.asyncio_detailed)


def _run_cli(tmp_path: Path, spec_text: str, *extra: str) -> int:
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "broken-api.yaml").write_text(spec_text, encoding="utf-8")
    return main(["--out", str(tmp_path / "out"), "--specs", str(specs), "--typescript", "skip", *extra])


def test_a_failing_generator_is_one_line_naming_the_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A document without a single schema: datamodel-code-generator exits non-zero.
    assert _run_cli(tmp_path, 'openapi: 3.0.3\ninfo: {title: empty, version: "1"}\npaths: {}\n') == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1, error
    assert error.startswith("codegen: error: broken-api: datamodel-code-generator exited "), error


def test_an_overrunning_generator_is_stopped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_cli(tmp_path, WARNING_SPEC, "--timeout", "0.05") == 1
    error = capsys.readouterr().err.strip()
    assert re.fullmatch(r"codegen: error: broken-api: \S+ timed out after 0s", error), error


def test_generator_warnings_fail_the_run_unless_allowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_cli(tmp_path, WARNING_SPEC) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("codegen: error: broken-api: openapi-python-client warned: dropped schemas Thing")
    assert _run_cli(tmp_path, WARNING_SPEC, "--allow-warnings") == 0
    assert "warning: openapi-python-client dropped schemas Thing" in capsys.readouterr().out
