"""Export the specs and generate pydantic v2 models and typed httpx clients from every one of them;
TypeScript types when Node is present.

    listapi-contracts codegen [--out build/codegen] [--specs DIR] [--allow-warnings] [--typescript MODE]
    make codegen                    # the same, from a checkout (tools/codegen.py)

Layout of the output directory:
    specs/<stem>.yaml                        the specs, copied from the package (or --specs DIR)
    models/<stem_with_underscores>.py        datamodel-code-generator, one module per spec
    clients/<stem>/<stem_with_underscores>_client/   openapi-python-client package (with setup.py)
    ts/<stem>.d.ts, ts/check.ts              openapi-typescript types, type-checked by tsc --strict

A generator that fails, times out, or (unless --allow-warnings) warns stops the run with one line
naming the spec (exit 1); a generator that is not installed is one line too (exit 2). Parameters that
the client generator leaves out without a warning are reported. The generated clients sign their
requests with contract_tests.codegen.auth.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, NoReturn, Protocol

import yaml

from contract_tests.model.specs import SPECS_DIR

DEFAULT_TIMEOUT_SECONDS = 120.0
VERSIONED_PACKAGES = ("datamodel-code-generator", "openapi-python-client", "pydantic", "httpx")
# The generators, by the module each is run as: an optional dependency (the `codegen` extra).
GENERATOR_MODULES = {
    "datamodel-code-generator": "datamodel_code_generator",
    "openapi-python-client": "openapi_python_client",
}
CONFIGURATION_ERROR = 2
OPENAPI_TYPESCRIPT = "openapi-typescript@7"
TYPESCRIPT = "typescript@5"

# Wire names stay as they are (no --snake-case-field); datamodel-code-generator adds an alias only where a
# wire name is not a Python identifier. Why each flag:
DATAMODEL_FLAGS = (
    "--input-file-type", "openapi",
    "--output-model-type", "pydantic_v2.BaseModel",
    "--target-python-version", "3.11",
    "--field-constraints",  # minimum/maximum/pattern as Field(...) constraints
    "--use-schema-description",  # the specs' descriptions become class docstrings
    "--strict-nullable",  # a $ref to a nullable schema stays nullable; defaults do not make fields nullable
    "--strict-types", "str", "int", "bool",  # "2" is not an integer on the wire: no lax coercion
    "--naming-strategy", "parent-prefixed",  # inline enums are <Schema><Field>, no clash with field names
    "--collapse-root-models",  # a null-only anyOf branch is `| None`, not a RootModel[None] class
    "--use-double-quotes",
    "--disable-timestamp",  # reproducible output
    "--formatters", "ruff-format",
)  # fmt: skip

_DROPPED_SCHEMA = re.compile(
    r"(?:Unable to (?:parse|process) schema|resulted in the removal of:)\s*/components/schemas/([\w.-]+)"
)
_OMITTED_RESPONSE = re.compile(r"WARNING parsing (\w+ \S+) within .*?\n[^\n]*response will be omitted", re.S)


class CodegenError(RuntimeError):
    """One line: which spec, which generator, what went wrong."""


class StepReporter(Protocol):
    """What reports each finished spec (tools.progress.Progress in a checkout, with an estimate)."""

    def step(self, text: str) -> None: ...


@dataclass
class PrintSteps:
    """The installed command's reporter: one line per finished spec."""

    total: int

    def step(self, text: str) -> None:
        print(text)


def missing_generators() -> list[str]:
    """The generators (by package name) that are not installed in this environment."""
    return [name for name, module in GENERATOR_MODULES.items() if importlib.util.find_spec(module) is None]


def export_specs(source: Path, out: Path) -> Path:
    """Copy every spec (`*.yaml`, not dot-files) of `source` to `out/specs`; returns that folder."""
    target = out / "specs"
    target.mkdir(parents=True, exist_ok=True)
    found = sorted(path for path in source.glob("*.yaml") if not path.name.startswith("."))
    if not found:
        raise CodegenError(f"no *.yaml specs in {source}")
    for path in found:
        shutil.copy2(path, target / path.name)
    return target


@dataclass(frozen=True)
class SpecTarget:
    stem: str
    path: Path

    @property
    def module_name(self) -> str:
        return self.stem.replace("-", "_")

    @property
    def package_name(self) -> str:
        return f"{self.module_name}_client"

    @property
    def project_name(self) -> str:
        return f"{self.stem}-client"

    def load(self) -> dict[str, Any]:
        try:
            with self.path.open(encoding="utf-8") as handle:
                document = yaml.safe_load(handle)
        except (OSError, yaml.YAMLError) as exc:
            raise CodegenError(f"{self.stem}: cannot read {self.path}: {_last_line(str(exc))}") from exc
        if not isinstance(document, dict):
            raise CodegenError(f"{self.stem}: {self.path} is not a YAML mapping")
        return document


@dataclass
class SpecOutcome:
    target: SpecTarget
    models_file: Path
    client_project: Path
    client_warnings: list[str] = field(default_factory=list)
    unexpressed_parameters: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def client_package(self) -> Path:
        return self.client_project / self.target.package_name


def discover_specs(spec_dir: Path) -> list[SpecTarget]:
    """Every OpenAPI document in the directory (lint configs such as .spectral.yaml are not specs)."""
    candidates = (SpecTarget(path.stem, path) for path in sorted(spec_dir.glob("*.yaml")))
    targets = [
        target for target in candidates if not target.stem.startswith(".") and "openapi" in target.load()
    ]
    if not targets:
        raise CodegenError(f"no *.yaml specs in {spec_dir}")
    return targets


def generator_versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def run_generator(target: SpecTarget, tool: str, argv: Sequence[str], timeout: float) -> str:
    """Run one generator process; any failure becomes a one-line CodegenError naming the spec."""
    try:
        completed = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CodegenError(f"{target.stem}: {tool} timed out after {timeout:.0f}s") from exc
    except OSError as exc:
        raise CodegenError(f"{target.stem}: {tool} could not start: {exc}") from exc
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise CodegenError(f"{target.stem}: {tool} exited {completed.returncode}: {_last_line(output)}")
    return output


def generate_models(target: SpecTarget, out: Path, timeout: float) -> Path:
    models_file = out / "models" / f"{target.module_name}.py"
    models_file.parent.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "datamodel_code_generator", "--input", str(target.path)]
    argv += [*DATAMODEL_FLAGS, "--output", str(models_file)]
    run_generator(target, "datamodel-code-generator", argv, timeout)
    if not models_file.is_file():
        raise CodegenError(f"{target.stem}: datamodel-code-generator wrote no {models_file}")
    return models_file


def _client_config(target: SpecTarget) -> dict[str, Any]:
    ruff = Path(sys.executable).parent / "ruff"
    # Format with the venv's ruff in isolation: the project's config excludes build/.
    hooks = [f"{ruff} check . --isolated --fix-only --quiet", f"{ruff} format . --isolated --quiet"]
    return {
        "project_name_override": target.project_name,
        "package_name_override": target.package_name,
        "post_hooks": hooks if ruff.is_file() else [],
    }


def summarize_client_warnings(output: str) -> list[str]:
    """openapi-python-client's multi-line warnings, reduced to what was lost."""
    if "Warning(s) encountered" not in output:
        return []
    summary: list[str] = []
    dropped = sorted(set(_DROPPED_SCHEMA.findall(output)))
    if dropped:
        summary.append("dropped schemas " + ", ".join(dropped))
    omitted = _OMITTED_RESPONSE.findall(output)
    if omitted:
        summary.append(f"{len(omitted)} response(s) of {', '.join(sorted(set(omitted)))} left unparsed")
    return summary or [_last_line(output.split("Warning(s) encountered", 1)[1])]


def generate_client(target: SpecTarget, out: Path, timeout: float) -> tuple[Path, list[str]]:
    project = out / "clients" / target.stem
    project.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="codegen-") as scratch:
        config = Path(scratch) / "openapi-python-client.yaml"
        config.write_text(yaml.safe_dump(_client_config(target)), encoding="utf-8")
        argv = [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(target.path)]
        argv += ["--output-path", str(project), "--meta", "setup", "--config", str(config), "--overwrite"]
        output = run_generator(target, "openapi-python-client", argv, timeout)
    if not (project / target.package_name / "client.py").is_file():
        raise CodegenError(f"{target.stem}: openapi-python-client wrote no package {target.package_name}")
    return project, summarize_client_warnings(output)


def list_operations(document: dict[str, Any]) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options"}:
                yield method, path, operation


def operation_module_name(operation_id: str) -> str:
    """The client module of an operationId: ListServicesInstances -> list_services_instances."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", operation_id)
    return re.sub(r"\W+", "_", spaced).lower()


def find_operation_module(package_dir: Path, operation_id: str) -> Path:
    matches = sorted((package_dir / "api").glob(f"*/{operation_module_name(operation_id)}.py"))
    if len(matches) != 1:
        raise CodegenError(
            f"{package_dir.name}: expected one module for operation {operation_id}, found {matches}"
        )
    return matches[0]


def unexpressed_parameters(target: SpecTarget, package_dir: Path) -> list[str]:
    """Spec parameters the generated client cannot send (openapi-python-client drops some silently)."""
    missing: list[str] = []
    for _method, _path, operation in list_operations(target.load()):
        source = find_operation_module(package_dir, operation["operationId"]).read_text(encoding="utf-8")
        # Only query parameters can vanish silently: a path parameter it cannot express fails the generation.
        for parameter in operation.get("parameters", []):
            name = parameter["name"]
            if parameter["in"] == "query" and f'params["{name}"]' not in source:
                why = " (content: " + ", ".join(parameter["content"]) + ")" if "content" in parameter else ""
                missing.append(f"{operation['operationId']}.{name}{why}")
    return missing


def generate_spec(target: SpecTarget, out: Path, timeout: float) -> SpecOutcome:
    started = time.perf_counter()
    models_file = generate_models(target, out, timeout)
    models_done = time.perf_counter()
    project, warnings = generate_client(target, out, timeout)
    outcome = SpecOutcome(target, models_file, project, client_warnings=warnings)
    outcome.unexpressed_parameters = unexpressed_parameters(target, outcome.client_package)
    outcome.seconds = {"models": models_done - started, "client": time.perf_counter() - models_done}
    return outcome


def generate_all(
    targets: Sequence[SpecTarget],
    out: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    allow_warnings: bool = False,
    on_outcome: Callable[[SpecOutcome], None] | None = None,
) -> list[SpecOutcome]:
    outcomes = []
    for target in targets:
        outcome = generate_spec(target, out, timeout)
        if on_outcome:
            on_outcome(outcome)
        if outcome.client_warnings and not allow_warnings:
            raise CodegenError(
                f"{target.stem}: openapi-python-client warned: {'; '.join(outcome.client_warnings)}"
                " (the partial client is kept; --allow-warnings continues)"
            )
        outcomes.append(outcome)
    return outcomes


# --- TypeScript (optional) -------------------------------------------------------------------------------


def typescript_skip_reason() -> str | None:
    missing = [tool for tool in ("node", "npx") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not found on PATH" if missing else None


def _ts_identifier(stem: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", stem) if part)


def response_examples(document: dict[str, Any]) -> Iterable[tuple[str, str, Any]]:
    """(schema name, example label, value) of every JSON response example whose schema is a component."""
    for _method, _path, operation in list_operations(document):
        for status, response in operation.get("responses", {}).items():
            for media_type, media in response.get("content", {}).items():
                reference = media.get("schema", {}).get("$ref", "")
                if "json" not in media_type or not reference.startswith("#/components/schemas/"):
                    continue
                named = {name: example["value"] for name, example in media.get("examples", {}).items()}
                if "example" in media:
                    named["example"] = media["example"]
                for name, value in named.items():
                    yield reference.rsplit("/", 1)[1], f"{operation['operationId']}_{status}_{name}", value


def typescript_check_source(targets: Sequence[SpecTarget]) -> str:
    """Imports every .d.ts and assigns each documented example to its schema's type."""
    lines = ["// Generated by listapi-contracts codegen: every documented example must type-check."]
    for target in targets:
        alias = _ts_identifier(target.stem)
        lines.append(f'import type {{ components as {alias} }} from "./{target.stem}";')
    for target in targets:
        alias = _ts_identifier(target.stem)
        for schema, label, value in response_examples(target.load()):
            constant = re.sub(r"\W", "_", f"{alias}_{label}")
            lines.append(f'export const {constant}: {alias}["schemas"]["{schema}"] = {json.dumps(value)};')
    return "\n".join(lines) + "\n"


def generate_typescript(targets: Sequence[SpecTarget], out: Path, timeout: float) -> Path:
    ts_dir = out / "ts"
    ts_dir.mkdir(parents=True, exist_ok=True)
    for target in targets:
        argv = [
            "npx",
            "--yes",
            OPENAPI_TYPESCRIPT,
            str(target.path),
            "--output",
            str(ts_dir / f"{target.stem}.d.ts"),
        ]
        run_generator(target, "openapi-typescript", argv, timeout)
    check = ts_dir / "check.ts"
    check.write_text(typescript_check_source(targets), encoding="utf-8")
    argv = ["npx", "--yes", "-p", TYPESCRIPT, "tsc", "--noEmit", "--strict", "--target", "es2020", str(check)]
    try:
        completed = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise CodegenError(f"typescript: tsc timed out after {timeout:.0f}s") from exc
    if completed.returncode != 0:
        first = next((line for line in completed.stdout.splitlines() if "error" in line), completed.stdout)
        raise CodegenError(
            f"typescript: tsc --strict rejected {check.name}: {first.strip() or completed.stderr}"
        )
    return check


# --- CLI -------------------------------------------------------------------------------------------------


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse that reports a bad argument on one line (no usage block) and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(CONFIGURATION_ERROR, f"{self.prog}: error: {message}\n")


def _parse_args(argv: Sequence[str] | None, prog: str) -> argparse.Namespace:
    parser = OneLineErrorParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=Path("build/codegen"), help="output directory (default build/codegen)"
    )
    parser.add_argument(
        "--specs", type=Path, default=SPECS_DIR, help="directory of *.yaml specs (default: the package's)"
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds per generator run"
    )
    parser.add_argument("--allow-warnings", action="store_true", help="keep going when a generator warns")
    parser.add_argument(
        "--typescript", choices=("auto", "skip", "require"), default="auto",
        help="auto: generate and type-check when node/npx are present",
    )  # fmt: skip
    return parser.parse_args(argv)


def _run_typescript(mode: str, targets: Sequence[SpecTarget], out: Path, timeout: float) -> None:
    if mode == "skip":
        print("typescript: skipped (--typescript skip)")
        return
    reason = typescript_skip_reason()
    if reason:
        if mode == "require":
            raise CodegenError(f"typescript: required but {reason}")
        print(f"typescript: skipped, {reason} (Node.js is optional; the Python generators above still ran)")
        return
    started = time.perf_counter()
    check = generate_typescript(targets, out, timeout)
    print(
        f"typescript: {len(targets)} .d.ts + {check} pass tsc --strict ({time.perf_counter() - started:.1f}s)"
    )


def _outcome_printer(progress: StepReporter) -> Callable[[SpecOutcome], None]:
    def print_outcome(outcome: SpecOutcome) -> None:
        seconds = ", ".join(f"{step} {value:.1f}s" for step, value in outcome.seconds.items())
        progress.step(f"{outcome.target.stem}: {outcome.models_file} + {outcome.client_package} ({seconds})")
        _print_notes(outcome)

    return print_outcome


def _print_notes(outcome: SpecOutcome) -> None:
    for warning in outcome.client_warnings:
        print(f"  warning: openapi-python-client {warning}")
    for parameter in outcome.unexpressed_parameters:
        print(f"  note: the generated client cannot send {parameter}; see docs/codegen.md")


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = "listapi-contracts codegen",
    progress: Callable[[int], StepReporter] = PrintSteps,
) -> int:
    """Export the specs to OUT/specs and generate from that copy. Exit 0, 1 when a generator fails, 2
    when a generator is not installed or an argument is bad."""
    args = _parse_args(argv, prog)
    name = prog.removeprefix("python -m tools.")
    missing = missing_generators()
    if missing:
        print(
            f"{name}: error: {' and '.join(missing)} not installed; "
            'install the generators with pip install "listapi-contracts[codegen]" (with the same -c lock)',
            file=sys.stderr,
        )
        return CONFIGURATION_ERROR
    started = time.perf_counter()
    print("generators: " + ", ".join(f"{package} {ver}" for package, ver in generator_versions().items()))
    try:
        exported = export_specs(args.specs, args.out)
        targets = discover_specs(exported)
        outcomes = generate_all(
            targets,
            args.out,
            timeout=args.timeout,
            allow_warnings=args.allow_warnings,
            on_outcome=_outcome_printer(progress(len(targets))),
        )
        _run_typescript(args.typescript, targets, args.out, args.timeout)
    except CodegenError as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        return 1
    print(f"codegen: {len(outcomes)} specs in {time.perf_counter() - started:.1f}s -> {args.out}")
    print(f"codegen: specs in {exported}; sign a client's requests with contract_tests.codegen.auth")
    return 0


if __name__ == "__main__":
    sys.exit(main())
