"""label-map: one JSON object in one query parameter, `{"key": "value", ...}`, over a list of
key-value records in the item. Every key must be present with that value; a null or empty value
matches the key alone. The record's key and value field names come from the spec (`key-field`,
`value-field`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from contract_tests.kinds.base import PAIRS, MatchKind, fabricated_value, register
from contract_tests.model.body import dig
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.bounds import Bounds, keys_where
from contract_tests.oracles.samples import Probe


def _records(flt: ListFilter, item: Any) -> list[tuple[Any, Any]]:
    assert flt.field is not None
    records = dig(item, flt.field)
    key_field, value_field = flt.option("key-field"), flt.option("value-field")
    if not isinstance(records, list):
        return []
    return [(r.get(key_field), r.get(value_field)) for r in records if isinstance(r, dict)]


@register
class LabelMapKind(MatchKind):
    names = ("label-map",)
    selector = PAIRS
    combines_with_others = False

    def bounds(self, flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
        if not isinstance(value, dict):
            raise ValueError("a label-map filter value is a JSON object")

        def matches(item: Any) -> bool:
            pairs = _records(flt, item)
            return all(
                any(key == k and (v is None or v == "" or got == v) for key, got in pairs)
                for k, v in value.items()
            )

        keys = keys_where(items, id_field, matches)
        return Bounds(keys, keys)

    def probes(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
        pairs = sorted(
            {(key, value) for item in items for key, value in _records(flt, item) if key},
            key=lambda pair: (str(pair[0]), str(pair[1])),
        )
        if not pairs:
            return []
        key, value = rng.choice(pairs)
        return [
            Probe({key: value}, "key and value both match"),
            Probe({key: None}, "a null value matches the key alone"),
            Probe({key: ""}, "an empty value matches the key alone"),
        ]

    def unmatched(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> Any:
        return {fabricated_value(rng): fabricated_value(rng)}

    def wire(self, value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
