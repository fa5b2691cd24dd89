"""The in-process WSGI transport: the app sees what a server would pass it, requests sees an ordinary
response, and the session's own behaviour (the safe-method guard) is untouched."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import requests

from contract_tests.runner.embedded import WSGI_BASE_URL, EmbeddedProviderError, start_embedded
from contract_tests.transport.http import GuardedSession, GuardedTransport, UnsafeMethodBlocked
from contract_tests.transport.wsgi_transport import WSGIAdapter

_ORIGINAL_GET_ADAPTER = requests.Session.get_adapter


def echo_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    if environ["PATH_INFO"] == "/boom":
        raise RuntimeError("the app failed")
    seen = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "host": environ["HTTP_HOST"],
        "token": environ.get("HTTP_X_AUTH_TOKEN"),
        "body": environ["wsgi.input"].read().decode(),
    }
    body = json.dumps(seen).encode()
    headers = [("Content-Type", "application/json"), ("Vary", "Accept"), ("Vary", "Origin")]
    if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        body = gzip.compress(body)
        headers.append(("Content-Encoding", "gzip"))
    start_response("201 Created", headers)
    return [body]


def _session(base: str, *, unsafe: bool = True) -> GuardedSession:
    session = GuardedSession(timeout=5, allow_unsafe_methods=unsafe)
    session.mount(base + "/", WSGIAdapter(echo_app))
    return session


def test_the_app_gets_path_query_headers_and_body() -> None:
    response = _session("http://127.0.0.1:9").post(
        "http://127.0.0.1:9/v1/a%20b", params={"q": "x y"}, headers={"X-Auth-Token": "t"}, data="hi"
    )
    assert response.status_code == 201 and response.reason == "Created"
    assert response.json() == {
        "method": "POST",
        "path": "/v1/a b",
        "query": "q=x+y",
        "host": "127.0.0.1:9",
        "token": "t",
        "body": "hi",
    }
    assert response.headers["Content-Encoding"] == "gzip"  # decoded by urllib3, as on the wire
    assert response.raw.headers.getlist("Vary") == ["Accept", "Origin"]


def test_an_app_that_raises_answers_500_like_a_server() -> None:
    response = _session("http://127.0.0.1:9").get("http://127.0.0.1:9/boom")
    assert response.status_code == 500 and response.headers["Content-Type"].startswith("text/html")


def test_the_safe_method_guard_still_refuses_before_the_transport() -> None:
    session = _session("https://api.example.com", unsafe=False)
    assert session.get("https://api.example.com/x").status_code == 201
    with pytest.raises(UnsafeMethodBlocked):
        session.delete("https://api.example.com/x")


def test_schemathesis_probes_reach_the_app_through_the_guarded_transport_only() -> None:
    """ignored_auth's probes go through `schema.transport` with no session: the guarded transport gives
    them the suite's session, whose mounted adapter serves them. No process-wide routing exists."""
    session = _session("http://127.0.0.1:9")
    transport = GuardedTransport(session)
    assert transport.session.get("http://127.0.0.1:9/p").json()["path"] == "/p"
    assert transport.session.get_adapter("http://127.0.0.1:9/p").__class__ is WSGIAdapter
    assert requests.Session.get_adapter is _ORIGINAL_GET_ADAPTER
    assert not isinstance(requests.Session().get_adapter("http://127.0.0.1:9/p"), WSGIAdapter)


def test_embedded_wsgi_provider_serves_in_process_and_rejects_unknown_variants() -> None:
    provider = start_embedded({}, transport="wsgi")
    try:
        assert provider.base_url == WSGI_BASE_URL and provider.process is None
        session = GuardedSession(timeout=5, allow_unsafe_methods=True)
        provider.mount(session)
        assert session.get(WSGI_BASE_URL + "/no/such/api").status_code == 404
    finally:
        provider.stop()
    with pytest.raises(EmbeddedProviderError):
        start_embedded({}, variant="no-such-variant", transport="wsgi")
    with pytest.raises(EmbeddedProviderError, match="EMBEDDED_TRANSPORT"):
        start_embedded({}, transport="carrier-pigeon")
