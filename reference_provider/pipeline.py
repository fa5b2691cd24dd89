"""The list handler pipeline every API follows, one overridable stage per step.

authenticate → resolve_scope → parse_params → select → order → paginate → render_body → serialize,
with render_error for every error reply. A variant replaces one stage on one handler instance
(see variants.wrap_stage); API modules override the stages whose rules differ.
"""

from __future__ import annotations

import json
import sys
import traceback
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from werkzeug.wrappers import Request, Response

from .config import ProviderConfig
from .data import Datasets
from .errors import ApiError, ErrorReply, ParamError
from .filtering import Filter, apply_filters
from .paging import Window
from .records import Record
from .sorting import Ordering, order_records

JSON_CONTENT_TYPE = "application/json"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"


@dataclass
class RequestContext:
    request: Request
    path_args: Mapping[str, str]
    request_id: str


@dataclass
class ListParams:
    window: Window
    filters: list[Filter] = field(default_factory=list)
    ordering: Ordering | None = None
    echo: dict[str, Any] = field(default_factory=dict)  # envelope fields that echo request values
    options: dict[str, Any] = field(default_factory=dict)  # API-specific switches (replyWithCount, ...)


@dataclass(frozen=True)
class Page:
    records: list[Record]
    total: int  # matches before pagination


class ListHandler:
    """One list API. Subclasses set `api`, `default_size` and the stages that raise NotImplementedError."""

    api: ClassVar[str]
    default_size: ClassVar[int]

    def __init__(self, config: ProviderConfig, datasets: Datasets) -> None:
        self.config = config
        self.datasets = datasets

    # --- driver -------------------------------------------------------------------------------

    def handle(self, request: Request, path_args: Mapping[str, str]) -> Response:
        ctx = self.make_context(request, path_args)
        try:
            denial = self.authenticate(ctx)
            if denial is not None:
                return self.render_error(denial, ctx)
            scope = self.resolve_scope(ctx)
            try:
                params = self.parse_params(ctx)
            except ParamError as error:
                return self.render_error(self.param_error(error, ctx), ctx)
            selected = self.select(scope, params)
            ordered = self.order(selected, params)
            page = self.paginate(ordered, params)
            body = self.render_body(page, params, ctx)
            return self.serialize(body, ctx)
        except ApiError as error:
            return self.render_error(error.reply, ctx)
        except Exception:  # a conformant provider never answers 500; print why if it ever does
            traceback.print_exc(file=sys.stderr)
            return self.render_error(self.internal_error(ctx), ctx)

    # --- stages -------------------------------------------------------------------------------

    def make_context(self, request: Request, path_args: Mapping[str, str]) -> RequestContext:
        return RequestContext(request, path_args, self.new_request_id())

    def new_request_id(self) -> str:
        return str(uuid.uuid4()).upper()

    def authenticate(self, ctx: RequestContext) -> ErrorReply | None:
        raise NotImplementedError

    def resolve_scope(self, ctx: RequestContext) -> Sequence[Record]:
        """The records the path addresses (a workspace, an instance); raises ApiError for unknown ids."""
        raise NotImplementedError

    def parse_params(self, ctx: RequestContext) -> ListParams:
        raise NotImplementedError

    def select(self, scope: Sequence[Record], params: ListParams) -> list[Record]:
        return apply_filters(scope, params.filters)

    def order(self, records: list[Record], params: ListParams) -> list[Record]:
        if params.ordering is None:
            return records
        return order_records(records, params.ordering)

    def paginate(self, records: list[Record], params: ListParams) -> Page:
        return Page(params.window.slice(records), len(records))

    def render_item(self, record: Record) -> Mapping[str, Any]:
        return record.doc

    def render_items(self, page: Page) -> list[Mapping[str, Any]]:
        return [self.render_item(record) for record in page.records]

    def render_body(self, page: Page, params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        raise NotImplementedError

    def response_headers(self, ctx: RequestContext) -> dict[str, str]:
        return {}

    def serialize(self, body: Any, ctx: RequestContext, status: int = 200) -> Response:
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode()
        return Response(
            payload, status=status, headers=self.response_headers(ctx), content_type=JSON_CONTENT_TYPE
        )

    def param_error(self, error: ParamError, ctx: RequestContext) -> ErrorReply:
        raise NotImplementedError

    def not_found_error(self, ctx: RequestContext) -> ErrorReply:
        raise NotImplementedError

    def method_not_allowed_error(self, ctx: RequestContext) -> ErrorReply:
        raise NotImplementedError

    def internal_error(self, ctx: RequestContext) -> ErrorReply:
        raise NotImplementedError

    def render_error(self, reply: ErrorReply, ctx: RequestContext) -> Response:
        if isinstance(reply.body, str):
            headers = {**self.response_headers(ctx), **reply.headers}
            return Response(reply.body, status=reply.status, headers=headers, content_type=TEXT_CONTENT_TYPE)
        response = self.serialize(reply.body, ctx, status=reply.status)
        response.headers.update(reply.headers)
        return response
