"""Huawei ListEndpoints: GET /v1/workspaces/{workspace_id}/endpoints (seed 001)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import params
from ..data.huawei import ENDPOINT_TYPES, VISIBILITIES
from ..errors import HUAWEI_BAD_REQUEST_CODE, ErrorReply, huawei_error
from ..filtering import Filter, exact, hidden_exact, substring_ci
from ..pipeline import ListParams, RequestContext
from ..records import Record
from ..sorting import by_field
from .huawei_common import HuaweiListHandler

VISIBILITY_ALL = "ALL"  # the SDK's "every visibility": no filter


class HuaweiEndpointsHandler(HuaweiListHandler):
    api = "huawei-endpoints"
    items_key = "endpoints"

    def workspaces(self) -> Mapping[str, Sequence[Record]]:
        return self.datasets.huawei_endpoints

    def unknown_workspace_error(self, workspace_id: str) -> ErrorReply:
        # The document lists no 404 for ListEndpoints: an unknown workspace is a bad request.
        message = f"invalid request parameter: workspace {workspace_id} does not exist"
        return huawei_error(400, HUAWEI_BAD_REQUEST_CODE, message, "not-found")

    def parse_params(self, ctx: RequestContext) -> ListParams:
        args = ctx.request.args
        window = self.parse_window(args)
        filters: list[Filter] = []
        model_id = params.text(args, "model_id")
        if model_id is not None:
            filters.append(hidden_exact("model_id", "model_id", model_id))
        name = params.text(args, "name")
        if name is not None:
            filters.append(substring_ci("name", "name", name))
        endpoint_id = params.text(args, "endpoint_id")
        if endpoint_id is not None:
            filters.append(exact("endpoint_id", "id", endpoint_id))
        endpoint_type = params.enum(args, "type", ENDPOINT_TYPES)
        if endpoint_type is not None:
            filters.append(exact("type", "type", endpoint_type))
        visibility = params.enum(args, "visibility", (*VISIBILITIES, VISIBILITY_ALL))
        if visibility is not None and visibility != VISIBILITY_ALL:
            filters.append(exact("visibility", "visibility", visibility))
        # No sort parameter is documented; newest first, like the instances API's default.
        return ListParams(window, filters, by_field("create_time", True, "datetime"))
