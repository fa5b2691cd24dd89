"""What a filtered or sorted list must contain, computed locally from the full unfiltered walk.

Each filter rule yields bounds (must, may) over item keys: a conformant result R satisfies
must ⊆ R ⊆ may. Where a document leaves something open (case sensitivity, SQL NULL handling),
the bounds widen so that either reasonable choice passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from contract_tests.model.body import MISSING, dig, item_key
from contract_tests.model.semantics import ListFilter

LABEL_KEY, LABEL_VALUE = "LabelKey", "LabelValue"
# Operator detection order of ZStack's RestServer: the first one contained in the condition wins.
ZSTACK_OPERATORS = ("!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<")
ZSTACK_NULL_CHECKS = ("is null", "not null")


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


def text_value(value: Any) -> str | None:
    if value is MISSING or value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _keys(items: Sequence[Any], id_field: str, predicate: Callable[[Any], bool]) -> frozenset[str]:
    return frozenset(item_key(item, id_field) for item in items if predicate(item))


def filter_bounds(flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
    """Bounds for one filter parameter sent with `value` (as its wire string, or a dict for label maps)."""
    everything = _keys(items, id_field, lambda _: True)
    if flt.match == "opaque" or (isinstance(value, str) and value in flt.match_all):
        return Bounds(frozenset() if flt.match == "opaque" else everything, everything)
    if flt.match == "label-map":
        return _label_bounds(flt, items, id_field, value)
    if flt.match == "zstack-q":
        conditions = value if isinstance(value, list) else [value]
        return zstack_bounds(conditions, items, id_field)
    assert flt.field is not None
    wanted = str(value)

    def fieldtext_value(item: Any) -> str | None:
        return text_value(dig(item, flt.field))  # type: ignore[arg-type]

    def equal(item: Any) -> bool:
        return fieldtext_value(item) == wanted

    def contains(item: Any) -> bool:
        return wanted in (fieldtext_value(item) or "")

    def contains_ci(item: Any) -> bool:
        return wanted.lower() in (fieldtext_value(item) or "").lower()

    if flt.match == "exact":
        exact = _keys(items, id_field, equal)
        return Bounds(exact, exact)
    if flt.match == "substring":
        return Bounds(_keys(items, id_field, contains), _keys(items, id_field, contains_ci))
    if flt.match == "substring-ci":
        ci = _keys(items, id_field, contains_ci)
        return Bounds(ci, ci)
    if flt.match == "exact-or-substring":
        return Bounds(_keys(items, id_field, equal), _keys(items, id_field, contains_ci))
    raise ValueError(f"unknown match kind {flt.match}")


def _label_bounds(flt: ListFilter, items: Sequence[Any], id_field: str, wanted: Any) -> Bounds:
    if not isinstance(wanted, dict):
        raise ValueError("a label-map filter value is a JSON object")

    def matches(item: Any) -> bool:
        labels = dig(item, flt.field or "Labels")
        if not isinstance(labels, list):
            return False
        pairs = [(lab.get(LABEL_KEY), lab.get(LABEL_VALUE)) for lab in labels if isinstance(lab, dict)]
        return all(
            any(key == k and (v is None or v == "" or value == v) for key, value in pairs)
            for k, v in wanted.items()
        )

    keys = _keys(items, id_field, matches)
    return Bounds(keys, keys)


def parse_zstack_condition(condition: str) -> tuple[str, str, str]:
    """(field, operator, value) the way ZStack's RestServer splits a `q` condition."""
    for operator in ZSTACK_OPERATORS:
        if operator in condition:
            field, _, value = condition.partition(operator)
            return field.strip(), operator, value
    for check in ZSTACK_NULL_CHECKS:
        if condition.rstrip().endswith(" " + check):
            return condition.rstrip()[: -len(check)].strip(), check, ""
    raise ValueError(f"q condition {condition!r} has no operator")


def _like(pattern: str, flags: int) -> re.Pattern[str]:
    parts = (".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), flags | re.DOTALL)


def number_value(value: Any) -> float | None:
    if isinstance(value, bool) or value is None or value is MISSING:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


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


def zstack_bounds(
    conditions: Sequence[str], items: Sequence[Any], id_field: str, columns: ItemColumns | None = None
) -> Bounds:
    """`columns`: the same items already read, when the caller weighs many conditions over them."""
    columns = columns if columns is not None else ItemColumns(items, id_field)
    must = may = frozenset(columns.ids)
    for condition in conditions:
        bounds = _zstack_condition_bounds(condition, columns)
        must, may = must & bounds.must, may & bounds.may
    return Bounds(must, may)


def _zstack_condition_bounds(condition: str, columns: ItemColumns) -> Bounds:
    field, op, raw = parse_zstack_condition(condition)
    ids, values = columns.ids, columns.values(field)

    def keys(predicate: Callable[[Any], bool]) -> frozenset[str]:
        return frozenset(key for key, value in zip(ids, values, strict=True) if predicate(value))

    def is_null(x: Any) -> bool:
        return x is MISSING or x is None

    if op == "is null":
        return Bounds(keys(is_null), keys(is_null))
    if op == "not null":
        return Bounds(keys(lambda x: not is_null(x)), keys(lambda x: not is_null(x)))
    if op in (">", "<", ">=", "<="):
        limit = number_value(raw)
        compare = {">": float.__gt__, "<": float.__lt__, ">=": float.__ge__, "<=": float.__le__}[op]

        def ordered(x: Any) -> bool:
            number = number_value(x)
            return number is not None and limit is not None and compare(number, limit)

        exact = keys(ordered)
        return Bounds(exact, exact)
    # SQL string comparison may ignore case (collation) and drops NULLs on negation: widen both ways.
    cs, ci = _membership(op, raw)
    if op.startswith("!"):
        return Bounds(keys(lambda x: not is_null(x) and not ci(x)), keys(lambda x: is_null(x) or not cs(x)))
    return Bounds(keys(lambda x: not is_null(x) and cs(x)), keys(lambda x: not is_null(x) and ci(x)))


def _membership(op: str, raw: str) -> tuple[Callable[[Any], bool], Callable[[Any], bool]]:
    """(case-sensitive, case-insensitive) tests for =, ?=, ~= and their negations."""
    base = op.lstrip("!")
    if base == "~=":
        sensitive, insensitive = _like(raw, 0), _like(raw, re.IGNORECASE)
        return (lambda x: bool(sensitive.fullmatch(text_value(x) or ""))), (
            lambda x: bool(insensitive.fullmatch(text_value(x) or ""))
        )
    options = raw.split(",") if base == "?=" else [raw]
    numbers = [number_value(option) for option in options]

    numeric = None not in numbers

    def sensitive_match(x: Any) -> bool:
        if numeric and (number := number_value(x)) is not None:
            return number in numbers
        return text_value(x) in options

    lowered = {option.lower() for option in options}

    def insensitive_match(x: Any) -> bool:
        return sensitive_match(x) or (text_value(x) or "").lower() in lowered

    return sensitive_match, insensitive_match
