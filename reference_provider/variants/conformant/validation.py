"""Conformant input handling: where the documents are silent on validation, strict and lenient choices.

Each variant answers some input the reference rejects (or accepts) the other way: rejecting it with a
documented error status and body, or accepting it and answering what it asks for as well as it can.
The silence each one explores is in its description (specs/NOTES.md row or document silence).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request

from ... import params as query
from ...data.huawei import ENDPOINT_TYPES, INSTANCE_TYPES, VISIBILITIES
from ...data.pai_eas import RESOURCE_TYPES, ROLES, SERVICE_STATUSES, SERVICE_TYPES, TRAFFIC_STATES
from ...errors import ApiError, ParamError, zstack_api_failure
from ...filtering import Filter, exact, label_map, rebuild
from ...paging import Window
from ...pipeline import ListHandler, ListParams, RequestContext
from ...records import Record, get_path
from ..hooks import handler_hook, stage_hook
from ..registry import conformant, register
from ..wrappers import ParamsChange, Stage, change_params, with_args
from .data import SMALL_DEPLOYMENT, small_deployment

PAI_FREE_TEXT_FILTERS = ("ServiceName", "ServiceUid", "WorkspaceId", "QuotaId", "Gateway", "CallerUid")

HA3_MODEL_TYPES = ("text_embedding", "text_sparse_embedding", "image_embedding", "image_analyze")
PAI_EAS_ENUM_FILTERS: Mapping[str, Collection[str]] = {
    "ServiceStatus": SERVICE_STATUSES,
    "Role": ROLES,
    "TrafficState": TRAFFIC_STATES,
    "ServiceType": SERVICE_TYPES,
    "ResourceType": RESOURCE_TYPES,
}


def _nothing(param: str, value: Any) -> Filter:
    return Filter(param, "exact", param, value, lambda record: False)


def _unknown_values(ctx: RequestContext, allowed: Mapping[str, Collection[str]]) -> dict[str, str]:
    found = {}
    for param, values in allowed.items():
        sent = [value for value in ctx.request.args.getlist(param) if value]
        if sent and sent[0] not in values:
            found[param] = sent[0]
    return found


def unknown_enum_matches_nothing(
    allowed: Mapping[str, Collection[str]],
) -> Callable[[Stage, ListHandler], Stage]:
    """An enum filter value outside the documented list is a filter no item matches: 200, empty list."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def parse_params(ctx: RequestContext) -> ListParams:
            unknown = _unknown_values(ctx, allowed)
            if not unknown:
                return original(ctx)  # type: ignore[no-any-return]
            parsed: ListParams = original(with_args(ctx, dict.fromkeys(unknown)))
            parsed.filters += [_nothing(param, value) for param, value in unknown.items()]
            return parsed

        return parse_params

    return wrapper


def unknown_value_ignored(allowed: Mapping[str, Collection[str]]) -> Callable[[Stage, ListHandler], Stage]:
    """A sort or order value outside the documented list is dropped: the default order applies."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def parse_params(ctx: RequestContext) -> ListParams:
            unknown = _unknown_values(ctx, allowed)
            return original(with_args(ctx, dict.fromkeys(unknown)) if unknown else ctx)  # type: ignore[no-any-return]

        return parse_params

    return wrapper


def _fuzzy_filters(*names: str) -> ParamsChange:
    """These filters match case-insensitive substrings instead of whole values."""

    def edit(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        params.filters = [rebuild(f, "substring-ci") if f.param in names else f for f in params.filters]

    return edit


def _past_end_rejected(param: str) -> ParamsChange:
    """A page that starts past the last item is a bad request (400 with the API's documented body)."""

    def change(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        offset = params.window.offset
        if offset > 0 and offset >= len(handler.select(handler.resolve_scope(ctx), params)):
            raise ParamError(param, f"parameter {param} is past the last page")

    return change


def _size_capped(cap: int) -> ParamsChange:
    """A page size above `cap` is served as `cap` (the page index kept)."""

    def change(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        window = params.window
        if window.size > cap:
            params.window = Window(offset=(window.offset // window.size) * cap, size=cap)

    return change


def _size_above_rejected(param: str, cap: int) -> ParamsChange:
    """A page size above `cap` is a bad request (400 with the API's documented body)."""

    def change(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        if params.window.size > cap:
            raise ParamError(param, f"parameter {param} must be at most {cap}")

    return change


def reject_unknown(param: str, allowed: Collection[str]) -> Callable[[Stage, ListHandler], Stage]:
    """A value outside the documented list is a bad request (400 with the API's documented body)."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def parse_params(ctx: RequestContext) -> ListParams:
            sent = query.text(ctx.request.args, param)
            if sent is not None and sent not in allowed:
                raise ParamError(
                    param, f"parameter {param} must be one of {', '.join(allowed)}, got {sent!r}"
                )
            return original(ctx)  # type: ignore[no-any-return]

        return parse_params

    return wrapper


def _label_any_json_value(original: Stage, handler: ListHandler) -> Stage:
    def parse_params(ctx: RequestContext) -> ListParams:
        raw = query.text(ctx.request.args, "Label")
        try:
            decoded = json.loads(raw) if raw is not None else None
        except ValueError:
            decoded = None
        if not isinstance(decoded, dict):
            return original(ctx)  # type: ignore[no-any-return]
        parsed: ListParams = original(with_args(ctx, {"Label": None}))
        # A non-string value is compared by its text: 1 matches "1", true matches "true".
        wanted = {key: _label_text(value) for key, value in decoded.items()}
        if wanted:
            parsed.filters.append(label_map("Label", "Labels", wanted))
        return parsed

    return parse_params


def _label_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _unknown_sort(
    answer: Callable[[Stage, RequestContext], ListParams],
) -> Callable[[Stage, ListHandler], Stage]:
    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def parse_params(ctx: RequestContext) -> ListParams:
            try:
                return original(ctx)  # type: ignore[no-any-return]
            except ParamError as error:
                if error.param != "sort":
                    raise
                return answer(original, ctx)

        return parse_params

    return wrapper


def _zstack_sort_failure(original: Stage, ctx: RequestContext) -> ListParams:
    # ZStack's convention for a failed API call: 503 with {"error": ErrorCode} (provider-facts D).
    details = f"the field[{ctx.request.args.get('sort', '')}] is not a sortable field"
    raise ApiError(
        zstack_api_failure("SYS.1007", "One or more API argument is invalid", details, "bad-param")
    )


def _zstack_sort_dropped(original: Stage, ctx: RequestContext) -> ListParams:
    return original(with_args(ctx, {"sort": None}))  # type: ignore[no-any-return]


def case_sensitive_substring(param: str) -> Callable[[ListParams, RequestContext, ListHandler], None]:
    """The fuzzy filter `param` matches substrings in their exact case (spec `substring`: case open)."""

    def change(parsed: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        parsed.filters = [_case_sensitive(f) if f.param == param else f for f in parsed.filters]

    return change


def _case_sensitive(original: Filter) -> Filter:
    field, needle = str(original.field), str(original.value)

    def test(record: Record) -> bool:
        found = get_path(record.doc, field)
        return isinstance(found, str) and needle in found

    return Filter(original.param, original.kind, original.field, original.value, test)


def _ha3_name_exact(parsed: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    parsed.filters = [exact(f.param, "name", f.value) if f.param == "name" else f for f in parsed.filters]


def _without_empty_values(original: Stage, handler: ListHandler) -> Stage:
    def parse_params(ctx: RequestContext) -> ListParams:
        pairs = [(k, v) for k, v in ctx.request.args.items(multi=True) if v != ""]
        if len(pairs) == len(list(ctx.request.args.items(multi=True))):
            return original(ctx)  # type: ignore[no-any-return]
        environ = {**ctx.request.environ, "QUERY_STRING": urlencode(pairs)}
        return original(RequestContext(Request(environ), ctx.path_args, ctx.request_id))  # type: ignore[no-any-return]

    return parse_params


def clamp_paging(
    page_param: str, size_param: str, default_size: int
) -> Callable[[Stage, ListHandler], Stage]:
    """A page number below 1 reads as 1 and a page size below 1 as the default (x-inferred minimum 1)."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def parse_params(ctx: RequestContext) -> ListParams:
            overrides: dict[str, str | None] = {}
            for name, floor in ((page_param, "1"), (size_param, str(default_size))):
                try:
                    value = query.integer(ctx.request.args, name, 1)
                except ParamError:
                    continue  # a non-integer stays a documented 400
                if value < 1:
                    overrides[name] = floor
            return original(with_args(ctx, overrides) if overrides else ctx)  # type: ignore[no-any-return]

        return parse_params

    return wrapper


def _zstack_clamp_negative(original: Stage, handler: ListHandler) -> Stage:
    def parse_params(ctx: RequestContext) -> ListParams:
        overrides: dict[str, str | None] = {}
        for name in ("limit", "start"):
            try:
                value = query.integer(ctx.request.args, name, 0)
            except ParamError:
                continue
            if value < 0:
                overrides[name] = None  # a negative count or offset reads as not sent: its default
        return original(with_args(ctx, overrides) if overrides else ctx)  # type: ignore[no-any-return]

    return parse_params


def _strict_conditions(handler: ListHandler) -> None:
    handler.strict_conditions = True  # type: ignore[attr-defined]  # ZStack handler only


def _total_always(parsed: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    parsed.options["reply_with_count"] = True


def _apply_huawei_unknown_enum_empty(app: Any) -> None:
    instances = {"type": INSTANCE_TYPES, "visibility": VISIBILITIES}
    endpoints = {"type": ENDPOINT_TYPES, "visibility": (*VISIBILITIES, "ALL")}
    stage_hook("huawei-service-instances", "parse_params", unknown_enum_matches_nothing(instances))(app)
    stage_hook("huawei-endpoints", "parse_params", unknown_enum_matches_nothing(endpoints))(app)


VALIDATION_VARIANTS = [
    conformant(
        "huawei-unknown-enum-filter-empty",
        api="huawei",
        cls="validation",
        description=(
            "type/visibility outside the documented enum: 200 with an empty list, not 400; silence: the "
            "documents list the values but not what an unknown one gets (NOTES type, visibility rows)"
        ),
        apply=_apply_huawei_unknown_enum_empty,
    ),
    conformant(
        "huawei-instances-unknown-sort-ignored",
        api="huawei-service-instances",
        cls="validation",
        description=(
            "sort_by/order_by outside the documented enum fall back to the default order (CREATE_TIME DESC); "
            "silence: NOTES sort_by, order_by rows give the values, not the answer to others"
        ),
        stage="parse_params",
        change=unknown_value_ignored({"sort_by": ("CREATE_TIME", "DURATION"), "order_by": ("ASC", "DESC")}),
    ),
    conformant(
        "huawei-name-case-sensitive",
        api="huawei",
        cls="filter",
        description=(
            "the fuzzy `name` filter matches substrings in their exact case; silence: NOTES `name` rows "
            "(fuzzy, case rule unknown, so `substring`)"
        ),
        stage="parse_params",
        change=change_params(case_sensitive_substring("name")),
    ),
    conformant(
        "pai-eas-unknown-enum-filter-empty",
        api="pai-eas-services",
        cls="validation",
        description=(
            "ServiceStatus/Role/TrafficState/ServiceType/ResourceType outside the documented values: 200 "
            "with an empty list; silence: the seed lists the values, not the answer to others"
        ),
        stage="parse_params",
        change=unknown_enum_matches_nothing(PAI_EAS_ENUM_FILTERS),
    ),
    conformant(
        "pai-eas-label-any-json-value",
        api="pai-eas-services",
        cls="validation",
        description=(
            "a Label map value that is not a string (1, true, {}) is accepted and compared by its JSON text; "
            "silence: NOTES Label row documents string or null values, not the answer to others"
        ),
        stage="parse_params",
        change=_label_any_json_value,
    ),
    conformant(
        "pai-eas-filter-case-sensitive",
        api="pai-eas-services",
        cls="filter",
        description=(
            "the fuzzy `Filter` matches service-name substrings in their exact case; silence: NOTES Filter "
            "row (fuzzy by service name, case rule undocumented)"
        ),
        stage="parse_params",
        change=change_params(case_sensitive_substring("Filter")),
    ),
    conformant(
        "ha3-small-page-size-capped-10",
        api="opensearch-ha3-models",
        cls="pagination",
        description=(
            f"{SMALL_DEPLOYMENT} models; any pageSize above 10 (the default) is served as 10; silence: the "
            "document gives pageSize a default, no maximum, and no promise that every size is served"
        ),
        apply=small_deployment("opensearch-ha3-models", ("parse_params", change_params(_size_capped(10)))),
    ),
    conformant(
        "pai-eas-page-size-above-100-rejected",
        api="pai-eas-services",
        cls="pagination",
        description=(
            "a PageSize above 100 (the default) is a 400 InvalidParameter; silence: the document gives "
            "PageSize a default, no maximum"
        ),
        stage="parse_params",
        change=change_params(_size_above_rejected("PageSize", 100)),
    ),
    conformant(
        "pai-eas-service-name-fuzzy",
        api="pai-eas-services",
        cls="filter",
        description=(
            "ServiceName, ServiceUid, WorkspaceId, QuotaId, Gateway and CallerUid match any value containing "
            "the one asked, in any case; silence: NOTES rows (the seed states no match rule)"
        ),
        stage="parse_params",
        change=change_params(_fuzzy_filters(*PAI_FREE_TEXT_FILTERS)),
    ),
    conformant(
        "ha3-past-end-rejected",
        api="opensearch-ha3-models",
        cls="pagination",
        description=(
            "a pageNumber past the last page is a 400 InvalidParameter; silence: the document does not say "
            "what a page past the end gets"
        ),
        stage="parse_params",
        change=change_params(_past_end_rejected("pageNumber")),
    ),
    conformant(
        "pai-eas-strict-order",
        api="pai-eas-services",
        cls="validation",
        description=(
            "Order must be exactly asc or desc (ASC is a 400 InvalidParameter); silence: the seed gives the "
            "lower-case values, not whether case matters"
        ),
        stage="parse_params",
        change=reject_unknown("Order", ("asc", "desc")),
    ),
    conformant(
        "pai-eas-strict-sort-field",
        api="pai-eas-services",
        cls="validation",
        description=(
            "a Sort other than CreateTime is a 400 InvalidParameter; silence: NOTES Sort row (no value list, "
            "CreateTime the only field named)"
        ),
        stage="parse_params",
        change=reject_unknown("Sort", ("CreateTime",)),
    ),
    conformant(
        "pai-eas-clamp-paging",
        api="pai-eas-services",
        cls="pagination",
        description=(
            "PageNumber below 1 reads as 1 and PageSize below 1 as 100; silence: NOTES x-inferred "
            "minimum 1 row (reject-or-clamp)"
        ),
        stage="parse_params",
        change=clamp_paging("PageNumber", "PageSize", 100),
    ),
    conformant(
        "ha3-strict-model-type",
        api="opensearch-ha3-models",
        cls="validation",
        description=(
            "`type` outside the four documented model types is a 400 InvalidParameter with the HA3 error "
            "body; silence: NOTES `type` param row (plain string, no value list)"
        ),
        stage="parse_params",
        change=reject_unknown("type", HA3_MODEL_TYPES),
    ),
    conformant(
        "ha3-name-exact",
        api="opensearch-ha3-models",
        cls="filter",
        description=(
            "the `name` filter matches whole names only; silence: NOTES name row (exact or fuzzy not stated)"
        ),
        stage="parse_params",
        change=change_params(_ha3_name_exact),
    ),
    conformant(
        "ha3-clamp-paging",
        api="opensearch-ha3-models",
        cls="pagination",
        description=(
            "pageNumber below 1 reads as 1 and pageSize below 1 as 10; silence: NOTES x-inferred "
            "minimum 1 row (reject-or-clamp)"
        ),
        stage="parse_params",
        change=clamp_paging("pageNumber", "pageSize", 10),
    ),
    conformant(
        "zstack-unknown-sort-503",
        api="zstack-model-services",
        cls="validation",
        description=(
            "sort on a field the inventory lacks fails the API call: 503 with the ZStack "
            "ErrorCode body (provider-facts D convention, the spec's 503); silence: NOTES sort "
            "row (sortable set undocumented)"
        ),
        stage="parse_params",
        change=_unknown_sort(_zstack_sort_failure),
    ),
    conformant(
        "zstack-unknown-sort-ignored",
        api="zstack-model-services",
        cls="validation",
        description=(
            "sort on a field the inventory lacks is ignored (creation order); silence: NOTES sort row"
        ),
        stage="parse_params",
        change=_unknown_sort(_zstack_sort_dropped),
    ),
    conformant(
        "zstack-strict-conditions",
        api="zstack-model-services",
        cls="validation",
        description=(
            "a q condition on an unknown field or with a mistyped value is a 400 (plain text), not an empty "
            "match; silence: NOTES q row (only an operator-less q is a documented rejection)"
        ),
        apply=handler_hook("zstack-model-services", _strict_conditions),
    ),
    conformant(
        "zstack-clamp-negative-paging",
        api="zstack-model-services",
        cls="pagination",
        description=(
            "a negative limit or start reads as not sent (1000 / 0); silence: NOTES x-inferred minimum 0 row"
        ),
        stage="parse_params",
        change=_zstack_clamp_negative,
    ),
    conformant(
        "zstack-total-always",
        api="zstack-model-services",
        cls="envelope",
        description=(
            "total is in every reply, also without replyWithCount; silence: NOTES total row (added with "
            "replyWithCount, never forbidden otherwise)"
        ),
        stage="parse_params",
        change=change_params(_total_always),
    ),
    conformant(
        "empty-values-as-absent",
        api="all",
        cls="validation",
        description="a parameter sent with an empty value reads as not sent; silence: NOTES tolerance row "
        "(documents are silent on empty query values)",
        stage="parse_params",
        change=_without_empty_values,
    ),
]

for _variant in VALIDATION_VARIANTS:
    register(_variant)
