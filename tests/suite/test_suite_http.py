"""contract_tests.transport.http: Retry-After parsing, the guarded session, curl."""

from __future__ import annotations

import shlex
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from contract_tests.transport.http import (
    GuardedSession,
    RateLimited,
    RetryBudget,
    UnsafeMethodBlocked,
    curl_command,
    retry_after_seconds,
)

NOW = datetime(2025, 10, 28, 14, 0, 0, tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("5", 5.0),
        (" 120 ", 120.0),
        ("Tue, 28 Oct 2025 14:00:30 GMT", 30.0),
        ("Tue, 28 Oct 2025 13:00:00 GMT", 0.0),  # a date in the past: no wait
        (None, None),
        ("", None),
        ("soon", None),
        ("-1", None),
        ("1.5", None),
    ],
)
def test_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value, now=lambda: NOW) == expected


class ScriptedAdapter(BaseAdapter):
    """Answers from a script of (status, headers) and records every request that would have left."""

    def __init__(self, script: list[tuple[int, dict[str, str]]]) -> None:
        super().__init__()
        self.script = list(script)
        self.sent: list[tuple[str, Any]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append((request.method or "", kwargs.get("timeout")))
        status, headers = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response._content = f"status {status}".encode()
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def _session(
    script: list[tuple[int, dict[str, str]]], **options: Any
) -> tuple[GuardedSession, ScriptedAdapter, list[float]]:
    slept: list[float] = []
    settings = {"timeout": 3.0, "allow_unsafe_methods": False, **options}
    session = GuardedSession(**settings, sleep=slept.append)
    adapter = ScriptedAdapter(script)
    session.mount("http://", adapter)
    return session, adapter, slept


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "post"])
def test_unsafe_methods_are_blocked(method: str) -> None:
    session, adapter, _ = _session([(200, {})])
    with pytest.raises(UnsafeMethodBlocked, match=f"refused to send {method.upper()} http://api.test/x"):
        session.request(method, "http://api.test/x")
    assert adapter.sent == []  # nothing left


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_methods_pass(method: str) -> None:
    session, adapter, _ = _session([(200, {})])
    assert session.request(method, "http://api.test/x").status_code == 200
    assert [m for m, _ in adapter.sent] == [method]


def test_unsafe_methods_allowed_when_configured() -> None:
    session, adapter, _ = _session([(201, {})], allow_unsafe_methods=True)
    assert session.post("http://api.test/x", json={}).status_code == 201
    assert [m for m, _ in adapter.sent] == ["POST"]


def test_default_timeout_applies_unless_given() -> None:
    session, adapter, _ = _session([(200, {})], timeout=4.5)
    session.get("http://api.test/x")
    session.get("http://api.test/x", timeout=1.25)
    assert [t for _, t in adapter.sent] == [4.5, 1.25]


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(status: int) -> None:
    session, adapter, slept = _session(
        [(status, {"Retry-After": "2"}), (status, {"Retry-After": "1"}), (200, {})]
    )
    response = session.get("http://api.test/x")
    assert response.status_code == 200
    assert len(adapter.sent) == 3 and slept == [2.0, 1.0]


@pytest.mark.parametrize(
    ("script", "max_wait", "sends", "sleeps"),
    [
        ([(429, {})], 30.0, 1, []),  # no Retry-After: returned as is
        ([(429, {"Retry-After": "later"})], 30.0, 1, []),
        ([(500, {"Retry-After": "1"})], 30.0, 1, []),  # not a retryable status
    ],
)
def test_retries_stop_at_the_wait_bound(
    script: list[tuple[int, dict[str, str]]], max_wait: float, sends: int, sleeps: list[float]
) -> None:
    session, adapter, slept = _session(script, retry_after_max_wait=max_wait)
    response = session.get("http://api.test/x")
    assert response.status_code == script[-1][0] and response.status_code != 200
    assert len(adapter.sent) == sends and slept == sleeps


@pytest.mark.parametrize(
    ("script", "sends", "sleeps"),
    [
        ([(429, {"Retry-After": "31"})], 1, []),  # one wait beyond the whole budget
        (
            [(503, {"Retry-After": "10"}), (503, {"Retry-After": "10"}), (503, {"Retry-After": "11"})],
            3,
            [10.0, 10.0],
        ),
    ],
)
def test_a_wait_beyond_the_budget_fails_saying_the_target_rate_limits(
    script: list[tuple[int, dict[str, str]]], sends: int, sleeps: list[float]
) -> None:
    session, adapter, slept = _session(script, retry_after_max_wait=30.0)
    with pytest.raises(RateLimited, match=r"^the target rate-limits: http://api.test/x answered 5?4?\d+ "):
        session.get("http://api.test/x")
    assert len(adapter.sent) == sends and slept == sleeps


def test_the_retry_budget_is_shared_by_the_run() -> None:
    """Row 6 of issue 12: the budget is per run, not per request; every session draws from one budget."""
    budget = RetryBudget(10.0)
    slept: list[float] = []
    sessions = []
    for _ in range(2):
        session = GuardedSession(
            timeout=3.0, allow_unsafe_methods=False, retry_budget=budget, sleep=slept.append
        )
        session.mount("http://", ScriptedAdapter([(429, {"Retry-After": "3"})]))
        sessions.append(session)
    refused = 0
    for index in range(20):
        try:
            sessions[index % 2].get("http://api.test/x")
        except RateLimited:
            refused += 1
    assert sum(slept) <= 10.0 and slept == [3.0, 3.0, 3.0]
    assert refused == 20 - 1  # the first request spent the budget on its three retries; every later one fails
    assert budget.refused is not None and budget.refused.startswith("the target rate-limits")


def test_retries_stop_at_the_attempt_bound() -> None:
    session, adapter, _ = _session([(429, {"Retry-After": "0"})], retry_attempts=2)
    response = session.get("http://api.test/x")
    assert response.status_code == 429
    assert len(adapter.sent) == 3  # the first try and two retries
    assert response.text == "status 429"


def test_no_sleep_after_the_last_attempt() -> None:
    session, adapter, slept = _session([(429, {"Retry-After": "1"})], retry_attempts=2)
    session.get("http://api.test/x")
    assert len(adapter.sent) == 3
    assert len(slept) == len(adapter.sent) - 1


@pytest.fixture
def throttling_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    @Request.application
    def app(request: Request) -> Response:
        hits.append(request.method)
        if len(hits) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "3"})
        return Response('{"ok": true}', status=200, mimetype="application/json")

    server: BaseWSGIServer = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", hits
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_retry_over_real_http(throttling_server: tuple[str, list[str]]) -> None:
    base_url, hits = throttling_server
    slept: list[float] = []
    session = GuardedSession(timeout=5.0, allow_unsafe_methods=False, sleep=slept.append)
    response = session.get(base_url + "/list")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert hits == ["GET", "GET"] and slept == [3.0]
    with pytest.raises(UnsafeMethodBlocked):
        session.delete(base_url + "/list")
    assert hits == ["GET", "GET"]


SECRET = "s3cr3t-value-0123456789"


@pytest.mark.parametrize(
    ("headers", "kept"),
    [
        (
            {"Authorization": f"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature={SECRET}"},
            "SDK-HMAC-SHA256 [REDACTED]",
        ),
        ({"X-Auth-Token": SECRET}, "X-Auth-Token: [REDACTED]"),
        ({"authorization": f"OAuth {SECRET}"}, "OAuth [REDACTED]"),
        ({"Authorization": SECRET}, "Authorization: [REDACTED]"),
    ],
)
def test_curl_command_redacts_secrets(headers: dict[str, str], kept: str) -> None:
    request = requests.Request("GET", "http://api.test/x", params={"q": "a b"}, headers=headers).prepare()
    command = curl_command(request)
    assert SECRET not in command
    assert "[REDACTED]" in command and kept in command


def test_curl_command_quotes_safely() -> None:
    body = b'{"name": "it\'s $(rm -rf /)"}'
    request = requests.Request(
        "GET",
        "http://api.test/x",
        params={"q": ["name~=%llm%", "a;b"], "Label": '{"k": null}'},
        headers={"X-Custom": "semi;colon 'quote'", "X-Auth-Token": SECRET},
        data=body,
    ).prepare()
    command = curl_command(request)
    parts = shlex.split(command)
    assert parts[:3] == ["curl", "-X", "GET"]
    assert parts[-1] == request.url
    assert "X-Custom: semi;colon 'quote'" in parts
    assert parts[parts.index("--data-binary") + 1] == body.decode()
    assert not any(
        p.lower().startswith(("content-length", "user-agent", "connection", "accept-encoding")) for p in parts
    )
    assert SECRET not in command


def test_curl_command_string_body_and_no_body() -> None:
    request = requests.Request("POST", "http://api.test/x", data="a=1&b=2").prepare()
    assert shlex.split(curl_command(request))[-3:] == ["--data-binary", "a=1&b=2", "http://api.test/x"]
    get = requests.Request("GET", "http://api.test/x").prepare()
    assert "--data-binary" not in curl_command(get)


def test_http_date_helper_consistency() -> None:
    moment = datetime(2025, 10, 28, 14, 1, 0, tzinfo=UTC)
    assert retry_after_seconds(format_datetime(moment, usegmt=True), now=lambda: NOW) == 60.0
