"""Alibaba PAI-EAS ListServices: GET /api/v2/services (seed 002)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import params
from ..data.pai_eas import RESOURCE_TYPES, ROLES, SERVICE_STATUSES, SERVICE_TYPES, TRAFFIC_STATES
from ..errors import ErrorReply, ParamError, alibaba_gateway_error
from ..filtering import Filter, exact, exact_any, hidden_exact, label_map, substring_ci
from ..paging import page_window
from ..pipeline import ListParams, Page, RequestContext
from ..records import Record
from ..sorting import by_field
from .alibaba_common import AlibabaListHandler

EXACT_TEXT_FILTERS = (
    ("GroupName", "ServiceGroup"),
    ("ServiceName", "ServiceName"),
    ("ServiceUid", "ServiceUid"),
    ("WorkspaceId", "WorkspaceId"),
    ("QuotaId", "QuotaId"),
    ("Gateway", "Gateway"),
    ("ResourceAliasName", "ResourceAlias"),
    ("ResourceId", "Resource"),
    ("CallerUid", "CallerUid"),
)
EXACT_ENUM_FILTERS = (
    # The parameter's 18 documented values plus Deploying, which items carry (metadata Status enum).
    ("ServiceStatus", "Status", SERVICE_STATUSES),
    ("Role", "Role", ROLES),
    ("TrafficState", "TrafficState", TRAFFIC_STATES),
)
HIDDEN_ENUM_FILTERS = (
    ("ServiceType", "service_type", SERVICE_TYPES),
    ("ResourceType", "resource_type", RESOURCE_TYPES),
)
BOOLEAN_FILTERS = ("ResourceBurstable", "CronscalerEnabled", "AutoscalerEnabled")
ORDERS = ("asc", "desc")


class PaiEasServicesHandler(AlibabaListHandler):
    api = "pai-eas-services"
    default_size = 100
    page_param = "PageNumber"
    size_param = "PageSize"

    def resolve_scope(self, ctx: RequestContext) -> Sequence[Record]:
        return self.datasets.pai_eas_services

    def parse_params(self, ctx: RequestContext) -> ListParams:
        args = ctx.request.args
        page_number, page_size = self.parse_page(args)
        filters: list[Filter] = []
        fuzzy = params.text(args, "Filter")
        if fuzzy is not None:
            filters.append(substring_ci("Filter", "ServiceName", fuzzy))
        for param, field in EXACT_TEXT_FILTERS:
            value = params.text(args, param)
            if value is not None:
                filters.append(exact(param, field, value))
        resource_name = params.text(args, "ResourceName")
        if resource_name is not None:  # "the resource group's name or ID"
            filters.append(exact_any("ResourceName", ("Resource", "ResourceAlias"), resource_name))
        for param, field, allowed in EXACT_ENUM_FILTERS:
            choice = params.enum(args, param, allowed)
            if choice is not None:
                filters.append(exact(param, field, choice))
        for param, key, allowed in HIDDEN_ENUM_FILTERS:
            choice = params.enum(args, param, allowed)
            if choice is not None:
                filters.append(hidden_exact(param, key, choice))
        for param in BOOLEAN_FILTERS:
            flag = params.boolean(args, param)
            if flag is not None:
                filters.append(exact(param, param, flag))
        parent = params.text(args, "ParentServiceUid")
        if parent is not None:
            filters.append(hidden_exact("ParentServiceUid", "parent_service_uid", parent))
        if params.boolean(args, "IncludeNoWorkspace") is False:
            filters.append(hidden_exact("IncludeNoWorkspace", "has_workspace", True))
        labels = params.json_string_map(args, "Label")
        if labels:
            filters.append(label_map("Label", "Labels", labels))
        # CreateTime is the only documented sort field; any other Sort value falls back to it.
        order = params.enum(args, "Order", ORDERS, ignore_case=True) or "desc"
        ordering = by_field("CreateTime", order == "desc", "datetime")
        echo = {"PageNumber": page_number, "PageSize": page_size}
        return ListParams(page_window(page_number, page_size), filters, ordering, echo)

    def render_body(self, page: Page, list_params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        return {
            "RequestId": ctx.request_id,
            "Services": self.render_items(page),
            "PageNumber": list_params.echo["PageNumber"],
            "PageSize": list_params.echo["PageSize"],
            "TotalCount": page.total,
        }

    def _gateway_error(
        self, status: int, code: str, message: str, ctx: RequestContext, kind: Any
    ) -> ErrorReply:
        return alibaba_gateway_error(
            status, code, message, request_id=ctx.request_id, host=ctx.request.host, kind=kind
        )

    def param_error(self, error: ParamError, ctx: RequestContext) -> ErrorReply:
        message = f"The specified parameter {error.param} is not valid. {error.message}"
        return self._gateway_error(400, "InvalidParameter", message, ctx, "bad-param")

    def not_found_error(self, ctx: RequestContext) -> ErrorReply:
        return self._gateway_error(
            404, "InvalidAction.NotFound", "Specified api is not found.", ctx, "not-found"
        )

    def method_not_allowed_error(self, ctx: RequestContext) -> ErrorReply:
        message = f"The HTTP method {ctx.request.method} is not supported; use GET."
        return self._gateway_error(405, "UnsupportedHTTPMethod", message, ctx, "method-not-allowed")

    def internal_error(self, ctx: RequestContext) -> ErrorReply:
        message = "The request processing has failed due to some unknown error."
        return self._gateway_error(500, "InternalError", message, ctx, "internal")
