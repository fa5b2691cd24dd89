"""Validate a JSON value against a schema node of a spec (OpenAPI 3.0 dialect), apart from any transport."""

from __future__ import annotations

import json
from typing import Any

from openapi_schema_validator import OAS30Validator

from contract_tests.model.specs import ApiSpec

_VALIDATORS: dict[tuple[str, str], OAS30Validator] = {}
# The spec's schema nodes are loaded once per run, so most lookups hit by identity; holding the node
# keeps its id from being reused. Bounded, in case a caller passes a fresh dict each time.
_BY_NODE: dict[tuple[str, int], tuple[dict[str, Any], OAS30Validator]] = {}
_BY_NODE_LIMIT = 4096


def _validator(spec: ApiSpec, schema: dict[str, Any]) -> OAS30Validator:
    """One compiled validator per distinct schema of a spec, found without re-serializing the schema."""
    node = _BY_NODE.get((spec.key, id(schema)))
    if node is not None and node[0] is schema:
        return node[1]
    key = (spec.key, json.dumps(schema, sort_keys=True))
    if key not in _VALIDATORS:
        # Local `#/components/...` refs resolve against the root, so the root carries the components.
        root = {**schema, "components": spec.document.get("components", {})}
        _VALIDATORS[key] = OAS30Validator(root, format_checker=OAS30Validator.FORMAT_CHECKER)
    if len(_BY_NODE) >= _BY_NODE_LIMIT:
        _BY_NODE.clear()
    _BY_NODE[(spec.key, id(schema))] = (schema, _VALIDATORS[key])
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
