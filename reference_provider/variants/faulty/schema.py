"""Faulty variants of the response shape: field types, enum values, the list envelope, the media type."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ...data import HA3_MODEL_COUNT
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ..registry import faulty, register
from ..wrappers import change_body, change_items, change_response, oldest, set_path


def _stringify(path: str) -> Any:
    return lambda item: set_path(item, path, str)


def _set(path: str, value: Any) -> Any:
    return lambda item: set_path(item, path, lambda _: value)


def _rename(old: str, new: str) -> Any:
    def change(body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext) -> None:
        body[new] = body.pop(old)

    return change


def _total_as_string(body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext) -> None:
    body["total"] = str(body["total"])


def _zstack_total_dropped(body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext) -> None:
    body.pop("total", None)


def _text_plain(response: Response, ctx: RequestContext, status: int) -> Response:
    if status == 200:
        response.headers["Content-Type"] = "text/plain; charset=utf-8"
    return response


def _no_content_type(response: Response, ctx: RequestContext, status: int) -> Response:
    if status == 200:
        del response.headers["Content-Type"]
    return response


def _last_page_text_plain(original: Any, handler: ListHandler) -> Any:
    """Only the short page that ends a walk at the default size (offset > 0, no limit sent)."""

    def serialize(body: Any, ctx: RequestContext, status: int = 200) -> Response:
        response: Response = original(body, ctx, status)
        args = ctx.request.args
        items = body.get(getattr(handler, "items_key", ""), []) if isinstance(body, dict) else []
        offset = args.get("offset", "0")
        later = "limit" not in args and offset.isdigit() and int(offset) > 0
        if status == 200 and later and 0 < len(items) < handler.default_size:
            response.headers["Content-Type"] = "text/plain; charset=utf-8"
        return response

    return serialize


SCHEMA_VARIANTS = [
    # --- type -----------------------------------------------------------------------------------
    faulty(
        "huawei-instances-duration-string",
        api="huawei-service-instances",
        cls="type",
        description='serves every item\'s `duration` as a JSON string ("3600")',
        breaks="seed 000: duration is a Long (ServiceInstanceBriefInfo.duration integer int64)",
        stage="render_item",
        change=change_items(_stringify("duration")),
    ),
    faulty(
        "huawei-instances-resource-max-string",
        api="huawei-service-instances",
        cls="type",
        description="serves the nested config.model_instance_config.resource.max as a string",
        breaks="seed 000: ResourceDemand.max is an Integer (integer int32)",
        stage="render_item",
        change=change_items(_stringify("config.model_instance_config.resource.max")),
    ),
    faulty(
        "huawei-endpoints-total-string",
        api="huawei-endpoints",
        cls="type",
        description='serves the envelope `total` as a string ("37")',
        breaks="seed 001: total is an Integer (ListEndpointsResponse.total integer int32)",
        stage="render_body",
        change=change_body(_total_as_string),
    ),
    faulty(
        "huawei-endpoints-warm-up-string",
        api="huawei-endpoints",
        cls="type",
        description="serves reserved_resource.apu.warm_up_num (three levels deep) as a string",
        breaks="seed 001: ResourceDef.warm_up_num is an Integer (integer int32)",
        stage="render_item",
        change=change_items(_stringify("reserved_resource.apu.warm_up_num")),
    ),
    faulty(
        "pai-eas-cpu-string",
        api="pai-eas-services",
        cls="type",
        description="serves every service's `Cpu` as a string",
        breaks="seed 002: Cpu is an Integer (Service.Cpu integer int32)",
        stage="render_item",
        change=change_items(_stringify("Cpu")),
    ),
    faulty(
        "ha3-dimension-string",
        api="opensearch-ha3-models",
        cls="type",
        description="serves every model's `dimension` as a string",
        breaks="seed 004: dimension is an Integer (Model.dimension integer int32)",
        stage="render_item",
        change=change_items(_stringify("dimension")),
    ),
    faulty(
        "zstack-request-memory-string",
        api="zstack-model-services",
        cls="type",
        description="serves every inventory's `requestMemory` as a string",
        breaks="seed 003: requestMemory is a Long (ModelServiceInventory.requestMemory integer int64)",
        stage="render_item",
        change=change_items(_stringify("requestMemory")),
    ),
    # --- enum -----------------------------------------------------------------------------------
    faulty(
        "huawei-endpoints-status-active",
        api="huawei-endpoints",
        cls="enum",
        description="reports status ACTIVE (not an EndpointStatus value) for every running endpoint",
        breaks="seed 001: status is one of EndpointStatus (CREATING … INACTIVE)",
        stage="render_item",
        change=change_items(
            lambda item: set_path(item, "status", lambda s: "ACTIVE" if s == "RUNNING" else s)
        ),
    ),
    faulty(
        "ha3-type-text-rerank",
        api="opensearch-ha3-models",
        cls="enum",
        description=(
            "the last-created model reports type text_rerank (undocumented); only a "
            "walk to the end reaches it"
        ),
        breaks="seed 004: Model.type is one of the four documented model types",
        stage="render_item",
        change=change_items(_set("type", "text_rerank"), lambda r: r.index == HA3_MODEL_COUNT - 1),
    ),
    faulty(
        "ha3-nested-model-type-text-rerank",
        api="opensearch-ha3-models",
        cls="enum",
        description=(
            "the last-created model reports content.modelType text_rerank (nested, no filter reads it)"
        ),
        breaks="seed 004: ModelContent.modelType is one of the four documented model types",
        sole_catcher="test_every_enum_field_holds_a_documented_value",
        stage="render_item",
        change=change_items(
            _set("content.modelType", "text_rerank"), lambda r: r.index == HA3_MODEL_COUNT - 1
        ),
    ),
    faulty(
        "ha3-content-method-get",
        api="opensearch-ha3-models",
        cls="enum",
        description="nested content.method is GET (only PUT and POST are documented) on every model",
        breaks="seed 004: ModelContent.method is PUT or POST",
        stage="render_item",
        change=change_items(_set("content.method", "GET")),
    ),
    faulty(
        "pai-eas-status-broken",
        api="pai-eas-services",
        cls="enum",
        description=(
            "the oldest service reports Status Broken; newest-first it is the very last item of a walk"
        ),
        breaks="seed 002: Service.Status is one of the documented ServiceStatus values",
        stage="render_item",
        change=change_items(_set("Status", "Broken"), oldest()),
    ),
    faulty(
        "huawei-instances-visibility-shared",
        api="huawei-service-instances",
        cls="enum",
        description="the oldest instance reports visibility SHARED (undocumented)",
        breaks="seed 000: visibility is PRIVATE or PUBLIC (Visibility enum)",
        stage="render_item",
        change=change_items(_set("visibility", "SHARED"), oldest()),
    ),
    # --- envelope -------------------------------------------------------------------------------
    faulty(
        "huawei-instances-items-renamed",
        api="huawei-service-instances",
        cls="envelope",
        description="serves the items as `instances` instead of `service_instances`",
        breaks="seed 000: the 200 body carries service_instances (x-list.items)",
        stage="render_body",
        change=change_body(_rename("service_instances", "instances")),
    ),
    faulty(
        "huawei-endpoints-total-renamed",
        api="huawei-endpoints",
        cls="envelope",
        description="serves the total as `count` instead of `total`",
        breaks="seed 001: the 200 body carries total (x-list.total, required)",
        stage="render_body",
        change=change_body(_rename("total", "count")),
    ),
    faulty(
        "pai-eas-services-renamed",
        api="pai-eas-services",
        cls="envelope",
        description="serves the items as `ServiceList` instead of `Services`",
        breaks="seed 002: the 200 body carries Services (x-list.items, required)",
        stage="render_body",
        change=change_body(_rename("Services", "ServiceList")),
    ),
    faulty(
        "ha3-total-renamed",
        api="opensearch-ha3-models",
        cls="envelope",
        description="serves the total as `total` instead of `totalCount`",
        breaks="seed 004: the 200 body carries totalCount (x-list.total, required)",
        stage="render_body",
        change=change_body(_rename("totalCount", "total")),
    ),
    faulty(
        "zstack-total-dropped",
        api="zstack-model-services",
        cls="envelope",
        description="never answers `total`, even when replyWithCount=true asks for it",
        breaks="seed 003: replyWithCount=true adds total (x-list.total-requires)",
        stage="render_body",
        change=change_body(_zstack_total_dropped),
    ),
    # --- content-type ---------------------------------------------------------------------------
    faulty(
        "huawei-instances-text-plain",
        api="huawei-service-instances",
        cls="content-type",
        description="serves the JSON 200 body as text/plain",
        breaks="seed 000: the 200 body is application/json",
        stage="serialize",
        change=change_response(_text_plain),
    ),
    faulty(
        "huawei-endpoints-last-page-text-plain",
        api="huawei-endpoints",
        cls="content-type",
        description="the short last page of a default-size walk (offset > 0, no limit) comes as text/plain",
        breaks="seed 001: the 200 body is application/json",
        sole_catcher="test_every_page_carries_items_and_a_consistent_total",
        stage="serialize",
        change=_last_page_text_plain,
    ),
    faulty(
        "ha3-no-content-type",
        api="opensearch-ha3-models",
        cls="content-type",
        description="serves the JSON 200 body without a Content-Type header",
        breaks="seed 004: the 200 body is application/json",
        stage="serialize",
        change=change_response(_no_content_type),
    ),
    faulty(
        "zstack-text-plain",
        api="zstack-model-services",
        cls="content-type",
        description="serves the JSON 200 body as text/plain",
        breaks="seed 003: the 200 reply is application/json",
        stage="serialize",
        change=change_response(_text_plain),
    ),
]

for _variant in SCHEMA_VARIANTS:
    register(_variant)
