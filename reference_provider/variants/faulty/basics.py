"""Faulty variants: each breaks exactly one documented rule, which the contract suite must detect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...paging import offset_window
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ..hooks import stage_hook
from ..registry import Variant, register


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
    Variant(
        "huawei-instances-limit-ignored",
        "huawei-service-instances",
        "pagination",
        "serves the default 10 items whatever limit asks for",
        "seed 000: limit sets the page size (x-list.pagination.size-param)",
        False,
        stage_hook("huawei-service-instances", "parse_params", _limit_ignored),
    )
)
register(
    Variant(
        "pai-eas-page-not-echoed",
        "pai-eas-services",
        "pagination",
        "omits PageNumber and PageSize from the 200 body",
        "seed 002: the 200 body echoes PageNumber and PageSize (x-list.pagination.echo)",
        False,
        stage_hook("pai-eas-services", "render_body", _page_not_echoed),
    )
)
register(
    Variant(
        "zstack-success-inconsistent",
        "zstack-model-services",
        "envelope",
        "answers success=false with error=null and the inventories of a successful query",
        "seed 003: success is true exactly when error is null (x-list.success-flag)",
        False,
        stage_hook("zstack-model-services", "render_body", _success_false),
    )
)
