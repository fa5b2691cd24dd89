"""Faulty variants: each breaks exactly one documented rule, which the contract suite must detect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...paging import offset_window
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ..registry import faulty, register


def _limit_ignored(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def parse_params(ctx: RequestContext) -> ListParams:
        params: ListParams = original(ctx)
        params.window = offset_window(params.window.offset, handler.default_size)
        return params

    return parse_params


def _page_not_echoed(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def render_body(page: Page, params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        body: dict[str, Any] = original(page, params, ctx)
        body.pop("PageNumber", None)
        body.pop("PageSize", None)
        return body

    return render_body


def _success_false(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def render_body(page: Page, params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        body: dict[str, Any] = original(page, params, ctx)
        body["success"] = False  # while error stays null and inventories are served
        return body

    return render_body


register(
    faulty(
        "huawei-instances-limit-ignored",
        api="huawei-service-instances",
        cls="pagination",
        description="serves the default 10 items whatever limit asks for",
        breaks="seed 000: limit sets the page size (x-list.pagination.size-param)",
        stage="parse_params",
        change=_limit_ignored,
    )
)
register(
    faulty(
        "pai-eas-page-not-echoed",
        api="pai-eas-services",
        cls="pagination",
        description="omits PageNumber and PageSize from the 200 body",
        breaks="seed 002: the 200 body echoes PageNumber and PageSize (x-list.pagination.echo)",
        stage="render_body",
        change=_page_not_echoed,
    )
)
register(
    faulty(
        "zstack-success-inconsistent",
        api="zstack-model-services",
        cls="envelope",
        description="answers success=false with error=null and the inventories of a successful query",
        breaks="seed 003: success is true exactly when error is null (x-list.success-flag)",
        stage="render_body",
        change=_success_false,
    )
)
