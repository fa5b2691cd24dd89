"""Building blocks shared by the seeded data generators."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

# Overlapping stems so a fuzzy name filter matches several items, in mixed case so case rules show.
NAME_STEMS: tuple[str, ...] = (
    "llama-chat",
    "qwen-chat",
    "Llama-Embed",
    "deepseek-coder",
    "Qwen-VL",
    "bge-embed",
    "mistral-instruct",
    "GLM-chat",
)


def hex32(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def uuid36(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def alnum(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(length))


def spread(rng: random.Random, values: Sequence[T], count: int) -> list[T]:
    """`count` values in random order in which every one of `values` occurs at least once."""
    if count < len(values):
        raise ValueError(f"{count} items cannot hold all {len(values)} enum values")
    chosen = [values[position % len(values)] for position in range(count)]
    rng.shuffle(chosen)
    return chosen


def unique_names(
    rng: random.Random, count: int, stems: Sequence[str] = NAME_STEMS, sep: str = "-"
) -> list[str]:
    """Names like llama-chat-01, qwen-chat-01, Llama-Embed-02: unique, sharing stems."""
    per_stem: dict[str, int] = {}
    width = 2 if count <= 99 * len(stems) else 4
    names: list[str] = []
    for _ in range(count):
        stem = rng.choice(stems)
        per_stem[stem] = per_stem.get(stem, 0) + 1
        names.append(f"{stem.replace('-', sep)}{sep}{per_stem[stem]:0{width}d}")
    return names


def increasing_times(
    rng: random.Random, start: datetime, count: int, min_step_s: int, max_step_s: int, *, millis: bool = False
) -> Iterator[datetime]:
    """Strictly increasing moments: creation times that make sorting by time well defined."""
    moment = start
    for _ in range(count):
        moment = moment + timedelta(seconds=rng.randint(min_step_s, max_step_s))
        if millis:
            moment = moment.replace(microsecond=rng.randint(0, 999) * 1000)
        yield moment


def later(rng: random.Random, moment: datetime, max_days: int) -> datetime:
    """An update time at or after `moment`, same precision."""
    return moment + timedelta(seconds=rng.randint(0, max_days * 86400))
