"""Huawei SDK-HMAC-SHA256 and token auth: known vector, rejections, awkward-query round trips."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from contract_tests.transport.signing import HuaweiAkSkAuth, HuaweiTokenAuth
from reference_provider.signature_checks import AuthFailure, verify_huawei

AK = "LOCALHUAWEIAK0000001"
SK = "local-huawei-sk-0123456789abcdef0123456789"
PROJECT_ID = "0b5633ba2b904511ad514346f4d2aaaa"
TOKEN = "local-huawei-token-0123456789abcdef"
SIGNED_AT = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
BASE = "http://127.0.0.1:8080/v1/workspaces/ws-1/services/instances"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

AWKWARD_VALUES = [
    "two words",
    "中文 名称",
    "a+b",
    "path/with/slashes",
    '{"key1":"value1","key2":null}',
    "~tilde_-.*!'()",
    "100%",
    "",
    "&=?#",
]


def prepare(
    url: str = BASE, params: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None
) -> requests.PreparedRequest:
    return requests.Request("GET", url, params=params or [], headers=headers or {}).prepare()


def sign(prepared: requests.PreparedRequest, *, ak: str = AK, sk: str = SK, at: datetime = SIGNED_AT) -> None:
    HuaweiAkSkAuth(ak, sk, PROJECT_ID, clock=lambda: at)(prepared)


def as_server_request(prepared: requests.PreparedRequest) -> Request:
    """What the provider's WSGI app receives for this prepared request."""
    url = urlsplit(prepared.url or "")
    return EnvironBuilder(
        method=prepared.method,
        base_url=f"{url.scheme}://{url.netloc}",
        path=url.path,
        query_string=url.query,
        headers=list(prepared.headers.items()),
        data=prepared.body or b"",
    ).get_request()


def verify(prepared: requests.PreparedRequest, now: datetime = SIGNED_AT) -> AuthFailure | None:
    return verify_huawei(as_server_request(prepared), token=TOKEN, ak=AK, sk=SK, now=now)


def test_known_vector_matches_hand_derivation() -> None:
    prepared = prepare(params=[("offset", "0"), ("limit", "10"), ("name", "my svc")])
    prepared.headers["Content-Type"] = "application/json"
    sign(prepared)

    # Written out by hand from provider-facts A: URI ends with '/', query sorted and quote(safe='~'),
    # headers lower-cased and sorted, hex sha256 of the empty body.
    canonical_request = "\n".join(
        [
            "GET",
            "/v1/workspaces/ws-1/services/instances/",
            "limit=10&name=my%20svc&offset=0",
            "content-type:application/json",
            "host:127.0.0.1:8080",
            f"x-project-id:{PROJECT_ID}",
            "x-sdk-date:20250102T030405Z",
            "",
            "content-type;host;x-project-id;x-sdk-date",
            EMPTY_SHA256,
        ]
    )
    string_to_sign = (
        "SDK-HMAC-SHA256\n20250102T030405Z\n" + hashlib.sha256(canonical_request.encode()).hexdigest()
    )
    signature = hmac.new(SK.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()

    assert prepared.headers["Authorization"] == (
        f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;x-project-id;x-sdk-date, "
        f"Signature={signature}"
    )
    assert prepared.headers["X-Sdk-Date"] == "20250102T030405Z"
    assert prepared.headers["X-Project-Id"] == PROJECT_ID
    assert verify(prepared) is None


def test_json_body_is_hashed_and_verified() -> None:
    prepared = requests.Request("POST", BASE, json={"name": "é", "limit": 1}).prepare()
    sign(prepared)
    assert verify(prepared) is None
    prepared.body = b'{"name": "x", "limit": 1}'
    failure = verify(prepared)
    assert failure is not None and failure.kind == "invalid"


def test_non_json_body_is_sent_as_unsigned_payload() -> None:
    """The SDK Signer marks non-JSON bodies UNSIGNED-PAYLOAD (a signed header); the verifier honours it."""
    prepared = requests.Request("POST", BASE, data={"name": "a b"}).prepare()
    sign(prepared)
    assert prepared.headers["X-Sdk-Content-Sha256"] == "UNSIGNED-PAYLOAD"
    assert "x-sdk-content-sha256" in prepared.headers["Authorization"]
    assert verify(prepared) is None


def test_each_call_signs_with_the_current_time() -> None:
    moments = iter([SIGNED_AT, SIGNED_AT + timedelta(seconds=1)])
    auth = HuaweiAkSkAuth(AK, SK, PROJECT_ID, clock=lambda: next(moments))
    first, second = auth(prepare()), auth(prepare())
    assert first.headers["X-Sdk-Date"] != second.headers["X-Sdk-Date"]
    assert first.headers["Authorization"] != second.headers["Authorization"]


def test_signing_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("signing must not touch the network")

    monkeypatch.setattr("socket.getaddrinfo", refuse)
    monkeypatch.setattr("socket.create_connection", refuse)
    prepared = prepare()
    HuaweiAkSkAuth(AK, SK)(prepared)  # no project id: still no IAM lookup
    assert prepared.headers["Authorization"].startswith("SDK-HMAC-SHA256 Access=")
    assert "X-Project-Id" not in prepared.headers


Tamper = Callable[[requests.PreparedRequest], object]


def signed_with(**changes: object) -> Tamper:
    return lambda prepared: sign(prepared, **changes)  # type: ignore[arg-type]


def signed_then_header(name: str, value: str) -> Tamper:
    return lambda prepared: (sign(prepared), prepared.headers.__setitem__(name, value))


def signed_then_query(old: str, new: str) -> Tamper:
    return lambda prepared: (sign(prepared), setattr(prepared, "url", (prepared.url or "").replace(old, new)))


def header_only(name: str, value: str) -> Tamper:
    return lambda prepared: prepared.headers.__setitem__(name, value)


@pytest.mark.parametrize(
    ("tamper", "kind"),
    [
        pytest.param(signed_with(sk="wrong-secret"), "invalid", id="wrong-secret"),
        pytest.param(signed_with(ak="UNKNOWNAK"), "unknown-key", id="unknown-access-key"),
        pytest.param(signed_with(at=SIGNED_AT - timedelta(minutes=16)), "stale", id="stale-date"),
        pytest.param(signed_with(at=SIGNED_AT + timedelta(minutes=16)), "stale", id="future-date"),
        pytest.param(signed_then_query("limit=10", "limit=11"), "invalid", id="tampered-query"),
        pytest.param(signed_then_header("Host", "evil.example:8080"), "invalid", id="tampered-host"),
        pytest.param(signed_then_header("X-Sdk-Date", "20250102T030406Z"), "invalid", id="tampered-date"),
        pytest.param(signed_then_header("X-Sdk-Date", "yesterday"), "invalid", id="malformed-date"),
        pytest.param(header_only("Authorization", "SDK-HMAC-SHA256 Access=x"), "invalid", id="malformed"),
        pytest.param(header_only("Authorization", "Bearer abc"), "invalid", id="other-scheme"),
        pytest.param(lambda prepared: None, "missing", id="no-credentials"),
        pytest.param(header_only("X-Auth-Token", "not-the-token"), "invalid", id="wrong-token"),
    ],
)
def test_rejections(tamper: Tamper, kind: str) -> None:
    prepared = prepare(params=[("limit", "10"), ("offset", "0")])
    tamper(prepared)
    failure = verify(prepared)
    assert failure is not None, "the verifier accepted a bad request"
    assert failure.kind == kind
    assert SK not in failure.message and TOKEN not in failure.message


def test_token_is_accepted() -> None:
    prepared = prepare()
    HuaweiTokenAuth(TOKEN)(prepared)
    assert prepared.headers["X-Auth-Token"] == TOKEN
    assert verify(prepared) is None


def test_unsigned_date_header_is_rejected() -> None:
    prepared = prepare()
    sign(prepared)
    authorization = prepared.headers["Authorization"].replace("x-sdk-date", "x-other")
    prepared.headers["Authorization"] = authorization
    failure = verify(prepared)
    assert failure is not None and failure.kind == "invalid"


@pytest.mark.parametrize("value", AWKWARD_VALUES)
def test_awkward_query_round_trip(value: str) -> None:
    params = [("name", value), ("type", "LLM_MODEL"), ("name", "second"), ("a", value)]
    prepared = prepare(params=params, headers={"Content-Type": "application/json"})
    sign(prepared)
    assert verify(prepared) is None
    assert as_server_request(prepared).args.getlist("name") == [value, "second"]


def test_awkward_path_round_trip() -> None:
    prepared = prepare(url="http://127.0.0.1:8080/v1/workspaces/ws 中/services/instances")
    sign(prepared)
    assert verify(prepared) is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=12), st.text(max_size=20)),
        max_size=6,
    )
)
def test_any_query_round_trips(params: list[tuple[str, str]]) -> None:
    prepared = prepare(params=params)
    sign(prepared)
    assert verify(prepared) is None


def test_lower_case_headers_are_not_signed_twice() -> None:
    prepared = prepare(headers={"host": "127.0.0.1:8080", "x-project-id": "other", "x-sdk-date": "old"})
    sign(prepared)
    signed_headers = prepared.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert len(signed_headers) == len(set(signed_headers))
    assert prepared.headers["X-Project-Id"] == PROJECT_ID
    assert verify(prepared) is None
