"""FAIL_FAST=1: -x semantics and the cheapest, highest-yield check families first; off, nothing changes."""

from __future__ import annotations

import types
from typing import Any

import pytest

from contract_tests.runner import fail_fast


class _Item:
    """A collected test as FAIL_FAST sees it: its name and its family marker."""

    def __init__(self, family: str, name: str) -> None:
        self.marker = types.SimpleNamespace(name="contract_family", args=(family,), kwargs={})
        self.name = name

    def get_closest_marker(self, name: str) -> Any:
        return self.marker if name == self.marker.name else None


def _items() -> list[Any]:
    return [
        _Item("property", "p1"),
        _Item("filters", "f1"),
        _Item("envelope", "e1"),
        _Item("filters", "f2"),
        _Item("errors", "r1"),
    ]


def test_fail_fast_orders_cheap_families_first_and_keeps_order_within_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FAIL_FAST", "1")
    items = _items()
    config: Any = types.SimpleNamespace(option=types.SimpleNamespace(maxfail=0))
    fail_fast.pytest_configure(config)
    fail_fast.pytest_collection_modifyitems(config, items)
    assert config.option.maxfail == 1
    assert [item.name for item in items] == ["e1", "r1", "p1", "f1", "f2"]


def test_without_fail_fast_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAIL_FAST", raising=False)
    items = _items()
    config: Any = types.SimpleNamespace(option=types.SimpleNamespace(maxfail=0))
    fail_fast.pytest_configure(config)
    fail_fast.pytest_collection_modifyitems(config, items)
    assert config.option.maxfail == 0
    assert [item.name for item in items] == ["p1", "f1", "e1", "f2", "r1"]


def test_the_list_model_runs_after_every_point_test() -> None:
    from types import SimpleNamespace

    import pytest as _pytest

    from contract_tests.runner import fail_fast

    def item(name: str, family: str) -> SimpleNamespace:
        mark = _pytest.mark.contract_family(family).mark
        return SimpleNamespace(
            name=name, originalname=name, get_closest_marker=lambda n, m=mark: m if n == m.name else None
        )

    model = item("test_random_documented_queries_agree_with_the_model", "pagination")
    items = [model, item("test_walk", "pagination"), item("test_filter", "filters")]
    items.sort(key=fail_fast._rank)  # type: ignore[arg-type]
    assert [i.name for i in items] == ["test_walk", "test_filter", model.name]
