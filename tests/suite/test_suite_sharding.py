"""contract_tests.runner.sharding: SHARD=k/n splits (API, family) groups so n jobs run every test once."""

from __future__ import annotations

import pytest

from contract_tests.runner.sharding import Shard, ShardError

GROUPS = [(api, family) for api in ("a", "b", "c") for family in ("property", "filters", "sorting", "errors")]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 20])
def test_shards_partition_the_groups(count: int) -> None:
    owners = [[Shard(k, count).owns(GROUPS, g) for k in range(1, count + 1)] for g in GROUPS]
    assert all(sum(owned) == 1 for owned in owners)
    sizes = [sum(Shard(k, count).owns(GROUPS, g) for g in GROUPS) for k in range(1, count + 1)]
    assert max(sizes) - min(sizes) <= 1


def test_the_split_does_not_depend_on_collection_order() -> None:
    shard = Shard(2, 3)
    assert [shard.owns(GROUPS, g) for g in GROUPS] == [shard.owns(GROUPS[::-1], g) for g in GROUPS]


@pytest.mark.parametrize(("text", "expected"), [("", None), ("1/1", Shard(1, 1)), (" 2 / 3 ", Shard(2, 3))])
def test_parse(text: str, expected: Shard | None) -> None:
    assert Shard.parse(text) == expected


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0", "-1/2"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ShardError, match="must be k/n"):
        Shard.parse(text)
