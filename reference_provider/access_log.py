"""A timestamped access log: one line per request, written to a file as each answer starts.

    2026-11-22T09:15:02.417Z 127.0.0.1 "GET /openapi/ha3/instances/i-1/models?pageSize=10 HTTP/1.1" 200 101ms

The timestamp is the request's arrival in UTC with millisecond precision (a reader counts requests
per wall-clock second from it), the last field how long the answer took to start. Lines are written
in the order answers start, so under concurrency their timestamps need not be sorted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


def timestamp(epoch_seconds: float) -> str:
    """`2026-11-22T09:15:02.417Z`: UTC, milliseconds."""
    moment = datetime.fromtimestamp(epoch_seconds, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def request_line(environ: WSGIEnvironment) -> str:
    # As sent (werkzeug's server keeps the raw target), else rebuilt from the path and the query.
    target = environ.get("REQUEST_URI") or environ.get("RAW_URI") or environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING", "")
    if query and "?" not in target:
        target += f"?{query}"
    return f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"


class AccessLog:
    """WSGI middleware: `app` with one line per request appended to `sink` (flushed line by line)."""

    def __init__(self, app: WSGIApplication, sink: IO[str]) -> None:
        self.app = app
        self.sink = sink
        self._lock = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        arrived = time.time()
        started = time.perf_counter()
        logged = False

        def logging_start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[..., Any]:
            nonlocal logged
            if not logged:
                logged = True
                self.write(environ, arrived, status.split(" ", 1)[0], time.perf_counter() - started)
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, logging_start_response)
        finally:
            if not logged:  # the app raised before answering: the server answers 500
                self.write(environ, arrived, "-", time.perf_counter() - started)

    def write(self, environ: WSGIEnvironment, arrived: float, status: str, seconds: float) -> None:
        client = environ.get("REMOTE_ADDR", "-")
        line = f'{timestamp(arrived)} {client} "{request_line(environ)}" {status} {seconds * 1000:.0f}ms\n'
        with self._lock:
            self.sink.write(line)
            self.sink.flush()
