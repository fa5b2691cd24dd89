"""ZStack `q` conditions: `<field><op><value>`, parsed the way ZStack's RestServer does, then evaluated.

Operator detection follows RestServer.handleQueryApi: the first operator of OPERATORS contained in
the condition wins and the text is split at its first occurrence; the field is trimmed, the value
is not. Conditions are ANDed by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from . import timefmt
from .filtering import Filter
from .records import MISSING, Record

FieldKind = Literal["string", "number", "boolean", "datetime"]

OPERATORS = ("!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<", "is null", "not null")
_LIST_OPERATORS = ("?=", "!?=")
_NULL_OPERATORS = ("is null", "not null")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


class QueryError(Exception):
    """A condition ZStack rejects with 400 (plain text)."""


class UnanswerableCondition(QueryError):
    """A well-formed condition on an unknown field, or with a value its field's type cannot hold.

    The spec calls every condition that contains an operator valid, so by default such a condition
    is answered (it matches nothing) rather than rejected; `strict=True` rejects it with 400.
    """


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str
    value: str


def parse_condition(condition: str) -> Condition:
    for operator in OPERATORS:
        position = condition.find(operator)
        if position < 0:
            continue
        field = condition[:position].strip()
        value = condition[position + len(operator) :]
        return Condition(field, operator, "" if operator in _NULL_OPERATORS else value)
    raise QueryError(
        f"Invalid query parameter. The '{condition}' in the parameter[q] doesn't contain any query "
        f"operator. Valid query operators are {list(OPERATORS)}"
    )


def compile_condition(
    condition: Condition, fields: Mapping[str, FieldKind], raw: str, *, strict: bool = False
) -> Filter:
    """A Filter for one condition; `fields` maps every queryable field (dot paths for nested) to its kind."""
    try:
        kind = fields.get(condition.field)
        if kind is None:
            raise UnanswerableCondition(
                f"Invalid query parameter[q]. The field[{condition.field}] in '{raw}' cannot be queried"
            )
        test = _predicate(condition, kind, _reader(condition.field, kind))
    except UnanswerableCondition:
        if strict:
            raise
        return Filter("q", "zstack-q", condition.field, raw, _matches_nothing)
    return Filter("q", "zstack-q", condition.field, raw, test)


def compile_query(
    conditions: list[str], fields: Mapping[str, FieldKind], *, strict: bool = False
) -> list[Filter]:
    return [compile_condition(parse_condition(text), fields, text, strict=strict) for text in conditions]


def _matches_nothing(record: Record) -> bool:
    return False


def like_pattern(pattern: str) -> re.Pattern[str]:
    """SQL LIKE: % is any run, _ any one character, backslash escapes the next character."""
    parts: list[str] = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def _reader(field: str, kind: FieldKind) -> Callable[[Record], list[Any]]:
    """Values of a field in a record: one for a top-level field, one per element for list.sub paths."""
    if "." not in field:

        def read_top(record: Record) -> list[Any]:
            if kind == "datetime" and field in record.keys:
                return [record.keys[field]]
            value = record.doc.get(field, MISSING)
            return [None if value is MISSING else _typed(value, kind)]

        return read_top
    head, sub = field.split(".", 1)

    def read_nested(record: Record) -> list[Any]:
        elements = record.doc.get(head) or []
        return [_typed(element.get(sub), kind) for element in elements if isinstance(element, Mapping)]

    return read_nested


def _typed(value: Any, kind: FieldKind) -> Any:
    if value is None or kind != "datetime":
        return value
    return timefmt.parse_any(str(value))


def _convert(text: str, kind: FieldKind, condition: Condition) -> Any:
    if kind == "string":
        return text
    if kind == "number":
        if not _NUMBER.fullmatch(text.strip()):
            raise UnanswerableCondition(
                f"Invalid query parameter[q]. The value[{text}] of field[{condition.field}] is not a number"
            )
        number = float(text)
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        if text.strip().lower() not in ("true", "false"):
            raise UnanswerableCondition(
                f"Invalid query parameter[q]. The value[{text}] of field[{condition.field}] is not a boolean"
            )
        return text.strip().lower() == "true"
    parsed = timefmt.parse_any(text)
    if parsed is None:
        raise UnanswerableCondition(
            f"Invalid query parameter[q]. The value[{text}] of field[{condition.field}] is not a date"
        )
    return parsed


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return timefmt.gson_datetime(value)
    return str(value)


def _predicate(
    condition: Condition, kind: FieldKind, read: Callable[[Record], list[Any]]
) -> Callable[[Record], bool]:
    operator = condition.operator
    if operator == "is null":

        def is_null(record: Record) -> bool:
            values = read(record)
            return not values or any(value is None for value in values)

        return is_null
    if operator == "not null":
        return lambda record: any(value is not None for value in read(record))
    if operator in ("~=", "!~="):
        pattern = like_pattern(condition.value)
        wanted = operator == "~="

        def like(record: Record) -> bool:
            return any(
                value is not None and (pattern.fullmatch(_as_text(value)) is not None) == wanted
                for value in read(record)
            )

        return like
    if operator in _LIST_OPERATORS:
        members = {_convert(part, kind, condition) for part in condition.value.split(",")}
        inside = operator == "?="
        return lambda record: any(
            value is not None and (value in members) == inside for value in read(record)
        )
    target = _convert(condition.value, kind, condition)
    compare = _COMPARATORS[operator]
    return lambda record: any(value is not None and compare(value, target) for value in read(record))


_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda left, right: left == right,
    "!=": lambda left, right: left != right,
    ">": lambda left, right: left > right,
    "<": lambda left, right: left < right,
    ">=": lambda left, right: left >= right,
    "<=": lambda left, right: left <= right,
}
