"""The faults, as small WSGI apps or middlewares; each is bounded in length and time."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from tests.fault_servers import WSGIApp

StartResponse = Callable[..., Any]


def redirect_to(other_base_url: str) -> WSGIApp:
    """Every request is redirected, same path and query, to another origin."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        query = environ.get("QUERY_STRING", "")
        location = other_base_url + environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
        start_response("302 Found", [("Location", location), ("Content-Length", "0")])
        return [b""]

    return app


def trickle(length: int = 30, interval: float = 1.0) -> WSGIApp:
    """Headers at once, then one body byte per `interval` (at most `length` bytes)."""

    def body() -> Iterator[bytes]:
        for _ in range(length):
            time.sleep(interval)
            yield b" "

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterator[bytes]:
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(length))])
        return body()

    return app


def huge_body(size: int) -> WSGIApp:
    """A JSON-typed body of `size` bytes, streamed in 1 MiB chunks."""
    chunk = b" " * (1024 * 1024)

    def body() -> Iterator[bytes]:
        sent = 0
        while sent < size:
            part = chunk[: size - sent]
            sent += len(part)
            yield part

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterator[bytes]:
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(size))])
        return body()

    return app


def always_rate_limited(retry_after: int) -> WSGIApp:
    def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        body = b'{"error": "slow down"}'
        start_response(
            "429 Too Many Requests",
            [
                ("Retry-After", str(retry_after)),
                ("Content-Type", "application/json"),
                ("Content-Length", "22"),
            ],
        )
        return [body]

    return app


def rate_limit_every(nth: int, app: WSGIApp) -> WSGIApp:
    """A conformant provider that answers every `nth` request with 429 and `Retry-After: 0`."""
    counter = itertools.count(1)
    lock = threading.Lock()

    def wrapper(environ: dict[str, Any], start_response: StartResponse) -> Any:
        with lock:
            number = next(counter)
        if number % nth == 0:
            start_response("429 Too Many Requests", [("Retry-After", "0"), ("Content-Length", "0")])
            return [b""]
        return app(environ, start_response)

    return wrapper


ESCAPES = "\x1b]0;owned-title\x07\x1b[2J\x1b[31mred\x1b[0m\x9b31m"


def escape_sequences(
    app: WSGIApp, every: int = 3, only_when: Callable[[dict[str, Any]], bool] = lambda environ: True
) -> WSGIApp:
    """Every `every`-th answer (of the requests `only_when` picks) is a 500 whose body carries terminal
    escape sequences (OSC, CSI, C1)."""
    counter = itertools.count(1)
    lock = threading.Lock()

    def wrapper(environ: dict[str, Any], start_response: StartResponse) -> Any:
        if not only_when(environ):
            return app(environ, start_response)
        with lock:
            number = next(counter)
        if number % every == 0:
            body = f'{{"error": "boom {ESCAPES}"}}'.encode()
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return app(environ, start_response)

    return wrapper


def rate_limited_after(allowed: int, app: WSGIApp, retry_after: int = 1) -> WSGIApp:
    """Serves `allowed` requests, then answers every one with 429 and `Retry-After`."""
    counter = itertools.count(1)
    lock = threading.Lock()

    def wrapper(environ: dict[str, Any], start_response: StartResponse) -> Any:
        with lock:
            number = next(counter)
        if number > allowed:
            start_response(
                "429 Too Many Requests", [("Retry-After", str(retry_after)), ("Content-Length", "0")]
            )
            return [b""]
        return app(environ, start_response)

    return wrapper


def hang_after(answered: int, app: WSGIApp, release: threading.Event, longest: float = 600.0) -> WSGIApp:
    """A target that stops answering: the first `answered` requests are served by `app`, every later one
    (on a kept-alive or a new connection) is accepted and never answered, until `release` is set or
    `longest` seconds have passed; then it gets a 503."""
    counter = itertools.count(1)
    lock = threading.Lock()

    def wrapper(environ: dict[str, Any], start_response: StartResponse) -> Any:
        with lock:
            number = next(counter)
        if number <= answered:
            return app(environ, start_response)
        release.wait(longest)
        start_response("503 Service Unavailable", [("Content-Length", "0")])
        return [b""]

    return wrapper


def fail_from_page(path: str, page_param: str, first_failing: int, app: WSGIApp) -> WSGIApp:
    """`app`, except that a list request on `path` for page `first_failing` or later answers 500 (a
    provider whose deeper pages break): the full walk stops short of the total."""
    from urllib.parse import parse_qs

    def wrapper(environ: dict[str, Any], start_response: StartResponse) -> Any:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        page = (query.get(page_param) or ["1"])[0]
        if environ.get("PATH_INFO") == path and page.isdigit() and int(page) >= first_failing:
            body = b'{"Code": "InternalError", "Message": "injected: deep pages fail"}'
            start_response("500 Internal Server Error", [("Content-Type", "application/json")])
            return [body]
        return app(environ, start_response)

    return wrapper
