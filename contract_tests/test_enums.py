"""Across a full walk, every enum-typed field of every item holds a documented value."""

from __future__ import annotations

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.rules import enum_problems
from contract_tests.runner.failures import require
from contract_tests.runner.run import RunContext
from contract_tests.runner.steps import usable_walk


def test_every_enum_field_holds_a_documented_value(run: RunContext, api: ApiSpec) -> None:
    walk = usable_walk(run, api, family="enums", need_items=1)
    problems: list[str] = []
    for index, item in enumerate(walk.items):
        where = f"{api.semantics.items}[{index}]"
        problems += enum_problems(api.item_schema, item, api.resolve, where=where, limit=20 - len(problems))
        if len(problems) >= 20:
            break
    require(
        problems,
        api,
        "enums",
        "documented enum values",
        fact=api.fact(),
        seed=run.seed,
        responses=walk.pages[:1],
    )
