"""What both Huawei DataArts Fabric list APIs share: auth, offset/limit, error bodies, X-Request-Id."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal

from werkzeug.datastructures import MultiDict

from .. import params
from ..authentication import huawei_auth_error
from ..errors import (
    HUAWEI_BAD_REQUEST_CODE,
    HUAWEI_TYPE_MISMATCH_MSG,
    ApiError,
    ErrorReply,
    ParamError,
    huawei_error,
)
from ..paging import Window, offset_window
from ..pipeline import ListHandler, ListParams, Page, RequestContext
from ..records import Record

LIMIT_MIN, LIMIT_MAX, LIMIT_DEFAULT = 1, 100, 10
OFFSET_MIN = 0


class HuaweiListHandler(ListHandler):
    default_size = LIMIT_DEFAULT
    items_key: ClassVar[str]
    # Hook for the clamp-page-size variant: the documents allow rejecting or clamping an out-of-range limit.
    size_out_of_range: Literal["reject", "clamp"] = "reject"
    # ListServicesInstances documents offset <= 1000000000; ListEndpoints documents no maximum.
    offset_max: ClassVar[int | None] = None

    def workspaces(self) -> Mapping[str, Sequence[Record]]:
        raise NotImplementedError

    def unknown_workspace_error(self, workspace_id: str) -> ErrorReply:
        raise NotImplementedError

    def new_request_id(self) -> str:
        return uuid.uuid4().hex

    def response_headers(self, ctx: RequestContext) -> dict[str, str]:
        return {"X-Request-Id": ctx.request_id}

    def authenticate(self, ctx: RequestContext) -> ErrorReply | None:
        return huawei_auth_error(ctx.request, self.config)

    def resolve_scope(self, ctx: RequestContext) -> Sequence[Record]:
        workspace_id = ctx.path_args["workspace_id"]
        records = self.workspaces().get(workspace_id)
        if records is None:
            raise ApiError(self.unknown_workspace_error(workspace_id))
        return records

    def parse_window(self, args: MultiDict[str, str]) -> Window:
        limit = params.integer(args, "limit", LIMIT_DEFAULT)
        offset = params.integer(args, "offset", 0)
        if self.size_out_of_range == "clamp":
            limit = params.clamp(limit, LIMIT_MIN, LIMIT_MAX)
        params.require_range("limit", limit, LIMIT_MIN, LIMIT_MAX)
        params.require_range("offset", offset, OFFSET_MIN, self.offset_max)
        return offset_window(offset, limit)

    def render_body(self, page: Page, list_params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        return {"total": page.total, self.items_key: self.render_items(page)}

    def param_error(self, error: ParamError, ctx: RequestContext) -> ErrorReply:
        message = (
            HUAWEI_TYPE_MISMATCH_MSG if error.wrong_type else f"invalid request parameter: {error.message}"
        )
        return huawei_error(400, HUAWEI_BAD_REQUEST_CODE, message, "bad-param")

    def not_found_error(self, ctx: RequestContext) -> ErrorReply:
        return huawei_error(404, HUAWEI_BAD_REQUEST_CODE, "response status exception, code: 404", "not-found")

    def method_not_allowed_error(self, ctx: RequestContext) -> ErrorReply:
        return huawei_error(
            405, HUAWEI_BAD_REQUEST_CODE, "response status exception, code: 405", "method-not-allowed"
        )

    def internal_error(self, ctx: RequestContext) -> ErrorReply:
        return huawei_error(500, "common.00000500", "internal error", "internal")
