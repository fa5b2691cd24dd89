"""Sorting, read from each spec's x-list.sort: every field and order, and the documented default."""

from __future__ import annotations

from contract_tests.body import dig, item_key
from contract_tests.cases import SortCase
from contract_tests.failures import cannot_support, require
from contract_tests.oracles import order_problems, sort_key
from contract_tests.run import RunContext
from contract_tests.specs import ApiSpec
from contract_tests.steps import usable_walk
from contract_tests.walk import walk_pages

FAMILY = "sorting"


def test_sort_field_and_order_yield_ordered_output(run: RunContext, sort_case: SortCase) -> None:
    spec, field, order = sort_case.spec, sort_case.field, sort_case.order
    sort = spec.semantics.sort
    assert sort is not None
    walk = usable_walk(run, spec, family=FAMILY, need_items=2)
    distinct = {sort_key(dig(item, field.field), field.compare) for item in walk.items} - {None}
    if len(distinct) < 2:
        cannot_support(f"fewer than two distinct `{field.field}` values to order")
    params = sort.params(field, order)  # type: ignore[arg-type]
    result = walk_pages(run.client(spec.key), params)
    problems = []
    if result.failed_page is not None:
        problems.append(f"{params} answered HTTP {result.failed_page.status}")
    else:
        problems += order_problems(result.items, field.field, field.compare, order, spec.semantics.item_id)
        expected = {item_key(i, spec.semantics.item_id) for i in walk.items}
        got = {item_key(i, spec.semantics.item_id) for i in result.items}
        if got != expected:
            problems.append(f"sorting changed which items are listed ({len(got)} instead of {len(expected)})")
    require(
        problems,
        spec,
        FAMILY,
        f"sort by {field.wire} {order}",
        fact=spec.fact(*params),
        seed=run.seed,
        responses=result.pages[:2],
    )


def test_default_order_is_the_documented_one(run: RunContext, default_sort_api: ApiSpec) -> None:
    spec = default_sort_api
    sort = spec.semantics.sort
    assert sort is not None and sort.default_by is not None and sort.default_order is not None
    field = sort.field_by_wire(sort.default_by)
    walk = usable_walk(run, spec, family=FAMILY, need_items=2)
    problems = order_problems(
        walk.items, field.field, field.compare, sort.default_order, spec.semantics.item_id
    )
    params = [p for p in (sort.field_param, sort.order_param) if p]
    require(
        problems,
        spec,
        FAMILY,
        f"default order ({sort.default_by} {sort.default_order})",
        fact=spec.fact(*params),
        seed=run.seed,
        responses=walk.pages[:2],
    )
