"""Validate a JSON value against a schema node of a spec (OpenAPI 3.0 dialect), apart from any transport."""

from __future__ import annotations

import json
from typing import Any

from openapi_schema_validator import OAS30Validator

from contract_tests.specs import ApiSpec

_VALIDATORS: dict[tuple[str, str], OAS30Validator] = {}


def _validator(spec: ApiSpec, schema: dict[str, Any]) -> OAS30Validator:
    key = (spec.key, json.dumps(schema, sort_keys=True))
    if key not in _VALIDATORS:
        # Local `#/components/...` refs resolve against the root, so the root carries the components.
        root = {**schema, "components": spec.document.get("components", {})}
        _VALIDATORS[key] = OAS30Validator(root, format_checker=OAS30Validator.FORMAT_CHECKER)
    return _VALIDATORS[key]


def schema_problems(spec: ApiSpec, schema: dict[str, Any], value: Any, limit: int = 5) -> list[str]:
    problems = []
    errors = sorted(
        _validator(spec, schema).iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for error in errors[:limit]:
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        problems.append(f"{where}: {error.message[:300]}")
    return problems
