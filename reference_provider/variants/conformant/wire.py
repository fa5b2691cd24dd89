"""Conformant wire shapes: the same JSON documents and statuses, sent the way other servers send them.

No document fixes JSON formatting, key order, transfer coding, keep-alive, the time-zone offset of an
RFC 3339 timestamp or the absence of rate limits; real gateways differ in all of them.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from werkzeug.wrappers import Request, Response

from ...pipeline import ListHandler, RequestContext
from ...records import Record
from ..hooks import response_hook, stage_hook
from ..registry import conformant, register
from ..wrappers import change_response

RATE_LIMIT_EVERY = 7  # every 7th request is refused with 429
# And every 343rd asks for one second, not zero: a full run then waits a few seconds, well inside the
# run's documented Retry-After budget (RETRY_AFTER_MAX_WAIT, 120 s by default), which a gateway that
# makes it wait longer would rightly exhaust.
RATE_LIMIT_LONG_EVERY = 7 * 7 * 7
CHUNK_BYTES = 512
# Each request waits 0 to JITTER_MAX_MS, fixed by its target (method, path and query): the same request
# always waits as long, and concurrent pages of one walk finish in an order other than they were asked.
JITTER_MAX_MS = 40
CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
# RFC 3339 timestamps (the specs' format: date-time) of the Huawei and PAI-EAS items.
OFFSET_FIELDS: Mapping[str, tuple[str, ...]] = {
    "huawei-service-instances": ("create_time", "update_time"),
    "huawei-endpoints": ("create_time", "update_time"),
    "pai-eas-services": ("CreateTime", "UpdateTime"),
}


def _rewrite_json(dump: Callable[[Any], str]) -> Callable[[Request, Response], Response]:
    def rewrite(request: Request, response: Response) -> Response:
        if response.mimetype != "application/json" or "Content-Encoding" in response.headers:
            return response
        data = response.get_data()
        if not data:
            return response
        response.set_data(dump(json.loads(data)).encode())
        return response

    return rewrite


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(item) for item in value]
    return value


def _chunked(request: Request, response: Response) -> Response:
    data = response.get_data()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(data), CHUNK_BYTES):
            yield data[start : start + CHUNK_BYTES]

    # A body iterator without Content-Length: the HTTP/1.1 server sends Transfer-Encoding: chunked.
    response.response = chunks()
    response.headers.pop("Content-Length", None)
    return response


def _connection_close(request: Request, response: Response) -> Response:
    response.headers["Connection"] = "close"
    return response


def _charset_parameter(request: Request, response: Response) -> Response:
    if response.mimetype == "application/json":
        response.headers["Content-Type"] = "application/json;charset=UTF-8"
    return response


class _RateLimiter:
    """Refuses every RATE_LIMIT_EVERY-th request with 429 and a Retry-After (deterministic count)."""

    def __init__(self) -> None:
        self._count = itertools.count(1)
        self._lock = threading.Lock()

    def __call__(self, request: Request, response: Response) -> Response:
        with self._lock:
            number = next(self._count)
        if number % RATE_LIMIT_EVERY:
            return response
        wait = "1" if number % RATE_LIMIT_LONG_EVERY == 0 else "0"
        body = json.dumps({"code": "Throttling", "message": "Request was denied due to flow control."})
        return Response(body, status=429, headers={"Retry-After": wait}, content_type="application/json")


def jitter_ms(request: Request) -> int:
    """0..JITTER_MAX_MS, a hash of the request's method, path and query (deterministic across runs)."""
    target = f"{request.method} {request.full_path}".encode()
    return zlib.crc32(target) % (JITTER_MAX_MS + 1)


def _jittered_latency(request: Request, response: Response) -> Response:
    time.sleep(jitter_ms(request) / 1000)
    return response


def _apply_rate_limit(app: Any) -> None:
    response_hook(_RateLimiter())(app)  # one counter per app, so every run starts the same way


def _offset_timestamps(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    fields = OFFSET_FIELDS[handler.api]
    # PAI-EAS documents UTC ("RFC 3339 format (UTC)"): +00:00 instead of Z; Huawei names no zone.
    zone = UTC if handler.api == "pai-eas-services" else CHINA_STANDARD_TIME
    rendered: dict[int, Mapping[str, Any]] = {}

    def render_item(record: Record) -> Mapping[str, Any]:
        key = id(record)
        if key not in rendered:
            item = dict(original(record))
            for field in fields:
                moment = record.keys.get(field)
                if isinstance(moment, datetime) and field in item:
                    item[field] = _with_offset(moment.astimezone(zone), millis="." in str(item[field]))
            rendered[key] = item
        return rendered[key]

    return render_item


def _with_offset(moment: datetime, *, millis: bool) -> str:
    text = moment.isoformat(timespec="milliseconds" if millis else "seconds")
    return text  # isoformat writes +08:00 / +00:00, never Z


def _apply_offsets(app: Any) -> None:
    for api in OFFSET_FIELDS:
        stage_hook(api, "render_item", _offset_timestamps)(app)


def _no_request_id_on_200(response: Response, ctx: RequestContext, status: int) -> Response:
    if status == 200:
        del response.headers["X-Request-Id"]
    return response


WIRE_VARIANTS = [
    conformant(
        "huawei-endpoints-no-request-id",
        api="huawei-endpoints",
        cls="api-specific",
        description=(
            "200 responses carry no X-Request-Id header (errors still do); silence: the document names no "
            "request id, the SDK only maps the header when it is there (provider-facts B)"
        ),
        stage="serialize",
        change=change_response(_no_request_id_on_200),
    ),
    conformant(
        "json-pretty",
        api="all",
        cls="transport",
        description=(
            "JSON bodies indented by two spaces with non-ASCII escaped as \\uXXXX; silence: no "
            "document fixes JSON formatting"
        ),
        apply=response_hook(_rewrite_json(lambda value: json.dumps(value, indent=2, ensure_ascii=True))),
    ),
    conformant(
        "json-keys-sorted",
        api="all",
        cls="transport",
        description="every JSON object's keys in alphabetical order; silence: JSON objects are unordered",
        apply=response_hook(_rewrite_json(lambda value: json.dumps(value, sort_keys=True))),
    ),
    conformant(
        "json-keys-reversed",
        api="all",
        cls="transport",
        description=(
            "every JSON object's keys in reverse order, items array after the total; silence: key order"
        ),
        apply=response_hook(_rewrite_json(lambda value: json.dumps(_reversed_keys(value)))),
    ),
    conformant(
        "chunked-transfer",
        api="all",
        cls="transport",
        description=(
            f"bodies sent with Transfer-Encoding: chunked in {CHUNK_BYTES}-byte chunks, no Content-Length; "
            "silence: no document fixes the transfer coding"
        ),
        apply=response_hook(_chunked),
    ),
    conformant(
        "connection-close",
        api="all",
        cls="transport",
        description="every response says Connection: close (no keep-alive); silence: connection reuse",
        apply=response_hook(_connection_close),
    ),
    conformant(
        "json-charset-parameter",
        api="all",
        cls="transport",
        description=(
            "Content-Type application/json;charset=UTF-8 (Java servers' spelling); silence: the specs "
            "declare the media type, not its parameters"
        ),
        apply=response_hook(_charset_parameter),
    ),
    conformant(
        "rate-limit-every-7th",
        api="all",
        cls="transport",
        description=f"every {RATE_LIMIT_EVERY}th request is answered 429 with Retry-After: 0 (every "
        f"{RATE_LIMIT_LONG_EVERY}th: 1); silence: no document excludes a gateway's rate limit",
        apply=_apply_rate_limit,
    ),
    conformant(
        "latency-jitter",
        api="all",
        cls="transport",
        description=(
            f"every answer waits 0 to {JITTER_MAX_MS} ms, a fixed time per request (a hash of its method, "
            "path and query), so concurrent requests are answered out of order; silence: no document "
            "promises answer times or their order"
        ),
        apply=response_hook(_jittered_latency),
    ),
    conformant(
        "timestamps-with-offsets",
        api="all",
        cls="transport",
        description="Huawei times in +08:00, PAI-EAS times as +00:00 instead of Z (same instants); silence: "
        "format date-time allows any RFC 3339 offset (specs/NOTES.md create_time rows)",
        apply=_apply_offsets,
    ),
]

for _variant in WIRE_VARIANTS:
    register(_variant)
