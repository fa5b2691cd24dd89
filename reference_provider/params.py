"""Typed reads of query parameters; every malformed value raises ParamError."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from typing import Any

from werkzeug.datastructures import MultiDict

from .errors import ParamError

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")


def text(args: MultiDict[str, str], name: str) -> str | None:
    """A free-text parameter: its first non-empty value; an empty value counts as not sent."""
    return next((value for value in args.getlist(name) if value), None)


def typed_raw(args: MultiDict[str, str], name: str) -> str | None:
    """The raw value of a typed (integer, boolean, enum, JSON) parameter, None when not sent.

    An empty value is no integer, boolean or enum member, and a parameter sent twice with different
    values has no single meaning: both are rejected rather than guessed at.
    """
    values = args.getlist(name)
    if not values:
        return None
    if any(value == "" for value in values):
        raise ParamError(name, f"parameter {name} is empty", wrong_type=True)
    if len(set(values)) > 1:
        raise ParamError(
            name, f"parameter {name} is sent more than once with different values", wrong_type=True
        )
    return values[0]


def integer(args: MultiDict[str, str], name: str, default: int) -> int:
    """A 32-bit integer (the documents' int32/Integer); anything else is a type mismatch."""
    raw = typed_raw(args, name)
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise ParamError(name, f"parameter {name} must be an integer, got {raw!r}", wrong_type=True)
    value = int(raw)
    if not INT32_MIN <= value <= INT32_MAX:
        raise ParamError(name, f"parameter {name} is out of the 32-bit integer range", wrong_type=True)
    return value


def require_range(name: str, value: int, minimum: int | None = None, maximum: int | None = None) -> int:
    if minimum is not None and value < minimum:
        raise ParamError(name, f"parameter {name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ParamError(name, f"parameter {name} must be at most {maximum}, got {value}")
    return value


def clamp(value: int, minimum: int, maximum: int) -> int:
    return max(minimum, min(maximum, value))


def boolean(args: MultiDict[str, str], name: str) -> bool | None:
    """true/false in any case: the Alibaba SDK sends Python's True/False."""
    raw = typed_raw(args, name)
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered not in ("true", "false"):
        raise ParamError(name, f"parameter {name} must be true or false, got {raw!r}", wrong_type=True)
    return lowered == "true"


def enum(
    args: MultiDict[str, str], name: str, allowed: Collection[str], *, ignore_case: bool = False
) -> str | None:
    """One of the documented values (returned in its documented spelling), or None when not sent."""
    raw = typed_raw(args, name)
    if raw is None:
        return None
    for candidate in allowed:
        if raw == candidate or (ignore_case and raw.lower() == candidate.lower()):
            return candidate
    raise ParamError(name, f"parameter {name} must be one of {', '.join(allowed)}, got {raw!r}")


def json_string_map(args: MultiDict[str, str], name: str) -> dict[str, str | None] | None:
    """A JSON object of string (or null) values carried as the text of one parameter (PAI-EAS Label)."""
    raw = typed_raw(args, name)
    if raw is None:
        return None
    try:
        decoded: Any = json.loads(raw)
    except ValueError:
        raise ParamError(
            name, f"parameter {name} must be a JSON object, got {raw!r}", wrong_type=True
        ) from None
    if not isinstance(decoded, dict) or not all(
        value is None or isinstance(value, str) for value in decoded.values()
    ):
        raise ParamError(name, f"parameter {name} must be a JSON object of string values", wrong_type=True)
    return decoded
