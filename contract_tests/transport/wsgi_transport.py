"""A requests transport adapter that hands each request to a WSGI app in this process.

Mounted on a session for one base URL, it replaces only the socket: the session's own behaviour (the
safe-method guard, timeouts, Retry-After) runs exactly as over HTTP, and the answer comes back as a
urllib3 response, so Content-Encoding decoding, cookies and headers behave as they do on the wire.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse
from urllib3._collections import HTTPHeaderDict

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_HEADERS_WITHOUT_PREFIX = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})
_SERVER_ERROR_BODY = (
    b"<!doctype html>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n"
)
_SERVER_ERROR = (
    "500 INTERNAL SERVER ERROR",
    [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_SERVER_ERROR_BODY)))],
)


def _latin1(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def wsgi_environ(request: requests.PreparedRequest) -> dict[str, Any]:
    """The WSGI environ a real server would build for this request (PEP 3333)."""
    url = urlsplit(request.url or "")
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    elif not isinstance(body, bytes):  # a file-like or generator body: read it whole
        body = b"".join(chunk if isinstance(chunk, bytes) else str(chunk).encode() for chunk in body)
    scheme = url.scheme or "http"
    port = url.port or (443 if scheme == "https" else 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": (request.method or "GET").upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(url.path or "/").decode("latin-1"),
        "QUERY_STRING": url.query,
        "SERVER_NAME": url.hostname or "localhost",
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": url.netloc,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in request.headers.items():
        key = _latin1(name).upper().replace("-", "_")
        if key in _HEADERS_WITHOUT_PREFIX:
            environ[key] = _latin1(value)
        elif key != "HOST":
            environ["HTTP_" + key] = _latin1(value)
    return environ


class WSGIAdapter(BaseAdapter):
    """Serve requests from a WSGI app; `requests` sees an ordinary HTTP response."""

    def __init__(self, app: WSGIApp) -> None:
        super().__init__()
        self.app = app
        self._builder = HTTPAdapter()  # only for build_response: status, headers, cookies, encoding

    def send(
        self, request: requests.PreparedRequest, stream: bool = False, **kwargs: Any
    ) -> requests.Response:
        environ = wsgi_environ(request)
        captured: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None  # the legacy write() callable; the provider never uses it

        try:
            result = self.app(environ, start_response)
            try:
                data = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception:  # what a WSGI server answers for an app that raised before responding
            captured["status"], captured["headers"] = _SERVER_ERROR
            data = _SERVER_ERROR_BODY
        code, _, reason = str(captured["status"]).partition(" ")
        headers = HTTPHeaderDict()
        for name, value in captured["headers"]:
            headers.add(name, value)
        raw = HTTPResponse(
            body=io.BytesIO(data),
            headers=headers,
            status=int(code),
            reason=reason,
            version=11,
            preload_content=False,
            decode_content=True,
            request_method=environ["REQUEST_METHOD"],
            request_url=request.url,
        )
        response = self._builder.build_response(request, raw)
        if not stream:
            _ = response.content  # read now, as HTTPAdapter does without stream=True
        return response

    def close(self) -> None:
        self._builder.close()
