"""Huawei ListServicesInstances: GET /v1/workspaces/{workspace_id}/services/instances (seed 000)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import params
from ..data.huawei import INSTANCE_TYPES, VISIBILITIES
from ..errors import HUAWEI_BAD_REQUEST_CODE, ErrorReply, huawei_error
from ..filtering import Filter, exact, substring_ci
from ..pipeline import ListParams, RequestContext
from ..records import Record
from ..sorting import by_field
from .huawei_common import HuaweiListHandler

EXACT_FILTERS = (
    ("id", "id"),
    ("endpoint_id", "endpoint_id"),
    ("source_id", "source.id"),
    ("version_id", "source.version_id"),
)
SORT_FIELDS = {"CREATE_TIME": ("create_time", "datetime"), "DURATION": ("duration", "number")}
ORDERS = ("ASC", "DESC")


class HuaweiInstancesHandler(HuaweiListHandler):
    api = "huawei-service-instances"
    items_key = "service_instances"
    offset_max = 1_000_000_000

    def workspaces(self) -> Mapping[str, Sequence[Record]]:
        return self.datasets.huawei_instances

    def unknown_workspace_error(self, workspace_id: str) -> ErrorReply:
        return huawei_error(404, HUAWEI_BAD_REQUEST_CODE, "response status exception, code: 404", "not-found")

    def parse_params(self, ctx: RequestContext) -> ListParams:
        args = ctx.request.args
        window = self.parse_window(args)
        filters: list[Filter] = []
        for param, field in EXACT_FILTERS:
            value = params.text(args, param)
            if value is not None:
                filters.append(exact(param, field, value))
        name = params.text(args, "name")
        if name is not None:
            filters.append(substring_ci("name", "name", name))
        service_type = params.enum(args, "type", INSTANCE_TYPES)
        if service_type is not None:
            filters.append(exact("type", "type", service_type))
        visibility = params.enum(args, "visibility", VISIBILITIES)
        if visibility is not None:
            filters.append(exact("visibility", "visibility", visibility))
        sort_by = params.enum(args, "sort_by", tuple(SORT_FIELDS)) or "CREATE_TIME"
        order_by = params.enum(args, "order_by", ORDERS) or "DESC"
        field, compare = SORT_FIELDS[sort_by]
        return ListParams(window, filters, by_field(field, order_by == "DESC", compare))
