"""Sort order over a list: how timestamps, numbers and strings compare, and where an order breaks."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from contract_tests.model.body import dig, item_key, text_value
from contract_tests.oracles.bounds import number_value

_GSON = "%b %d, %Y %I:%M:%S %p"


# RFC 3339 §5.6 (T and Z in either case, any number of fraction digits), or a space for the T.
_RFC3339 = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True, order=True)
class Instant:
    """A point in time to the nanosecond: datetime keeps microseconds, `nanos` the digits beyond."""

    moment: datetime
    nanos: int = 0

    def __str__(self) -> str:
        return self.moment.isoformat() + (f" +{self.nanos}ns" if self.nanos else "")


def parse_datetime(value: Any) -> Instant | None:
    if not isinstance(value, str) or not value:
        return None
    return _parse_text(value)


@functools.lru_cache(maxsize=65536)
def _parse_text(value: str) -> Instant | None:
    """Parsed once per distinct text: a sorted walk compares each item's time many times."""
    text = value.strip()
    match = _RFC3339.match(text)
    if match:
        day, clock, fraction, zone = match.groups()
        digits = (fraction or "").ljust(9, "0")[:9]
        offset = "+00:00" if zone in (None, "Z", "z") else zone
        try:
            moment = datetime.fromisoformat(f"{day}T{clock}.{digits[:6]}{offset}")
        except ValueError:
            return None
        return Instant(moment.astimezone(UTC), int(digits[6:]))
    for attempt in (
        lambda: datetime.fromisoformat(text.replace("Z", "+00:00")),
        lambda: datetime.strptime(text, _GSON),
    ):
        try:
            moment = attempt()
        except ValueError:
            continue
        return Instant(moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC))
    return None


def sort_key(value: Any, compare: str) -> Any:
    if compare == "datetime":
        return parse_datetime(value)
    if compare == "number":
        return number_value(value)
    return text_value(value)


def order_problems(items: Sequence[Any], field: str, compare: str, order: str, id_field: str) -> list[str]:
    """Non-strict order over the items whose field is present and comparable (ties are allowed)."""
    keyed = [(sort_key(dig(item, field), compare), item) for item in items]
    keyed = [(key, item) for key, item in keyed if key is not None]
    for index in range(1, len(keyed)):
        previous, current = keyed[index - 1][0], keyed[index][0]
        if (order == "asc" and current < previous) or (order == "desc" and current > previous):
            return [
                f"not in {order} order of `{field}`: {item_key(keyed[index - 1][1], id_field)} "
                f"({previous}) comes before {item_key(keyed[index][1], id_field)} ({current})"
            ]
    return []
