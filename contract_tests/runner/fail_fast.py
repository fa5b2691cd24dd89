"""FAIL_FAST=1: stop at the first failure (pytest's -x) and run the cheap, high-yield tests first.

The order is by check family (each test's `contract_family` marker), by catches per second in the
mutation catalogue: envelope and error-body tests send one request each, pagination and enum tests
share one walk; the schemathesis property tests cost about as much as all filter tests together but
catch the most classes (types, content types, server errors, auth); sorting and filter tests walk many
sorted or filtered lists. Within a family the collection order stays. Without FAIL_FAST the run is
untouched.
"""

from __future__ import annotations

import os

import pytest

from contract_tests.config.target import TargetError, parse_flag
from contract_tests.runner.markers import family_of

FAIL_FAST_ENV = "FAIL_FAST"
CHEAPEST_FIRST = ("envelope", "errors", "pagination", "enums", "property", "sorting", "filters")
# Last of all: the list model judges whole random answers, costs the most and overlaps every point test,
# and a point test names the broken rule more precisely.
MODEL_TEST = "test_random_documented_queries_agree_with_the_model"  # contract_tests/test_model_oracle.py
LAST = frozenset({MODEL_TEST})


def enabled() -> bool:
    """FAIL_FAST read by the one flag parser; a bad value is the run settings' configuration error."""
    try:
        return parse_flag(os.environ, FAIL_FAST_ENV)
    except TargetError:
        return False


def is_last(item: pytest.Item) -> bool:
    return getattr(item, "originalname", item.name) in LAST


def _rank(item: pytest.Item) -> tuple[bool, int]:
    family = family_of(item)
    return is_last(item), CHEAPEST_FIRST.index(family) if family in CHEAPEST_FIRST else len(CHEAPEST_FIRST)


def pytest_configure(config: pytest.Config) -> None:
    if enabled():
        config.option.maxfail = 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if enabled():
        items.sort(key=_rank)  # stable: collection order within a module
