"""Faulty variants of sorting: a field or order ignored or inverted, a wrong default, per-page order."""

from __future__ import annotations

import dataclasses
from typing import Any

from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ...records import Record
from ...sorting import by_field, order_records
from ..hooks import stage_hook
from ..registry import Variant, register
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
    Variant(
        "huawei-instances-duration-sort-ignored",
        "huawei-service-instances",
        "sort",
        "sort_by=DURATION sorts by create time instead "
        "(meant to be caught by test_sort_field_and_order_yield_ordered_output alone)",
        "seed 000: sort_by=DURATION orders by duration (x-list sort fields)",
        False,
        stage_hook("huawei-service-instances", "parse_params", change_params(_duration_sort_ignored)),
    ),
    Variant(
        "huawei-instances-default-ascending",
        "huawei-service-instances",
        "sort",
        "without order_by the list is oldest first "
        "(meant to be caught by test_default_order_is_the_documented_one alone)",
        "seed 000: order_by defaults to DESC (x-list sort default CREATE_TIME desc)",
        False,
        stage_hook("huawei-service-instances", "parse_params", change_params(_default_ascending)),
    ),
    Variant(
        "pai-eas-order-ignored",
        "pai-eas-services",
        "sort",
        "Order is ignored: always newest first, also for Order=asc",
        "seed 002: Order=asc sorts ascending",
        False,
        stage_hook("pai-eas-services", "parse_params", change_params(_order_ignored)),
    ),
    Variant(
        "pai-eas-default-by-update-time",
        "pai-eas-services",
        "sort",
        "without Sort the list is ordered by UpdateTime instead of CreateTime",
        "seed 002: the default order is CreateTime desc (x-list sort default)",
        False,
        stage_hook("pai-eas-services", "parse_params", change_params(_default_by_update_time)),
    ),
    Variant(
        "zstack-sort-inverted",
        "zstack-model-services",
        "sort",
        "sort=+field sorts descending and sort=-field ascending",
        "seed 003: sort=+field is ascending, -field descending",
        False,
        stage_hook("zstack-model-services", "parse_params", change_params(_direction_inverted)),
    ),
    Variant(
        "zstack-sort-within-page",
        "zstack-model-services",
        "sort",
        "sort orders the inventories of each page, not the whole result",
        "seed 003: sort orders the whole result before start/limit apply",
        False,
        _apply_sort_within_page,
    ),
]

for _variant in SORT_VARIANTS:
    register(_variant)
