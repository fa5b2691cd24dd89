"""The project's own spec rules: the ones a generic OpenAPI linter cannot express, or expresses poorly.

Run `python -m tools.spec_lint specs` (one line per violation, `file: rule: where: message`; exit 1 on
any violation) or call `lint_spec(document, name)`. Spectral (specs/.spectral.yaml) covers the generic
OpenAPI style rules; the rules here know the project's conventions and its `x-list`/`x-error-cases`
extensions (docs/list-semantics.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tools.spec_rules import (
    Rule,
    check_additional_properties,
    check_enums,
    check_error_schemas,
    check_inline_objects,
    check_operation_ids,
    check_refs,
    check_response_schema_refs,
    check_x_sources,
)
from tools.spec_rules_extensions import (
    check_x_error_case_params,
    check_x_error_case_statuses,
    check_x_error_cases_schema,
    check_x_list_fields,
    check_x_list_params,
    check_x_list_schema,
    check_x_list_values,
)
from tools.spec_walk import SpecIndex, render_where

RULES: dict[str, str] = {
    "yaml": "the file parses as a YAML mapping",
    "ref": "every $ref is local and resolves",
    "operation-id": "every operation has an operationId",
    "response-schema-ref": "every JSON response media type has a schema, and it is a $ref to a component",
    "inline-object": "no inline object schema with properties under a response (name nested objects)",
    "error-json-schema": "every 4xx/5xx response has an application/json object schema "
    "(text/plain only when the response says the body is plain text by design)",
    "enum-values": "every enum is a non-empty list without duplicates",
    "additional-properties-false": "no additionalProperties: false (providers may add fields)",
    "x-source": 'every x-source is a non-empty string starting with "provider-facts"',
    "x-list-schema": "x-list has the shape docs/list-semantics.md defines",
    "x-list-param": "every parameter x-list names is a parameter of the operation",
    "x-list-field": "every body/item field x-list names exists in the 200 schema",
    "x-list-values": "every value x-list relies on is one the parameter or item field accepts",
    "x-error-cases-schema": "x-error-cases has the shape docs/list-semantics.md defines",
    "x-error-cases-status": "every x-error-cases status is a documented response of the operation",
    "x-error-cases-param": "every x-error-cases parameter exists and fits its case",
}


@dataclass(frozen=True)
class Violation:
    file: str
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.rule}: {self.where}: {self.message}"


RULE_CHECKS: tuple[Rule, ...] = (
    check_refs,
    check_operation_ids,
    check_response_schema_refs,
    check_inline_objects,
    check_error_schemas,
    check_enums,
    check_additional_properties,
    check_x_sources,
    check_x_list_schema,
    check_x_list_params,
    check_x_list_fields,
    check_x_list_values,
    check_x_error_cases_schema,
    check_x_error_case_statuses,
    check_x_error_case_params,
)


def lint_spec(document: Mapping[str, Any], name: str) -> list[Violation]:
    """Every violation of the project's spec rules in one parsed spec document."""
    if not isinstance(document, Mapping):
        return [Violation(name, "yaml", "(document)", "the spec is not a YAML mapping")]
    index = SpecIndex(document)
    return [
        Violation(name, finding.rule, render_where(finding.where), finding.message)
        for check in RULE_CHECKS
        for finding in check(index)
    ]


def lint_file(path: Path) -> list[Violation]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        return [Violation(str(path), "yaml", "(document)", f"cannot read the spec: {error}")]
    return lint_spec(document, str(path))


def spec_files(targets: Sequence[str]) -> list[Path]:
    """The spec files named, or the *.yaml files (not dotfiles such as .spectral.yaml) in a folder."""
    found: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.yaml") if not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.spec_lint", description=__doc__.splitlines()[0])
    parser.add_argument(
        "targets", nargs="*", default=["specs"], help="spec files or folders (default: specs)"
    )
    arguments = parser.parse_args(argv)
    files = spec_files(arguments.targets)
    if not files:
        print(f"spec_lint: no spec files in {' '.join(arguments.targets)}", file=sys.stderr)
        return 1
    violations = [violation for path in files for violation in lint_file(path)]
    for violation in violations:
        print(violation)
    print(f"spec_lint: {len(files)} spec(s), {len(violations)} violation(s)", file=sys.stderr)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
