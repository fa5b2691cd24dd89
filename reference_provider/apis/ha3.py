"""Alibaba OpenSearch HA3 ListModels: GET /openapi/ha3/instances/{instanceId}/models (seed 004)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from .. import params
from ..errors import ApiError, ErrorReply, ParamError, ha3_error
from ..filtering import Filter, exact, substring_ci
from ..paging import page_window
from ..pipeline import ListParams, Page, RequestContext
from ..records import Record
from .alibaba_common import AlibabaListHandler


class Ha3ModelsHandler(AlibabaListHandler):
    api = "opensearch-ha3-models"
    default_size = 10
    page_param = "pageNumber"
    size_param = "pageSize"

    def new_request_id(self) -> str:
        return str(uuid.uuid4())  # lower case, as in the document's example

    def resolve_scope(self, ctx: RequestContext) -> Sequence[Record]:
        instance_id = ctx.path_args["instanceId"]
        records = self.datasets.ha3_models.get(instance_id)
        if records is None:
            message = f"The specified instance {instance_id} does not exist."
            raise ApiError(
                ha3_error(404, "InstanceNotFound", message, request_id=ctx.request_id, kind="not-found")
            )
        return records

    def parse_params(self, ctx: RequestContext) -> ListParams:
        args = ctx.request.args
        page_number, page_size = self.parse_page(args)
        filters: list[Filter] = []
        name = params.text(args, "name")
        if name is not None:
            # The document only says "model name": exact or fuzzy both conform; fuzzy serves both readings.
            filters.append(substring_ci("name", "name", name))
        model_type = params.text(args, "type")
        if model_type is not None:
            filters.append(exact("type", "type", model_type))
        # No documented order: creation order (the records' own order).
        return ListParams(page_window(page_number, page_size), filters)

    def render_body(self, page: Page, list_params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        return {"requestId": ctx.request_id, "totalCount": page.total, "result": self.render_items(page)}

    def param_error(self, error: ParamError, ctx: RequestContext) -> ErrorReply:
        message = f"The parameter {error.param} is invalid. {error.message}"
        return ha3_error(400, "InvalidParameter", message, request_id=ctx.request_id, kind="bad-param")

    def not_found_error(self, ctx: RequestContext) -> ErrorReply:
        return ha3_error(
            404, "NotFound", "The specified api is not found.", request_id=ctx.request_id, kind="not-found"
        )

    def method_not_allowed_error(self, ctx: RequestContext) -> ErrorReply:
        message = f"The HTTP method {ctx.request.method} is not supported; use GET."
        return ha3_error(
            405, "MethodNotAllowed", message, request_id=ctx.request_id, kind="method-not-allowed"
        )

    def internal_error(self, ctx: RequestContext) -> ErrorReply:
        message = "The request processing has failed due to some unknown error."
        return ha3_error(500, "InternalServerError", message, request_id=ctx.request_id, kind="internal")
