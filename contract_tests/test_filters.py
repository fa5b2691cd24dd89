"""Filters, read from each spec's x-list.filters: every filtered result is checked against the full walk."""

from __future__ import annotations

import json
from typing import Any

import pytest

from contract_tests.kinds import CONDITIONS, PAIRS, VALUES, kind_of
from contract_tests.model.body import dig, item_key
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.bounds import Bounds
from contract_tests.oracles.filters import filter_bounds
from contract_tests.oracles.probes import combined_probe
from contract_tests.oracles.samples import documented_values, wire_text
from contract_tests.oracles.walk import Walk
from contract_tests.runner.failures import Verdict, cannot_support
from contract_tests.runner.run import RunContext
from contract_tests.runner.selection import FilterCase, OperatorCase
from contract_tests.runner.steps import known_total, model_walk, not_proven, usable_walk

pytestmark = pytest.mark.contract_family("filters")


def _check_filtered(
    run: RunContext, spec: ApiSpec, params: list[tuple[str, Any]], bounds: Bounds, purpose: str
) -> tuple[list[str], Walk]:
    result = model_walk(run, spec, params)
    shown = ", ".join(
        f"{name}={value if not isinstance(value, dict) else json.dumps(value)}" for name, value in params
    )
    failed = result.failed_page
    if failed is not None:
        return [f"{shown} ({purpose}): answered HTTP {failed.status}"], result
    got = [item_key(item, spec.semantics.item_id) for item in result.items]
    walk = run.full_walk(spec.key)
    by_key = {item_key(item, spec.semantics.item_id): item for item in [*walk.items, *result.items]}

    def describe(key: str) -> str:
        return key if spec.semantics.item_id else json.dumps(by_key.get(key))[:120]

    problems = [f"{shown} ({purpose}): {p}" for p in bounds.problems(got, describe)]
    return problems, result


@pytest.mark.contract_cases(VALUES)
def test_filter_returns_exactly_the_matching_items(
    run: RunContext, verdict: Verdict, case: FilterCase
) -> None:
    spec, flt = case.spec, case.filter
    walk = usable_walk(verdict, need_items=1 if flt.field else 0)
    kind = kind_of(flt)
    probes = kind.probes(spec, flt, walk.items, run.rng(spec.key, flt.param))
    if not probes:
        cannot_support(
            f"no item carries a value for `{flt.field}` and the document lists no values for {flt.param}"
        )
    problems: list[str] = []
    pages = []
    everything = frozenset(item_key(item, spec.semantics.item_id) for item in walk.items)
    narrows = widens = False  # some probe excludes an item / some probe must return one
    for probe in probes:
        bounds = filter_bounds(flt, walk.items, spec.semantics.item_id, probe.value)
        narrows |= bounds.may != everything
        widens |= bool(bounds.must)
        found, result = _check_filtered(run, spec, [(flt.param, probe.value)], bounds, probe.purpose)
        problems += found
        pages += result.pages[:1] if found else []
    rule = f"filter `{flt.param}` ({flt.match}{' on ' + flt.field if flt.field else ''})"
    verdict.require(problems, rule, fact=spec.fact(flt.param), responses=pages)
    if kind.verifiable(flt) and not (narrows and widens):
        reason = "every item matches every value sent" if not narrows else "no item must match any value sent"
        not_proven(f"`{flt.param}` on these items: {reason}, so an ignored filter would pass too")


@pytest.mark.contract_cases("combinable_api")
def test_two_filters_combine_as_and(run: RunContext, verdict: Verdict, api: ApiSpec) -> None:
    spec = api
    walk = usable_walk(verdict, need_items=2)
    chosen = combined_probe(spec, walk.items, run.rng(spec.key, "and"))
    if chosen is None:
        cannot_support("no two filter values taken from real items select different item sets")
    params, bounds = chosen
    problems, result = _check_filtered(run, spec, params, bounds, "both conditions must hold")
    verdict.require(
        problems,
        "filters combine as AND",
        fact=spec.fact(*{p for p, _ in params}),
        responses=result.pages[:1],
    )


@pytest.mark.contract_cases(PAIRS)
def test_label_filter_matches_key_and_value(run: RunContext, verdict: Verdict, case: FilterCase) -> None:
    """A key-value filter: every key must be present, with the value when one is given."""
    spec, flt = case.spec, case.filter
    kind = kind_of(flt)
    walk = usable_walk(verdict, need_items=1)
    probes = kind.probes(spec, flt, walk.items, run.rng(spec.key, flt.param))
    if not probes:
        cannot_support(f"no item carries a key-value record in `{flt.field}`")
    problems: list[str] = []
    pages = []
    for probe in probes:
        bounds = filter_bounds(flt, walk.items, spec.semantics.item_id, probe.value)
        found, result = _check_filtered(
            run, spec, [(flt.param, kind.wire(probe.value))], bounds, probe.purpose
        )
        problems += found
        pages += result.pages[:1] if found else []
    verdict.require(
        problems,
        f"label filter `{flt.param}`",
        fact=spec.fact(flt.param),
        responses=pages,
    )


@pytest.mark.contract_cases(CONDITIONS)
def test_query_condition_operator(run: RunContext, verdict: Verdict, case: OperatorCase) -> None:
    """One condition per operator the spec declares, built from real values."""
    spec, flt, operator = case.spec, case.filter, case.operator
    kind = kind_of(flt)
    walk = usable_walk(verdict, need_items=2)
    condition = kind.condition(spec, flt, operator, walk.items, run.rng(spec.key, flt.param, operator))
    if condition is None:
        cannot_support(f"no queryable field has values that suit the `{operator}` operator")
    bounds = kind.bounds(flt, walk.items, spec.semantics.item_id, [condition])
    problems, result = _check_filtered(run, spec, [(flt.param, condition)], bounds, f"operator `{operator}`")
    verdict.require(
        problems,
        f"`{flt.param}` operator `{operator}`",
        fact=spec.fact(flt.param),
        responses=result.pages[:1],
    )


@pytest.mark.contract_cases("partition_filter")
def test_enum_filter_values_partition_the_list(run: RunContext, verdict: Verdict, case: FilterCase) -> None:
    """Metamorphic: an exact filter over every documented value of a field splits the list into disjoint
    parts that together hold every item carrying a documented value, and their totals add up."""
    spec, flt = case.spec, case.filter
    assert flt.field is not None
    field, id_field = flt.field, spec.semantics.item_id
    walk = usable_walk(verdict, need_items=1)
    values = [v for v in documented_values(spec, flt) if v not in flt.match_all]
    covered = {item_key(i, id_field) for i in walk.items if wire_text(dig(i, field)) in values}
    if not covered:
        cannot_support(f"no item carries a documented value in `{field}`")
    problems: list[str] = []
    owner: dict[str, str] = {}
    total_sum = 0
    pages = []
    for value in values:
        part = model_walk(run, spec, [(flt.param, value)])
        if part.failed_page is not None:
            problems.append(f"{flt.param}={value} answered HTTP {part.failed_page.status}")
            pages += part.pages[:1]
            continue
        for key in (item_key(item, id_field) for item in part.items):
            if owner.setdefault(key, value) != value:
                problems.append(f"item {key} is listed for {flt.param}={owner[key]} and for {value}")
        total = known_total(part)
        total_sum += total
        if spec.semantics.total and total != len(part.items):
            problems.append(f"{flt.param}={value}: total {total}, the walk lists {len(part.items)}")
            pages += part.pages[:1]
    missing = sorted(covered - set(owner))
    if missing:
        problems.append(
            f"{len(missing)} item(s) with a documented `{field}` under no value, e.g. {missing[0]}"
        )
    every = {item_key(i, id_field) for i in walk.items}
    if spec.semantics.total and covered == every and total_sum != known_total(walk):
        problems.append(
            f"the parts' totals add up to {total_sum}, the unfiltered total is {known_total(walk)}"
        )
    verdict.require(
        problems,
        f"`{flt.param}` values partition the list",
        fact=spec.fact(flt.param),
        responses=pages[:2],
    )
