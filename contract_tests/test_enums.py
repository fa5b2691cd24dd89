"""Across a full walk, every enum-typed field of every item holds a documented value."""

from __future__ import annotations

import pytest

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.rules import enum_problems
from contract_tests.runner.failures import Verdict
from contract_tests.runner.steps import require_whole, usable_walk

pytestmark = pytest.mark.contract_family("enums")


@pytest.mark.contract_cases("api")
def test_every_enum_field_holds_a_documented_value(verdict: Verdict, api: ApiSpec) -> None:
    walk = usable_walk(verdict, need_items=1, whole=False)
    problems: list[str] = []
    for index, item in enumerate(walk.items):
        where = f"{api.semantics.items}[{index}]"
        problems += enum_problems(api.item_schema, item, api.resolve, where=where, limit=20 - len(problems))
        if len(problems) >= 20:
            break
    verdict.require(problems, "documented enum values", fact=api.fact(), responses=walk.pages[:1])
    require_whole(api, walk)  # the items read hold documented values; the rest could not be read
