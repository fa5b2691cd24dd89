"""Conformant variants: providers that differ from the reference yet keep every documented rule.

A contract suite must pass all of them; each one guards against a suite that is stricter than the
documents (rejecting extra fields, a clamped page size, compression, latency, an empty workspace).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from werkzeug.wrappers import Request, Response

from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ...records import Record
from ..hooks import handler_hook, response_hook, stage_hook
from ..registry import conformant, register

EXTRA_FIELD = "xUndocumentedField"
EXTRA_OBJECT = "xUndocumentedObject"
LATENCY_SECONDS = 0.05


def with_extra_fields(value: Any, depth: int = 0) -> Any:
    """A copy of a JSON value with an undocumented field added to every object at every depth."""
    if isinstance(value, Mapping):
        copied = {key: with_extra_fields(item, depth + 1) for key, item in value.items()}
        copied[EXTRA_FIELD] = f"undocumented at depth {depth}"
        return copied
    if isinstance(value, list):
        return [with_extra_fields(item, depth + 1) for item in value]
    return value


def _extra_item_fields(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    extended: dict[int, Mapping[str, Any]] = {}  # records live as long as the datasets: id() is stable

    def render_item(record: Record) -> Mapping[str, Any]:
        key = id(record)
        if key not in extended:
            item = with_extra_fields(original(record))
            item[EXTRA_OBJECT] = {"note": "an undocumented object", "level": 1}
            extended[key] = item
        return extended[key]

    return render_item


def _extra_envelope_fields(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def render_body(page: Page, params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        body = original(page, params, ctx)
        body[EXTRA_FIELD] = "undocumented envelope field"
        body[EXTRA_OBJECT] = {"note": "an undocumented object", "level": 0}
        return body

    return render_body


def _apply_extra_fields(app: Any) -> None:
    stage_hook("all", "render_item", _extra_item_fields)(app)
    stage_hook("all", "render_body", _extra_envelope_fields)(app)


def _clamp_page_size(handler: ListHandler) -> None:
    handler.size_out_of_range = "clamp"  # type: ignore[attr-defined]  # Huawei handlers only


def gzip_when_accepted(request: Request, response: Response) -> Response:
    if response.status_code in (204, 304) or "Content-Encoding" in response.headers:
        return response
    if request.accept_encodings.quality("gzip") <= 0:
        return response
    response.set_data(gzip.compress(response.get_data(), compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def add_latency(request: Request, response: Response) -> Response:
    time.sleep(LATENCY_SECONDS)
    return response


def _empty_default_workspace(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def resolve_scope(ctx: RequestContext) -> Sequence[Record]:
        records: Sequence[Record] = original(ctx)
        if ctx.path_args.get("workspace_id") == handler.config.huawei_workspace_id:
            return ()
        return records

    return resolve_scope


register(
    conformant(
        "extra-fields",
        api="all",
        cls="schema",
        description="adds undocumented fields to every object at every depth of items and envelope",
        apply=_apply_extra_fields,
    )
)
register(
    conformant(
        "clamp-page-size",
        api="huawei",
        cls="pagination",
        description=(
            "clamps an out-of-range limit into [1,100] instead of rejecting it (documents allow either)"
        ),
        apply=handler_hook("huawei", _clamp_page_size),
    )
)
register(
    conformant(
        "gzip",
        api="all",
        cls="transport",
        description="gzip Content-Encoding whenever the client accepts it",
        apply=response_hook(gzip_when_accepted),
    )
)
register(
    conformant(
        "latency-50ms",
        api="all",
        cls="transport",
        description="every response is delayed by 50 ms",
        apply=response_hook(add_latency),
    )
)
register(
    conformant(
        "empty-workspace",
        api="huawei",
        cls="data",
        description="the default Huawei workspace holds no items (both Huawei APIs answer total 0)",
        stage="resolve_scope",
        change=_empty_default_workspace,
    )
)
