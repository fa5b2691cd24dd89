"""What PAI-EAS and HA3 share: ACS3 authentication, 1-based page numbers, the x-acs-request-id header."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from .. import params
from ..authentication import alibaba_auth_error
from ..errors import ErrorReply
from ..pipeline import ListHandler, RequestContext


class AlibabaListHandler(ListHandler):
    page_param: str
    size_param: str

    def response_headers(self, ctx: RequestContext) -> dict[str, str]:
        return {"x-acs-request-id": ctx.request_id}

    def authenticate(self, ctx: RequestContext) -> ErrorReply | None:
        return alibaba_auth_error(ctx.request, self.config, ctx.request_id)

    def parse_page(self, args: MultiDict[str, str]) -> tuple[int, int]:
        """Page number (first page 1) and page size, both at least 1; no documented maximum."""
        page_number = params.require_range(self.page_param, params.integer(args, self.page_param, 1), 1)
        page_size = params.integer(args, self.size_param, self.default_size)
        return page_number, params.require_range(self.size_param, page_size, 1)
