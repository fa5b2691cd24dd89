"""Values taken from real items and from the document, for probes: pure and deterministic per seed."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from contract_tests.model.body import dig, text_value
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec


@dataclass(frozen=True)
class Probe:
    value: Any
    purpose: str


def wire_text(value: Any) -> str | None:
    """A scalar's query-string text; None for objects and arrays, which no single value can stand for."""
    return None if isinstance(value, dict | list) else text_value(value)


def field_values(items: Sequence[Any], field: str) -> list[str]:
    """Distinct scalar values of a field, most common first (ties by value, for determinism)."""
    counts = Counter(
        text for item in items if (text := wire_text(dig(item, field))) is not None and text != ""
    )
    return [value for value, _ in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


def proper_substring(value: str, rng: random.Random) -> str | None:
    if len(value) < 4:
        return None
    length = max(2, len(value) // 2)
    start = rng.randrange(1, len(value) - length) if len(value) - length > 1 else 1
    return value[start : start + length]


def documented_values(spec: ApiSpec, flt: ListFilter) -> list[str]:
    """Values the document enumerates for a filter: its enum (or the item field's), or both booleans."""
    schema = spec.parameter_schema(flt.param)
    if schema.get("enum"):
        return [str(v).lower() if isinstance(v, bool) else str(v) for v in schema["enum"]]
    if schema.get("type") == "boolean":
        return ["true", "false"]
    if flt.field:
        node = spec.item_field_schema(flt.field)
        for part in node.get("allOf", ()):
            node = {**spec.resolve(part), **node}
        if node.get("enum"):
            return [str(v) for v in node["enum"] if v not in (None, "")]
    return []


def schema_type(spec: ApiSpec, field: str) -> str:
    return str(spec.item_field_schema(field).get("type", ""))
