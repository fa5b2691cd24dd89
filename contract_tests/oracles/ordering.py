"""Sort order over a list: how timestamps, numbers and strings compare, and where an order breaks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from contract_tests.model.body import dig, item_key, text_value
from contract_tests.oracles.bounds import number_value

_GSON = "%b %d, %Y %I:%M:%S %p"


def parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    for attempt in (
        lambda: datetime.fromisoformat(text.replace("Z", "+00:00")),
        lambda: datetime.strptime(text, "%Y-%m-%d %H:%M:%S"),
        lambda: datetime.strptime(text, _GSON),
    ):
        try:
            moment = attempt()
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
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
