"""The scheduler's shard routing (services/scheduler/shards.py)."""

from __future__ import annotations

import pytest

from services.scheduler.shards import fire_shards, shard_of


def test_one_shard_takes_everything() -> None:
    assert {shard_of(1, "village", f"k{i}") for i in range(100)} == {0}


def test_a_key_decides_before_a_dedupe_key_or_an_id() -> None:
    for i in range(200):
        key = f"v{i}"
        shard = shard_of(4, "village", key)
        assert shard_of(4, "village", key, f"dedupe-{i}", f"id-{i}") == shard
        assert shard_of(4, "village", "", f"d{i}", "x") == shard_of(4, "village", "", f"d{i}", "y")


def test_keys_spread_over_the_shards_and_owners_apart() -> None:
    counts = [0, 0, 0, 0]
    for i in range(4000):
        counts[shard_of(4, "village", f"key-{i}")] += 1
    assert min(counts) > 800, counts
    assert [shard_of(4, "village", f"k{i}") for i in range(50)] != [
        shard_of(4, "combat", f"k{i}") for i in range(50)]


def test_fire_shards_as_configured() -> None:
    assert fire_shards(3) == [0, 1, 2]
    assert fire_shards(3, "2,0") == [0, 2]
    with pytest.raises(SystemExit):
        fire_shards(3, "3")
