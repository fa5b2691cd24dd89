"""Bounds over item keys: a conformant filtered result R satisfies must ⊆ R ⊆ may.

Where a document leaves something open (case sensitivity, SQL NULL handling), a match kind widens the
bounds so that either reasonable choice passes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from contract_tests.model.body import MISSING, dig, item_key


@dataclass(frozen=True)
class Bounds:
    must: frozenset[str]
    may: frozenset[str]

    def problems(self, got: Iterable[str], describe: Callable[[str], str]) -> list[str]:
        got = frozenset(got)
        problems = []
        missing = sorted(self.must - got)
        extra = sorted(got - self.may)
        if missing:
            problems.append(
                f"{len(missing)} matching item(s) missing from the result, e.g. {describe(missing[0])}"
            )
        if extra:
            problems.append(
                f"{len(extra)} item(s) that do not match were returned, e.g. {describe(extra[0])}"
            )
        return problems


def number_value(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value is MISSING:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def keys_where(items: Sequence[Any], id_field: str, predicate: Callable[[Any], bool]) -> frozenset[str]:
    return frozenset(item_key(item, id_field) for item in items if predicate(item))


class ItemColumns:
    """The items' keys and, per field, their values, each read once: a caller that weighs many
    candidate conditions over the same items shares one of these instead of re-reading every item."""

    def __init__(self, items: Sequence[Any], id_field: str) -> None:
        self.items = items
        self.ids = [item_key(item, id_field) for item in items]
        self._values: dict[str, list[Any]] = {}

    def values(self, field: str) -> list[Any]:
        if field not in self._values:
            self._values[field] = [dig(item, field) for item in self.items]
        return self._values[field]
