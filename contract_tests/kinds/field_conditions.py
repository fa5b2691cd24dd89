"""field-conditions: a repeatable parameter, each value one `<field><operator><value>` condition,
all conditions ANDed. The spec declares the queryable `fields`, the `operators` in the order a
server detects them (the first one contained in the condition wins) and the suffix `null-checks`.

What each operator means is this kind's grammar, SQL-like:
  = != (equality)  ?= !?= (in a comma list)  ~= !~= (LIKE with % and _)  > < >= <= (numeric)
  `<field> is null`, `<field> not null`.
SQL string comparison may ignore case (collation) and drops NULLs on negation; the bounds widen
both ways where the document is silent on that.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from contract_tests.kinds.base import (
    CONDITIONS,
    Combination,
    KindError,
    MatchKind,
    fabricated_value,
    register,
)
from contract_tests.model.body import MISSING, text_value
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.bounds import Bounds, ItemColumns, number_value
from contract_tests.oracles.samples import field_values, proper_substring, schema_type

COMPARISONS = (">", "<", ">=", "<=")
EQUALITY = ("=", "!=")
MEMBERSHIP = ("?=", "!?=")
LIKE = ("~=", "!~=")
NULL_CHECKS = ("is null", "not null")
KNOWN = frozenset((*COMPARISONS, *EQUALITY, *MEMBERSHIP, *LIKE, *NULL_CHECKS))
# Operators whose conditions, combined, the AND probe tries first: they split real data most often.
COMBINED_OPERATORS = ("~=", ">=", "=", "<")


def declared_operators(flt: ListFilter) -> tuple[str, ...]:
    infix = tuple(flt.option("operators", ()))
    suffix = tuple(flt.option("null-checks", ()))
    unknown = [op for op in (*infix, *suffix) if op not in KNOWN]
    if unknown:
        raise KindError(f"filter {flt.param!r}: field-conditions has no operator {unknown[0]!r}")
    return (*infix, *suffix)


def parse_condition(flt: ListFilter, condition: str) -> tuple[str, str, str]:
    """(field, operator, value), split the way the spec's operator order says a server splits it."""
    for operator in flt.option("operators", ()):
        if operator in condition:
            field, _, value = condition.partition(operator)
            return field.strip(), operator, value
    for check in flt.option("null-checks", ()):
        if condition.rstrip().endswith(" " + check):
            return condition.rstrip()[: -len(check)].strip(), check, ""
    raise ValueError(f"{flt.param} condition {condition!r} has no operator")


def conditions_bounds(
    flt: ListFilter,
    conditions: Sequence[str],
    items: Sequence[Any],
    id_field: str,
    columns: ItemColumns | None = None,
) -> Bounds:
    """`columns`: the same items already read, when the caller weighs many conditions over them."""
    columns = columns if columns is not None else ItemColumns(items, id_field)
    must = may = frozenset(columns.ids)
    for condition in conditions:
        bounds = _condition_bounds(parse_condition(flt, condition), columns)
        must, may = must & bounds.must, may & bounds.may
    return Bounds(must, may)


def _short_answer(spec: ApiSpec) -> int:
    """The most items a filtered answer may hold and still be read in a few pages."""
    return 3 * (spec.semantics.pagination.promised_max_size or 100)


def _is_null(x: Any) -> bool:
    return x is MISSING or x is None


def _condition_bounds(parsed: tuple[str, str, str], columns: ItemColumns) -> Bounds:
    field, op, raw = parsed
    ids, values = columns.ids, columns.values(field)

    def keys(predicate: Callable[[Any], bool]) -> frozenset[str]:
        return frozenset(key for key, value in zip(ids, values, strict=True) if predicate(value))

    if op == "is null":
        return Bounds(keys(_is_null), keys(_is_null))
    if op == "not null":
        return Bounds(keys(lambda x: not _is_null(x)), keys(lambda x: not _is_null(x)))
    if op in COMPARISONS:
        limit = number_value(raw)
        compare = {">": float.__gt__, "<": float.__lt__, ">=": float.__ge__, "<=": float.__le__}[op]

        def ordered(x: Any) -> bool:
            number = number_value(x)
            return number is not None and limit is not None and compare(number, limit)

        exact = keys(ordered)
        return Bounds(exact, exact)
    cs, ci = _membership(op, raw)
    if op.startswith("!"):
        return Bounds(keys(lambda x: not _is_null(x) and not ci(x)), keys(lambda x: _is_null(x) or not cs(x)))
    return Bounds(keys(lambda x: not _is_null(x) and cs(x)), keys(lambda x: not _is_null(x) and ci(x)))


def _like(pattern: str, flags: int) -> re.Pattern[str]:
    parts = (".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), flags | re.DOTALL)


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


def _candidates(
    spec: ApiSpec, flt: ListFilter, operator: str, items: Sequence[Any], rng: random.Random
) -> list[str]:
    fields = list(flt.queryable_fields)
    strings = [f for f in fields if schema_type(spec, f) == "string"]
    numbers = [f for f in fields if schema_type(spec, f) in ("integer", "number")]
    if operator in EQUALITY:
        return [f"{f}{operator}{v}" for f in strings for v in field_values(items, f)[:3]]
    candidates: list[str] = []
    if operator in COMPARISONS:
        for f in numbers:
            values = sorted({float(v) for v in field_values(items, f)})
            if len(values) >= 2:
                middle = values[len(values) // 2]
                candidates.append(f"{f}{operator}{int(middle) if middle.is_integer() else middle}")
    elif operator in MEMBERSHIP:
        for f in strings:
            values = field_values(items, f)
            if len(values) >= 2:
                chosen = rng.sample(values[: min(len(values), 20)], 2)
                if all("," not in v for v in chosen):
                    candidates.append(f"{f}{operator}{','.join(chosen)}")
    elif operator in LIKE:
        for f in strings:
            for v in field_values(items, f)[:3]:
                fragment = proper_substring(v, rng)
                if fragment and "%" not in fragment and "_" not in fragment:
                    candidates.append(f"{f}{operator}%{fragment}%")
    else:
        candidates = [f"{f} {operator}" for f in fields]
    return candidates


@register
class FieldConditionsKind(MatchKind):
    names = ("field-conditions",)
    selector = CONDITIONS
    combines_with_others = False

    def verifiable(self, flt: ListFilter) -> bool:
        return bool(flt.queryable_fields)

    def bounds(self, flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
        conditions = value if isinstance(value, list) else [value]
        return conditions_bounds(flt, conditions, items, id_field)

    def operators(self, flt: ListFilter) -> tuple[str, ...]:
        return declared_operators(flt)

    def condition(
        self, spec: ApiSpec, flt: ListFilter, operator: str, items: Sequence[Any], rng: random.Random
    ) -> str | None:
        """A condition for one operator from real values, preferring one that splits the items."""
        candidates = _candidates(spec, flt, operator, items, rng)
        id_field, total = spec.semantics.item_id, len(items)
        columns = ItemColumns(items, id_field)
        weighed = {c: conditions_bounds(flt, [c], items, id_field, columns) for c in candidates}
        splitting = [c for c in candidates if 0 < len(weighed[c].must) < total]
        # On a big list, a condition whose answer fits a few pages proves as much in far fewer requests.
        short = [c for c in splitting if len(weighed[c].may) <= _short_answer(spec)]
        pool = short or splitting or candidates
        return rng.choice(pool) if pool else None

    def unmatched(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> Any:
        """An equality condition on a string field with a value no item carries."""
        if "=" not in self.operators(flt):
            return None
        strings = [f for f in flt.queryable_fields if schema_type(spec, f) == "string"]
        return f"{strings[0]}={fabricated_value(rng)}" if strings else None

    def combined(
        self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random
    ) -> Combination | None:
        id_field = spec.semantics.item_id
        declared = set(self.operators(flt))
        options = [
            c
            for op in COMBINED_OPERATORS
            if op in declared and (c := self.condition(spec, flt, op, items, rng))
        ]
        columns = ItemColumns(items, id_field)  # every candidate is weighed over the same items
        for first in options:
            for second in options:
                if first >= second:
                    continue
                a = conditions_bounds(flt, [first], items, id_field, columns)
                b = conditions_bounds(flt, [second], items, id_field, columns)
                if (a.must | b.must) != (a.must & b.must):
                    both = conditions_bounds(flt, [first, second], items, id_field, columns)
                    return [(flt.param, first), (flt.param, second)], both
        return None
