"""Faulty variants of the response shape: field types, enum values, the list envelope, the media type."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from ...data import HA3_MODEL_COUNT
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ..hooks import stage_hook
from ..registry import Variant, register
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
    Variant(
        "huawei-instances-duration-string",
        "huawei-service-instances",
        "type",
        'serves every item\'s `duration` as a JSON string ("3600")',
        "seed 000: duration is a Long (ServiceInstanceBriefInfo.duration integer int64)",
        False,
        stage_hook("huawei-service-instances", "render_item", change_items(_stringify("duration"))),
    ),
    Variant(
        "huawei-instances-resource-max-string",
        "huawei-service-instances",
        "type",
        "serves the nested config.model_instance_config.resource.max as a string",
        "seed 000: ResourceDemand.max is an Integer (integer int32)",
        False,
        stage_hook(
            "huawei-service-instances",
            "render_item",
            change_items(_stringify("config.model_instance_config.resource.max")),
        ),
    ),
    Variant(
        "huawei-endpoints-total-string",
        "huawei-endpoints",
        "type",
        'serves the envelope `total` as a string ("37")',
        "seed 001: total is an Integer (ListEndpointsResponse.total integer int32)",
        False,
        stage_hook("huawei-endpoints", "render_body", change_body(_total_as_string)),
    ),
    Variant(
        "huawei-endpoints-warm-up-string",
        "huawei-endpoints",
        "type",
        "serves reserved_resource.apu.warm_up_num (three levels deep) as a string",
        "seed 001: ResourceDef.warm_up_num is an Integer (integer int32)",
        False,
        stage_hook(
            "huawei-endpoints",
            "render_item",
            change_items(_stringify("reserved_resource.apu.warm_up_num")),
        ),
    ),
    Variant(
        "pai-eas-cpu-string",
        "pai-eas-services",
        "type",
        "serves every service's `Cpu` as a string",
        "seed 002: Cpu is an Integer (Service.Cpu integer int32)",
        False,
        stage_hook("pai-eas-services", "render_item", change_items(_stringify("Cpu"))),
    ),
    Variant(
        "ha3-dimension-string",
        "opensearch-ha3-models",
        "type",
        "serves every model's `dimension` as a string",
        "seed 004: dimension is an Integer (Model.dimension integer int32)",
        False,
        stage_hook("opensearch-ha3-models", "render_item", change_items(_stringify("dimension"))),
    ),
    Variant(
        "zstack-request-memory-string",
        "zstack-model-services",
        "type",
        "serves every inventory's `requestMemory` as a string",
        "seed 003: requestMemory is a Long (ModelServiceInventory.requestMemory integer int64)",
        False,
        stage_hook("zstack-model-services", "render_item", change_items(_stringify("requestMemory"))),
    ),
    # --- enum -----------------------------------------------------------------------------------
    Variant(
        "huawei-endpoints-status-active",
        "huawei-endpoints",
        "enum",
        "reports status ACTIVE (not an EndpointStatus value) for every running endpoint",
        "seed 001: status is one of EndpointStatus (CREATING … INACTIVE)",
        False,
        stage_hook(
            "huawei-endpoints",
            "render_item",
            change_items(lambda item: set_path(item, "status", lambda s: "ACTIVE" if s == "RUNNING" else s)),
        ),
    ),
    Variant(
        "ha3-type-text-rerank",
        "opensearch-ha3-models",
        "enum",
        "the last-created model reports type text_rerank (undocumented); only a walk to the end reaches it",
        "seed 004: Model.type is one of the four documented model types",
        False,
        stage_hook(
            "opensearch-ha3-models",
            "render_item",
            change_items(_set("type", "text_rerank"), lambda r: r.index == HA3_MODEL_COUNT - 1),
        ),
    ),
    Variant(
        "ha3-nested-model-type-text-rerank",
        "opensearch-ha3-models",
        "enum",
        "the last-created model reports content.modelType text_rerank (nested, no filter reads it) "
        "(meant to be caught by test_every_enum_field_holds_a_documented_value alone)",
        "seed 004: ModelContent.modelType is one of the four documented model types",
        False,
        stage_hook(
            "opensearch-ha3-models",
            "render_item",
            change_items(_set("content.modelType", "text_rerank"), lambda r: r.index == HA3_MODEL_COUNT - 1),
        ),
    ),
    Variant(
        "ha3-content-method-get",
        "opensearch-ha3-models",
        "enum",
        "nested content.method is GET (only PUT and POST are documented) on every model",
        "seed 004: ModelContent.method is PUT or POST",
        False,
        stage_hook("opensearch-ha3-models", "render_item", change_items(_set("content.method", "GET"))),
    ),
    Variant(
        "pai-eas-status-broken",
        "pai-eas-services",
        "enum",
        "the oldest service reports Status Broken; newest-first it is the very last item of a walk",
        "seed 002: Service.Status is one of the documented ServiceStatus values",
        False,
        stage_hook("pai-eas-services", "render_item", change_items(_set("Status", "Broken"), oldest())),
    ),
    Variant(
        "huawei-instances-visibility-shared",
        "huawei-service-instances",
        "enum",
        "the oldest instance reports visibility SHARED (undocumented)",
        "seed 000: visibility is PRIVATE or PUBLIC (Visibility enum)",
        False,
        stage_hook(
            "huawei-service-instances", "render_item", change_items(_set("visibility", "SHARED"), oldest())
        ),
    ),
    # --- envelope -------------------------------------------------------------------------------
    Variant(
        "huawei-instances-items-renamed",
        "huawei-service-instances",
        "envelope",
        "serves the items as `instances` instead of `service_instances`",
        "seed 000: the 200 body carries service_instances (x-list.items)",
        False,
        stage_hook(
            "huawei-service-instances", "render_body", change_body(_rename("service_instances", "instances"))
        ),
    ),
    Variant(
        "huawei-endpoints-total-renamed",
        "huawei-endpoints",
        "envelope",
        "serves the total as `count` instead of `total`",
        "seed 001: the 200 body carries total (x-list.total, required)",
        False,
        stage_hook("huawei-endpoints", "render_body", change_body(_rename("total", "count"))),
    ),
    Variant(
        "pai-eas-services-renamed",
        "pai-eas-services",
        "envelope",
        "serves the items as `ServiceList` instead of `Services`",
        "seed 002: the 200 body carries Services (x-list.items, required)",
        False,
        stage_hook("pai-eas-services", "render_body", change_body(_rename("Services", "ServiceList"))),
    ),
    Variant(
        "ha3-total-renamed",
        "opensearch-ha3-models",
        "envelope",
        "serves the total as `total` instead of `totalCount`",
        "seed 004: the 200 body carries totalCount (x-list.total, required)",
        False,
        stage_hook("opensearch-ha3-models", "render_body", change_body(_rename("totalCount", "total"))),
    ),
    Variant(
        "zstack-total-dropped",
        "zstack-model-services",
        "envelope",
        "never answers `total`, even when replyWithCount=true asks for it",
        "seed 003: replyWithCount=true adds total (x-list.total-requires)",
        False,
        stage_hook("zstack-model-services", "render_body", change_body(_zstack_total_dropped)),
    ),
    # --- content-type ---------------------------------------------------------------------------
    Variant(
        "huawei-instances-text-plain",
        "huawei-service-instances",
        "content-type",
        "serves the JSON 200 body as text/plain",
        "seed 000: the 200 body is application/json",
        False,
        stage_hook("huawei-service-instances", "serialize", change_response(_text_plain)),
    ),
    Variant(
        "huawei-endpoints-last-page-text-plain",
        "huawei-endpoints",
        "content-type",
        "the short last page of a default-size walk (offset > 0, no limit) comes as text/plain "
        "(meant to be caught by test_every_page_carries_items_and_a_consistent_total alone)",
        "seed 001: the 200 body is application/json",
        False,
        stage_hook("huawei-endpoints", "serialize", _last_page_text_plain),
    ),
    Variant(
        "ha3-no-content-type",
        "opensearch-ha3-models",
        "content-type",
        "serves the JSON 200 body without a Content-Type header",
        "seed 004: the 200 body is application/json",
        False,
        stage_hook("opensearch-ha3-models", "serialize", change_response(_no_content_type)),
    ),
    Variant(
        "zstack-text-plain",
        "zstack-model-services",
        "content-type",
        "serves the JSON 200 body as text/plain",
        "seed 003: the 200 reply is application/json",
        False,
        stage_hook("zstack-model-services", "serialize", change_response(_text_plain)),
    ),
]

for _variant in SCHEMA_VARIANTS:
    register(_variant)
