"""The four timestamp formats the documents use, formatting and parsing."""

from __future__ import annotations

from datetime import UTC, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc3339_millis(moment: datetime) -> str:
    """Huawei form, e.g. 2023-05-30T12:24:30.401Z."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def rfc3339_seconds(moment: datetime) -> str:
    """PAI-EAS form, e.g. 2021-01-29T11:13:20Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plain_datetime(moment: datetime) -> str:
    """HA3 form, e.g. 2024-05-21 16:05:26."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def gson_datetime(moment: datetime) -> str:
    """ZStack's Gson default (en_US DateFormat.DEFAULT), e.g. Oct 28, 2025 2:09:26 PM."""
    hour12 = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    month = _MONTHS[moment.month - 1]
    return f"{month} {moment.day}, {moment.year} {hour12}:{moment.minute:02d}:{moment.second:02d} {meridiem}"


def parse_any(text: str) -> datetime | None:
    """Parse any of the documents' timestamp forms (naive results are taken as UTC); None if none fits."""
    candidate = text.strip()
    if not candidate:
        return None
    for parser in (_parse_iso, _parse_gson, _parse_plain, _parse_epoch_millis):
        parsed = parser(candidate)
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _parse_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _parse_gson(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%b %d, %Y %I:%M:%S %p")
    except ValueError:
        return None


def _parse_plain(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _parse_epoch_millis(text: str) -> datetime | None:
    if not text.isdigit():
        return None
    return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
