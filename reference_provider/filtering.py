"""Filters: one named predicate per query parameter, built from its match kind.

A Filter keeps its param, kind, field and value so a variant can rebuild it with another kind
(fuzzy-as-exact), negate it or drop it, without knowing the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .records import MISSING, Record, get_path

MatchKind = Literal["exact", "exact-any", "substring-ci", "hidden-exact", "label-map", "zstack-q"]
RecordTest = Callable[[Record], bool]


@dataclass(frozen=True)
class Filter:
    param: str
    kind: MatchKind
    field: str | None  # dot path in the item; the hidden key for hidden-exact; None for zstack-q
    value: Any
    test: RecordTest


def exact(param: str, field: str, value: Any) -> Filter:
    if "." not in field:
        return Filter(param, "exact", field, value, lambda record: record.doc.get(field, MISSING) == value)
    return Filter(param, "exact", field, value, lambda record: get_path(record.doc, field) == value)


def exact_any(param: str, fields: tuple[str, ...], value: Any) -> Filter:
    """Equal to any one of several top-level fields (PAI-EAS ResourceName: a resource group name or ID)."""

    def test(record: Record) -> bool:
        return any(record.doc.get(field, MISSING) == value for field in fields)

    return Filter(param, "exact-any", ",".join(fields), value, test)


def substring_ci(param: str, field: str, value: str) -> Filter:
    needle = value.lower()

    def test(record: Record) -> bool:
        found = get_path(record.doc, field)
        return isinstance(found, str) and needle in found.lower()

    return Filter(param, "substring-ci", field, value, test)


def hidden_exact(param: str, key: str, value: Any) -> Filter:
    """Matches an attribute the rendered item does not carry (documented filter, opaque to clients)."""
    return Filter(param, "hidden-exact", key, value, lambda record: record.hidden.get(key, MISSING) == value)


def label_map(param: str, field: str, wanted: Mapping[str, str | None]) -> Filter:
    """PAI-EAS Label: every key present among Labels[].LabelKey, value equal unless it is null or ""."""
    required = dict(wanted)

    def test(record: Record) -> bool:
        labels = record.doc.get(field) or []
        present = {label.get("LabelKey"): label.get("LabelValue") for label in labels}
        for key, value in required.items():
            if key not in present:
                return False
            if value not in (None, "") and present[key] != value:
                return False
        return True

    return Filter(param, "label-map", field, required, test)


def rebuild(original: Filter, kind: MatchKind) -> Filter:
    """The same parameter and value matched with another kind (for fault variants)."""
    if original.field is None or original.kind == "exact-any":
        raise ValueError(f"filter {original.param} has no single field to rebuild on")
    builders: dict[str, Callable[[str, str, Any], Filter]] = {
        "exact": exact,
        "substring-ci": substring_ci,
        "hidden-exact": hidden_exact,
        "label-map": label_map,
    }
    return builders[kind](original.param, original.field, original.value)


def apply_filters(records: Iterable[Record], filters: list[Filter]) -> list[Record]:
    if not filters:
        return list(records)
    tests = [item.test for item in filters]
    return [record for record in records if all(test(record) for test in tests)]
