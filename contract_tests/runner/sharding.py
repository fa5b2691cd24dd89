"""SHARD=k/n: split one run across n CI jobs by (API, check family), so a matrix can fan it out.

Every (API, family) group goes whole to one shard, so each shard still shares one full walk per API
among its tests; groups are dealt round-robin in a fixed order, so the split is the same on every
machine and the n shards together run every test exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(ValueError):
    """SHARD is not of the form k/n with 1 <= k <= n."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard | None:
        if not text.strip():
            return None
        found = _SHARD.match(text)
        if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
            raise ShardError(f"SHARD={text!r} must be k/n with 1 <= k <= n, e.g. SHARD=2/3")
        return cls(int(found.group(1)), int(found.group(2)))

    def owns(self, groups: Sequence[tuple[str, str]], group: tuple[str, str]) -> bool:
        ordered = sorted(set(groups))
        return ordered.index(group) % self.count == self.index - 1
