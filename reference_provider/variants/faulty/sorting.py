"""Faulty variants of sorting: a field or order ignored or inverted, a wrong default, per-page order."""

from __future__ import annotations

import dataclasses
from typing import Any

from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ...records import Record
from ...sorting import by_field, order_records
from ..registry import faulty, register
from ..wrappers import Stage, apply_all, change_params


def _duration_sort_ignored(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if params.ordering is not None and params.ordering.field == "duration":
        params.ordering = by_field("create_time", params.ordering.descending, "datetime")


def _default_ascending(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    # Only when order_by is absent: every explicit sort still works.
    if params.ordering is not None and "order_by" not in ctx.request.args:
        params.ordering = dataclasses.replace(params.ordering, descending=False)


def _order_ignored(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if params.ordering is not None:
        params.ordering = dataclasses.replace(params.ordering, descending=True)


def _default_by_update_time(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if params.ordering is not None and "Sort" not in ctx.request.args:
        params.ordering = by_field("UpdateTime", params.ordering.descending, "datetime")


def _direction_inverted(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if params.ordering is not None:
        params.ordering = dataclasses.replace(params.ordering, descending=not params.ordering.descending)


def _descending_ignored_with_a_filter(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if params.ordering is not None and params.filters and params.ordering.descending:
        params.ordering = dataclasses.replace(params.ordering, descending=False)


def _unsorted_order(original: Stage, handler: ListHandler) -> Stage:
    def order(records: list[Record], params: ListParams) -> list[Record]:
        return records  # creation order; the page is sorted afterwards

    return order


def _sort_each_page(original: Stage, handler: ListHandler) -> Stage:
    def paginate(records: list[Record], params: ListParams) -> Page:
        page: Page = original(records, params)
        if params.ordering is None:
            return page
        return Page(order_records(page.records, params.ordering), page.total)

    return paginate


def _apply_sort_within_page(app: Any) -> None:
    apply_all("zstack-model-services", ("order", _unsorted_order), ("paginate", _sort_each_page))(app)


SORT_VARIANTS = [
    faulty(
        "huawei-instances-duration-sort-ignored",
        api="huawei-service-instances",
        cls="sort",
        description="sort_by=DURATION sorts by create time instead",
        breaks="seed 000: sort_by=DURATION orders by duration (x-list sort fields)",
        sole_catcher="test_sort_field_and_order_yield_ordered_output",
        stage="parse_params",
        change=change_params(_duration_sort_ignored),
    ),
    faulty(
        "huawei-instances-default-ascending",
        api="huawei-service-instances",
        cls="sort",
        description="without order_by the list is oldest first",
        breaks="seed 000: order_by defaults to DESC (x-list sort default CREATE_TIME desc)",
        sole_catcher="test_default_order_is_the_documented_one",
        stage="parse_params",
        change=change_params(_default_ascending),
    ),
    faulty(
        "pai-eas-order-ignored",
        api="pai-eas-services",
        cls="sort",
        description="Order is ignored: always newest first, also for Order=asc",
        breaks="seed 002: Order=asc sorts ascending",
        stage="parse_params",
        change=change_params(_order_ignored),
    ),
    faulty(
        "pai-eas-default-by-update-time",
        api="pai-eas-services",
        cls="sort",
        description="without Sort the list is ordered by UpdateTime instead of CreateTime",
        breaks="seed 002: the default order is CreateTime desc (x-list sort default)",
        stage="parse_params",
        change=change_params(_default_by_update_time),
    ),
    faulty(
        "zstack-sort-inverted",
        api="zstack-model-services",
        cls="sort",
        description="sort=+field sorts descending and sort=-field ascending",
        breaks="seed 003: sort=+field is ascending, -field descending",
        stage="parse_params",
        change=change_params(_direction_inverted),
    ),
    # A combination first written blind from the documents by an adversary (issue 20): it shows only when
    # a sort and a filter are sent together, which no point test does; the list model draws both.
    faulty(
        "zstack-desc-ignored-with-q",
        api="zstack-model-services",
        cls="sort",
        description="sort=-field together with a q condition is served ascending",
        breaks="seed 003: sort=-field sorts descending, also with q conditions",
        sole_catcher="test_random_documented_queries_agree_with_the_model",
        stage="parse_params",
        change=change_params(_descending_ignored_with_a_filter),
    ),
    faulty(
        "zstack-sort-within-page",
        api="zstack-model-services",
        cls="sort",
        description="sort orders the inventories of each page, not the whole result",
        breaks="seed 003: sort orders the whole result before start/limit apply",
        apply=_apply_sort_within_page,
    ),
]

for _variant in SORT_VARIANTS:
    register(_variant)
