"""Sorting, read from each spec's x-list.sort: every field and order, and the documented default."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.model.body import dig, item_key
from contract_tests.model.semantics import SortField
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.ordering import order_problems, sort_key
from contract_tests.oracles.walk import Walk
from contract_tests.runner.failures import Verdict
from contract_tests.runner.run import RunContext
from contract_tests.runner.selection import SortCase
from contract_tests.runner.steps import model_walk, not_proven, runs_of_equal_keys, usable_walk

pytestmark = pytest.mark.contract_family("sorting")


def orderable_walk(verdict: Verdict, field: SortField) -> Walk:
    """The full walk, when it holds two distinct keys of `field` (else the order proves nothing)."""
    walk = usable_walk(verdict, need_items=2)
    distinct = {sort_key(dig(item, field.field), field.compare) for item in walk.items} - {None}
    if len(distinct) < 2:
        not_proven(f"fewer than two distinct `{field.field}` values to order")
    return walk


@pytest.mark.contract_cases("sort_case")
def test_sort_field_and_order_yield_ordered_output(run: RunContext, verdict: Verdict, case: SortCase) -> None:
    spec, field, order = case.spec, case.field, case.order
    sort = spec.semantics.sort
    assert sort is not None
    walk = orderable_walk(verdict, field)
    params = sort.params(field, order)  # type: ignore[arg-type]
    result = model_walk(run, spec, params)
    problems = []
    if result.failed_page is not None:
        problems.append(f"{params} answered HTTP {result.failed_page.status}")
    else:
        problems += order_problems(result.items, field.field, field.compare, order, spec.semantics.item_id)
        expected = {item_key(i, spec.semantics.item_id) for i in walk.items}
        got = {item_key(i, spec.semantics.item_id) for i in result.items}
        if got != expected:
            problems.append(f"sorting changed which items are listed ({len(got)} instead of {len(expected)})")
    verdict.require(
        problems,
        f"sort by {field.wire} {order}",
        fact=spec.fact(*params),
        responses=result.pages[:2],
    )
    lookalike = _indistinguishable_order(spec, walk.items, result.items, field, order)
    if lookalike:
        not_proven(f"sorted by {field.wire} {order}, but {lookalike} gives an order as valid on these items")


def _indistinguishable_order(
    spec: ApiSpec, default_items: list[Any], items: list[Any], field: SortField, order: str
) -> str | None:
    """Another answer that this data cannot tell from sorting by `field`: another documented sort
    field in the same order, or the unsorted default list (when this is not the default order)."""
    sort = spec.semantics.sort
    assert sort is not None
    id_field = spec.semantics.item_id
    for other in sort.fields:
        if other.wire != field.wire and not order_problems(
            items, other.field, other.compare, order, id_field
        ):
            return f"sorting by {other.wire} {order}"
    is_default = (sort.default_by, sort.default_order) == (field.wire, order)
    if not is_default and not order_problems(default_items, field.field, field.compare, order, id_field):
        return "ignoring the sort parameters (the default list)"
    return None


@pytest.mark.contract_cases("sort_field")
def test_ascending_is_the_reverse_of_descending(run: RunContext, verdict: Verdict, case: SortCase) -> None:
    """Metamorphic: ascending and descending order by one field are each other's reverse, where items
    with equal keys (and items without the field, as one group) may come in any order among themselves."""
    spec, field = case.spec, case.field
    sort = spec.semantics.sort
    assert sort is not None
    orderable_walk(verdict, field)
    ascending = model_walk(run, spec, sort.params(field, "asc"))
    descending = model_walk(run, spec, sort.params(field, "desc"))
    problems = []
    failed = ascending.failed_page or descending.failed_page
    if failed is not None:
        problems.append(f"a sorted walk answered HTTP {failed.status}")
    else:

        def key(item: Any) -> Any:
            return sort_key(dig(item, field.field), field.compare)

        id_field = spec.semantics.item_id
        up = runs_of_equal_keys(ascending.items, key, id_field)
        down = runs_of_equal_keys(descending.items, key, id_field)
        if list(reversed(up)) != down:
            mismatch = next(
                (i for i, (a, b) in enumerate(zip(reversed(up), down, strict=False)) if a != b),
                min(len(up), len(down)),
            )
            problems.append(
                f"descending by {field.wire} is not ascending reversed: they part at group {mismatch + 1} "
                f"of equal keys ({len(down)} groups descending, {len(up)} ascending)"
            )
    verdict.require(
        problems,
        f"{field.wire} ascending = descending reversed",
        fact=spec.fact(*sort.params(field, "asc")),
        responses=[*ascending.pages[:1], *descending.pages[:1]],
    )


@pytest.mark.contract_cases("default_sort_api")
def test_default_order_is_the_documented_one(verdict: Verdict, api: ApiSpec) -> None:
    spec = api
    sort = spec.semantics.sort
    assert sort is not None and sort.default_by is not None and sort.default_order is not None
    field = sort.field_by_wire(sort.default_by)
    walk = usable_walk(verdict, need_items=2)
    problems = order_problems(
        walk.items, field.field, field.compare, sort.default_order, spec.semantics.item_id
    )
    params = [p for p in (sort.field_param, sort.order_param) if p]
    verdict.require(
        problems,
        f"default order ({sort.default_by} {sort.default_order})",
        fact=spec.fact(*params),
        responses=walk.pages[:2],
    )
