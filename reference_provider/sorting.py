"""Orderings: a stable sort of records by one field, ascending or descending."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import timefmt
from .records import MISSING, Record, get_path

SortKey = Callable[[Record], Any]


@dataclass(frozen=True)
class Ordering:
    field: str
    descending: bool
    key: SortKey


def by_field(field: str, descending: bool, compare: str = "auto") -> Ordering:
    """Order by an item field. Absent values sort first ascending (as SQL NULLs do), last descending."""
    convert: Callable[[Any], Any] = _as_datetime if compare == "datetime" else _identity

    def key(record: Record) -> Any:
        if field in record.keys:
            return (1, record.keys[field])
        value = get_path(record.doc, field)
        if value is MISSING or value is None:
            return (0, 0)
        return (1, convert(value))

    return Ordering(field, descending, key)


def order_records(records: Sequence[Record], ordering: Ordering) -> list[Record]:
    # Python's sort is stable in both directions, so ties keep creation order and pages never overlap.
    return sorted(records, key=ordering.key, reverse=ordering.descending)


def _identity(value: Any) -> Any:
    return value


def _as_datetime(value: Any) -> Any:
    parsed = timefmt.parse_any(str(value))
    return parsed if parsed is not None else datetime.min.replace(tzinfo=UTC)
