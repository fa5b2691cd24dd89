"""Faulty variants of pagination: page sizes, offsets, page numbers, totals across a walk."""

from __future__ import annotations

import dataclasses
from typing import Any

from ... import params as query
from ...errors import ParamError
from ...paging import Window, offset_window
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ...records import Record
from ..hooks import stage_hook
from ..registry import faulty, register
from ..wrappers import Stage, change_body, change_page, change_params, with_args

WRONG_DEFAULT_SIZE = 5


def _small_default_without_paging(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    # The default is wired as 5: a request with neither limit nor offset, and limit=10 sent on the first
    # page, both get 5 (so sending the defaults explicitly changes nothing). Every walk sends a position
    # without a limit, so only the default-page-size test sees it.
    args = ctx.request.args
    implied = "limit" not in args and "offset" not in args
    explicit = args.get("limit") == str(handler.default_size) and args.get("offset", "0") == "0"
    if implied or explicit:
        params.window = offset_window(params.window.offset, WRONG_DEFAULT_SIZE)


def _limit_zero_served_empty(original: Stage, handler: ListHandler) -> Stage:
    def parse_params(ctx: RequestContext) -> ListParams:
        try:
            limit = query.integer(ctx.request.args, "limit", 1)
        except ParamError:
            limit = 1
        if limit >= 1:
            return original(ctx)  # type: ignore[no-any-return]
        # limit < 1 is neither rejected nor clamped: it is served as asked, an empty page.
        parsed: ListParams = original(with_args(ctx, {"limit": None}))
        parsed.window = offset_window(parsed.window.offset, 0)
        return parsed

    return parse_params


def _smallest_limit_empty(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    # Only the documented smallest size: other explicit sizes (the suite's walks) stay right.
    if ctx.request.args.get("limit") == "1":
        params.window = offset_window(params.window.offset, 0)


def _largest_limit_rejected(original: Stage, handler: ListHandler) -> Stage:
    def parse_params(ctx: RequestContext) -> ListParams:
        if ctx.request.args.get("limit") == "100":
            raise ParamError("limit", "parameter limit must be at most 99, got 100")
        return original(ctx)  # type: ignore[no-any-return]

    return parse_params


def _explicit_size_short_after_first(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    # An off-by-one that only shows on later pages of a walk at an explicit page size.
    if "PageSize" in ctx.request.args and params.echo.get("PageNumber", 1) > 1:
        params.window = Window(offset=params.window.offset, size=max(0, params.window.size - 1))


def _page_zero_wraps(original: Stage, handler: ListHandler) -> Stage:
    page_param = getattr(handler, "page_param", "pageNumber")

    def parse_params(ctx: RequestContext) -> ListParams:
        try:
            number = query.integer(ctx.request.args, page_param, 1)
        except ParamError:
            number = 1
        if number >= 1:
            return original(ctx)  # type: ignore[no-any-return]
        # (n - 1) * size goes negative and is used as a Python slice start: the tail of the list.
        parsed: ListParams = original(with_args(ctx, {page_param: None}))
        parsed.window = Window(offset=(number - 1) * parsed.window.size, size=parsed.window.size)
        return parsed

    return parse_params


def _negative_offset_slices_tail(page: Page, records: list[Record], params: ListParams) -> Page:
    window = params.window
    if window.offset >= 0:
        return page
    return Page(records[window.offset :][: window.size], page.total)


def _apply_page_zero_wraps(app: Any) -> None:
    stage_hook("opensearch-ha3-models", "parse_params", _page_zero_wraps)(app)
    stage_hook("opensearch-ha3-models", "paginate", change_page(_negative_offset_slices_tail))(app)


def _past_end_total_zero(page: Page, records: list[Record], params: ListParams) -> Page:
    if not page.records and params.window.offset > 0 and params.window.offset >= page.total:
        return Page([], 0)  # the count is taken from the (empty) page
    return page


def _past_end_serves_last_page(page: Page, records: list[Record], params: ListParams) -> Page:
    if page.records or not records or params.window.offset < len(records):
        return page
    size = params.window.size
    last_start = ((len(records) - 1) // size) * size
    return Page(records[last_start : last_start + size], page.total)


def _total_drifts(body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext) -> None:
    if params.window.offset > 0 and page.records:
        body["totalCount"] = page.total + 1  # later pages also count a hidden system model


def _zero_based_pages(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    size = params.window.size
    params.window = Window(offset=params.window.offset + size, size=size)


def _one_item_too_many(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    params.window = Window(offset=params.window.offset, size=params.window.size + 1)


def _offset_off_by_one(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    params.window = offset_window(params.window.offset + 1, params.window.size)


def _total_counts_page(page: Page, records: list[Record], params: ListParams) -> Page:
    return dataclasses.replace(page, total=len(page.records))


def _last_item_unreachable(page: Page, records: list[Record], params: ListParams) -> Page:
    return Page(params.window.slice(records[:-1]), len(records))


def _second_page_overlaps(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    window = params.window
    if window.offset == window.size:
        params.window = offset_window(window.offset - 1, window.size)


def _default_size_ten(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if "PageSize" not in ctx.request.args:
        page_number = params.echo.get("PageNumber", 1)
        params.window = Window(offset=(page_number - 1) * 10, size=10)


PAGINATION_VARIANTS = [
    faulty(
        "huawei-instances-default-size-5",
        api="huawei-service-instances",
        cls="pagination",
        description=(
            "with neither limit nor offset (or limit=10 on the first page) the page holds 5 items, not "
            "the documented default 10"
        ),
        breaks="seed 000: limit defaults to 10 (x-list.pagination.default-size)",
        sole_catcher="test_default_page_size_applies",
        stage="parse_params",
        change=change_params(_small_default_without_paging),
    ),
    faulty(
        "huawei-instances-limit-zero-served",
        api="huawei-service-instances",
        cls="pagination",
        description="limit below 1 is neither rejected nor clamped: 200 with an empty page",
        breaks="seed 000: limit is 1..100; out of range is rejected or clamped (x-list out-of-range)",
        sole_catcher="test_out_of_range_page_size_is_rejected_or_clamped",
        stage="parse_params",
        change=_limit_zero_served_empty,
    ),
    faulty(
        "huawei-endpoints-limit-one-short",
        api="huawei-endpoints",
        cls="pagination",
        description="the documented smallest size, limit=1, serves an empty page",
        breaks="seed 001: limit sets the page size, smallest 1 (x-list.pagination.min-size)",
        stage="parse_params",
        change=change_params(_smallest_limit_empty),
    ),
    faulty(
        "huawei-endpoints-limit-max-rejected",
        api="huawei-endpoints",
        cls="pagination",
        description="the documented largest size, limit=100, is rejected with 400 as if the maximum were 99",
        breaks="seed 001: limit is 1..100 (x-list.pagination.max-size, provider-facts B)",
        sole_catcher="test_documented_page_size_bounds_work",
        stage="parse_params",
        change=_largest_limit_rejected,
    ),
    faulty(
        "pai-eas-explicit-size-short-after-first",
        api="pai-eas-services",
        cls="pagination",
        description="with an explicit PageSize, every page after the first holds one service fewer",
        breaks="seed 002: PageSize sets the page size",
        sole_catcher="test_each_page_holds_page_size_while_more_remain",
        stage="parse_params",
        change=change_params(_explicit_size_short_after_first),
    ),
    faulty(
        "huawei-endpoints-past-end-total-zero",
        api="huawei-endpoints",
        cls="pagination",
        description="a page past the end is empty but reports total 0",
        breaks="seed 001: total counts every match, whatever the offset",
        sole_catcher="test_page_past_the_end_is_empty_and_keeps_total",
        stage="paginate",
        change=change_page(_past_end_total_zero),
    ),
    faulty(
        "huawei-endpoints-last-item-unreachable",
        api="huawei-endpoints",
        cls="pagination",
        description="the last item of every listing is counted in total but never served on any page",
        breaks="seed 001: walking every page yields exactly total items",
        stage="paginate",
        change=change_page(_last_item_unreachable),
    ),
    faulty(
        "huawei-instances-second-page-overlaps",
        api="huawei-service-instances",
        cls="pagination",
        description=(
            "the second page starts one item early (offset == limit serves from offset-1): pages overlap"
        ),
        breaks="seed 000: offset is the index of the first item served",
        stage="parse_params",
        change=change_params(_second_page_overlaps),
    ),
    faulty(
        "ha3-page-zero-wraps",
        api="opensearch-ha3-models",
        cls="pagination",
        description="pageNumber=0 is accepted and serves the last page (a negative slice start)",
        breaks="seed 004: pageNumber is 1-based (x-list.pagination.first-page 1)",
        sole_catcher="test_page_numbers_are_based_as_documented",
        apply=_apply_page_zero_wraps,
    ),
    faulty(
        "ha3-total-drifts",
        api="opensearch-ha3-models",
        cls="pagination",
        description="totalCount is one higher on every non-empty page after the first",
        breaks="seed 004: totalCount is the number of matching models, the same on every page",
        sole_catcher="test_walk_from_first_page_yields_exactly_total",
        stage="render_body",
        change=change_body(_total_drifts),
    ),
    faulty(
        "ha3-past-end-not-empty",
        api="opensearch-ha3-models",
        cls="pagination",
        description="a page number past the end serves the last page again",
        breaks="seed 004: a page past the last match is empty",
        stage="paginate",
        change=change_page(_past_end_serves_last_page),
    ),
    faulty(
        "pai-eas-zero-based-pages",
        api="pai-eas-services",
        cls="pagination",
        description="PageNumber is read 0-based: PageNumber=1 serves the second page",
        breaks="seed 002: PageNumber is 1-based (x-list.pagination.first-page 1)",
        stage="parse_params",
        change=change_params(_zero_based_pages),
    ),
    faulty(
        "pai-eas-one-item-too-many",
        api="pai-eas-services",
        cls="pagination",
        description="every page holds PageSize + 1 services",
        breaks="seed 002: PageSize sets the page size",
        stage="parse_params",
        change=change_params(_one_item_too_many),
    ),
    faulty(
        "pai-eas-default-size-10",
        api="pai-eas-services",
        cls="pagination",
        description="without PageSize the page holds 10 services, not the documented default 100",
        breaks="seed 002: PageSize defaults to 100 (x-list.pagination.default-size)",
        stage="parse_params",
        change=change_params(_default_size_ten),
    ),
    faulty(
        "zstack-start-off-by-one",
        api="zstack-model-services",
        cls="pagination",
        description="start is off by one: start=k serves from item k+1",
        breaks="seed 003: start is the 0-based offset of the first inventory",
        stage="parse_params",
        change=change_params(_offset_off_by_one),
    ),
    faulty(
        "zstack-total-counts-page",
        api="zstack-model-services",
        cls="pagination",
        description="total counts only the inventories of the served page",
        breaks="seed 003: total is the number of inventories matching the conditions",
        stage="paginate",
        change=change_page(_total_counts_page),
    ),
]

for _variant in PAGINATION_VARIANTS:
    register(_variant)
