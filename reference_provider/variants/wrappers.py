"""Building blocks of the faulty catalogue: stage wrappers that change items, bodies, windows and errors.

Each helper returns a StageWrapper (see hooks.wrap_stage) so a catalogue entry stays one short record.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from ..errors import ErrorReply
from ..pipeline import ListHandler, ListParams, Page, RequestContext
from ..records import Record
from .hooks import StageWrapper, apis_in_scope, wrap_stage

Stage = Callable[..., Any]
ItemChange = Callable[[dict[str, Any]], None]
BodyChange = Callable[[dict[str, Any], Page, ListParams, RequestContext], None]
ParamsChange = Callable[[ListParams, RequestContext, ListHandler], None]


def set_path(obj: dict[str, Any], path: str, change: Callable[[Any], Any]) -> None:
    """Replace the value at a dot path (when present) by change(value)."""
    head, _, rest = path.partition(".")
    if head not in obj:
        return
    if rest:
        if isinstance(obj[head], dict):
            set_path(obj[head], rest, change)
        return
    obj[head] = change(obj[head])


def change_items(change: ItemChange, only: Callable[[Record], bool] | None = None) -> StageWrapper:
    """render_item returns a changed deep copy for the records `only` selects (all by default)."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        changed: dict[int, Mapping[str, Any]] = {}  # records live as long as the datasets: id() is stable

        def render_item(record: Record) -> Mapping[str, Any]:
            if only is not None and not only(record):
                return original(record)
            key = id(record)
            if key not in changed:
                item = copy.deepcopy(dict(original(record)))
                change(item)
                changed[key] = item
            return changed[key]

        return render_item

    return wrapper


def oldest(count: int = 1) -> Callable[[Record], bool]:
    """The `count` first-created records: the last ones a newest-first walk reaches."""
    return lambda record: record.index < count


def newest_of(total: int, count: int = 1) -> Callable[[Record], bool]:
    """The `count` last-created records of a dataset of `total` (the end of a creation-order walk)."""
    return lambda record: record.index >= total - count


def change_body(change: BodyChange) -> StageWrapper:
    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def render_body(page: Page, params: ListParams, ctx: RequestContext) -> dict[str, Any]:
            body: dict[str, Any] = original(page, params, ctx)
            change(body, page, params, ctx)
            return body

        return render_body

    return wrapper


def change_params(change: ParamsChange) -> StageWrapper:
    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def parse_params(ctx: RequestContext) -> ListParams:
            params: ListParams = original(ctx)
            change(params, ctx, handler)
            return params

        return parse_params

    return wrapper


def change_page(change: Callable[[Page, list[Record], ListParams], Page]) -> StageWrapper:
    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def paginate(records: list[Record], params: ListParams) -> Page:
            return change(original(records, params), records, params)

        return paginate

    return wrapper


def change_response(change: Callable[[Response, RequestContext, int], Response]) -> StageWrapper:
    """serialize: the 200 (and JSON error) responses after they are built."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def serialize(body: Any, ctx: RequestContext, status: int = 200) -> Response:
            return change(original(body, ctx, status), ctx, status)

        return serialize

    return wrapper


def change_error(change: Callable[[ErrorReply, RequestContext], ErrorReply | Response]) -> StageWrapper:
    """render_error: rewrite the reply (or answer a whole other response) before it is rendered."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def render_error(reply: ErrorReply, ctx: RequestContext) -> Response:
            changed = change(reply, ctx)
            return changed if isinstance(changed, Response) else original(changed, ctx)

        return render_error

    return wrapper


def accept_auth(accept: Callable[[ErrorReply, RequestContext], bool]) -> StageWrapper:
    """authenticate: let through the credential failures `accept` selects."""

    def wrapper(original: Stage, handler: ListHandler) -> Stage:
        def authenticate(ctx: RequestContext) -> ErrorReply | None:
            denial: ErrorReply | None = original(ctx)
            return None if denial is not None and accept(denial, ctx) else denial

        return authenticate

    return wrapper


def drop_body_fields(reply: ErrorReply, *names: str) -> ErrorReply:
    if isinstance(reply.body, str):
        return reply
    return dataclasses.replace(reply, body={k: v for k, v in reply.body.items() if k not in names})


def with_args(ctx: RequestContext, overrides: Mapping[str, str | None]) -> RequestContext:
    """The same request with some query parameters replaced (None removes one), for re-parsing."""
    pairs = [(k, v) for k, v in ctx.request.args.items(multi=True) if k not in overrides]
    pairs += [(k, v) for k, v in overrides.items() if v is not None]
    environ = {**ctx.request.environ, "QUERY_STRING": urlencode(pairs)}
    return RequestContext(Request(environ), ctx.path_args, ctx.request_id)


def apply_all(scope: str, *stages: tuple[str, StageWrapper]) -> Callable[[Any], None]:
    """A variant `apply` that wraps several stages of every handler in scope (one fault, two stages)."""

    def apply(app: Any) -> None:
        for api in apis_in_scope(scope):
            for stage, wrapper in stages:
                wrap_stage(app.handlers[api], stage, wrapper)

    return apply


def is_partial_later_page(page: Page, params: ListParams) -> bool:
    """A non-empty page after the first that holds fewer items than its size: the end of a walk."""
    return params.window.offset > 0 and 0 < len(page.records) < params.window.size
