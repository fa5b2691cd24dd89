"""Faulty variants of one API's own rules: ZStack's outcome flag and q syntax, PAI-EAS echo, request ids."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request

from ...errors import ParamError
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ...zstack_query import QueryError, parse_condition
from ..registry import faulty, register
from ..wrappers import Stage, change_body


def _success_false_on_last_counted_page(
    body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext
) -> None:
    # Only the short page that ends a counted walk at the default limit.
    counted = (ctx.request.args.get("replyWithCount") or "").lower() == "true"
    later = counted and "limit" not in ctx.request.args and params.window.offset > 0
    if later and 0 < len(page.records) < params.window.size:
        body["success"] = False


def _has_operator(condition: str) -> bool:
    try:
        parse_condition(condition)
    except QueryError:
        return False
    return True


def _q_without_operator_ignored(original: Stage, handler: ListHandler) -> Stage:
    def parse_params(ctx: RequestContext) -> ListParams:
        try:
            return original(ctx)  # type: ignore[no-any-return]
        except ParamError as error:
            if error.param != "q":
                raise
        pairs = [(k, v) for k, v in ctx.request.args.items(multi=True) if k != "q" or _has_operator(v)]
        environ = {**ctx.request.environ, "QUERY_STRING": urlencode(pairs)}
        return original(RequestContext(Request(environ), ctx.path_args, ctx.request_id))  # type: ignore[no-any-return]

    return parse_params


def _echo_items_on_last_page(
    body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext
) -> None:
    # The short last page of a walk at the default size echoes how many items it holds.
    later = "PageSize" not in ctx.request.args and params.window.offset > 0
    if later and 0 < len(page.records) < params.window.size:
        body["PageSize"] = len(page.records)


def _drop(field: str) -> Any:
    def change(body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext) -> None:
        body.pop(field, None)

    return change


API_SPECIFIC_VARIANTS = [
    faulty(
        "zstack-success-false-on-last-page",
        api="zstack-model-services",
        cls="api-specific",
        description="the short last page of a counted walk says success=false with error null",
        breaks="seed 003: success is true exactly when error is null (x-list.success-flag)",
        sole_catcher="test_success_flag_agrees_with_error",
        stage="render_body",
        change=change_body(_success_false_on_last_counted_page),
    ),
    faulty(
        "zstack-q-without-operator-ignored",
        api="zstack-model-services",
        cls="api-specific",
        description="a q condition without an operator is silently dropped instead of rejected",
        breaks="seed 003: a q condition without an operator answers 400",
        stage="parse_params",
        change=_q_without_operator_ignored,
    ),
    faulty(
        "pai-eas-echo-size-on-last-page",
        api="pai-eas-services",
        cls="api-specific",
        description="the short last page of a default-size walk echoes PageSize as its item count",
        breaks="seed 002: PageSize echoes the requested page size",
        sole_catcher="test_echoed_page_parameters_match_the_request",
        stage="render_body",
        change=change_body(_echo_items_on_last_page),
    ),
    faulty(
        "pai-eas-request-id-missing",
        api="pai-eas-services",
        cls="api-specific",
        description="200 bodies carry no RequestId",
        breaks="seed 002: the 200 body carries RequestId (x-list.request-id)",
        sole_catcher="test_request_id_is_returned",
        stage="render_body",
        change=change_body(_drop("RequestId")),
    ),
    faulty(
        "ha3-request-id-missing",
        api="opensearch-ha3-models",
        cls="api-specific",
        description="200 bodies carry no requestId",
        breaks="seed 004: the 200 body carries requestId (x-list.request-id)",
        sole_catcher="test_request_id_is_returned",
        stage="render_body",
        change=change_body(_drop("requestId")),
    ),
]

for _variant in API_SPECIFIC_VARIANTS:
    register(_variant)
