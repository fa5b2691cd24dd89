"""The x-list and x-error-cases extension language: one JSON Schema (x_extensions.schema.json),
checked when a spec is loaded, so a malformed extension is a one-line error, not a KeyError later.
docs/list-semantics.md explains the language; tools/spec_rules_extensions.py adds the cross-checks
a schema cannot state (the parameters and fields named exist)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).with_name("x_extensions.schema.json")
EXTENSIONS = {"x-list": "xList", "x-error-cases": "xErrorCases"}


@cache
def extensions_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def validator(extension: str) -> Draft202012Validator:
    return Draft202012Validator({**extensions_schema(), "$ref": f"#/$defs/{EXTENSIONS[extension]}"})


def extension_errors(extension: str, value: Any) -> list[tuple[tuple[str, ...], str]]:
    """(path inside the extension, message) of every schema error, in path order."""
    errors = [
        (tuple(str(segment) for segment in error.absolute_path), error.message)
        for error in validator(extension).iter_errors(value)
    ]
    return sorted(errors)


def first_extension_error(operation: dict[str, Any]) -> str | None:
    """The first schema error of the operation's extensions, as `x-list.filters.0.match: ...`."""
    for extension in EXTENSIONS:
        if extension in operation:
            errors = extension_errors(extension, operation[extension])
            if errors:
                where, message = errors[0]
                more = f" (and {len(errors) - 1} more; make lint lists them)" if len(errors) > 1 else ""
                return f"{'.'.join((extension, *where))}: {message}{more}"
    return None


def match_kinds() -> tuple[str, ...]:
    """The match kinds the language admits (the registry in contract_tests/kinds implements them)."""
    return tuple(extensions_schema()["$defs"]["filter"]["properties"]["match"]["enum"])
