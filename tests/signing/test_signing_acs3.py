"""Alibaba ACS3-HMAC-SHA256: known vector, SDK cross-check, rejections, awkward-query round trips."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import requests
from alibabacloud_tea_openapi.utils import Utils
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from contract_tests.transport.signing import Acs3Auth
from reference_provider.signature_checks import AuthFailure, verify_acs3

ACCESS_KEY_ID = "LTAI5tLocalAccessKey01"
ACCESS_KEY_SECRET = "local-alibaba-secret-0123456789abcdef"
SIGNED_AT = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
NONCE = "nonce-0001"
BASE = "http://127.0.0.1:8080/api/v2/services"
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

Tamper = Callable[[requests.PreparedRequest], object]


def prepare(
    url: str = BASE, params: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None
) -> requests.PreparedRequest:
    return requests.Request("GET", url, params=params or [], headers=headers or {}).prepare()


def signer(
    *, key_id: str = ACCESS_KEY_ID, secret: str = ACCESS_KEY_SECRET, at: datetime = SIGNED_AT
) -> Acs3Auth:
    return Acs3Auth(key_id, secret, "ListServices", "2021-07-01", clock=lambda: at, nonce=lambda: NONCE)


def sign(prepared: requests.PreparedRequest, **changes: object) -> None:
    signer(**changes)(prepared)  # type: ignore[arg-type]


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
    return verify_acs3(
        as_server_request(prepared), access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET, now=now
    )


VECTOR_PARAMS = [("PageSize", "2"), ("PageNumber", "1"), ("Filter", "a b"), ("Label", '{"k":"v"}')]


def test_known_vector_matches_hand_derivation() -> None:
    prepared = prepare(params=VECTOR_PARAMS)
    sign(prepared)

    # Written out by hand from provider-facts C: query sorted by name, values quote(safe='~')
    # (space -> %20, although requests put '+' on the wire), headers lower-cased and sorted.
    signed_headers = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
    canonical_request = "\n".join(
        [
            "GET",
            "/api/v2/services",
            "Filter=a%20b&Label=%7B%22k%22%3A%22v%22%7D&PageNumber=1&PageSize=2",
            "host:127.0.0.1:8080",
            "x-acs-action:ListServices",
            f"x-acs-content-sha256:{EMPTY_SHA256}",
            "x-acs-date:2025-01-02T03:04:05Z",
            f"x-acs-signature-nonce:{NONCE}",
            "x-acs-version:2021-07-01",
            "",
            signed_headers,
            EMPTY_SHA256,
        ]
    )
    string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical_request.encode()).hexdigest()
    signature = hmac.new(ACCESS_KEY_SECRET.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()

    assert "Filter=a+b" in (prepared.url or "")
    assert prepared.headers["Authorization"] == (
        f"ACS3-HMAC-SHA256 Credential={ACCESS_KEY_ID},SignedHeaders={signed_headers},Signature={signature}"
    )
    assert verify(prepared) is None


def test_equals_tea_openapi_get_authorization() -> None:
    """Same header as the SDK's own top-level helper, which the SDK clients call in do_request."""
    prepared = prepare(params=VECTOR_PARAMS, headers={"Content-Type": "application/json"})
    sign(prepared)
    signed_names = {"host", "content-type"} | {
        n.lower() for n in prepared.headers if n.lower().startswith("x-acs-")
    }
    view = SimpleNamespace(
        method="GET",
        pathname="/api/v2/services",
        query=dict(VECTOR_PARAMS),
        headers={n.lower(): v for n, v in prepared.headers.items() if n.lower() in signed_names},
    )
    expected = Utils.get_authorization(
        view, "ACS3-HMAC-SHA256", EMPTY_SHA256, ACCESS_KEY_ID, ACCESS_KEY_SECRET
    )
    assert prepared.headers["Authorization"] == expected


def test_json_body_is_hashed_and_verified() -> None:
    prepared = requests.Request("POST", BASE, json={"Filter": "é"}).prepare()
    sign(prepared)
    assert prepared.headers["x-acs-content-sha256"] == hashlib.sha256(prepared.body).hexdigest()  # type: ignore[arg-type]
    assert verify(prepared) is None
    prepared.body = b'{"Filter": "x"}'
    failure = verify(prepared)
    assert failure is not None and failure.kind == "invalid"


def test_each_call_signs_fresh() -> None:
    auth = Acs3Auth(ACCESS_KEY_ID, ACCESS_KEY_SECRET, "ListServices", "2021-07-01")
    first, second = auth(prepare()), auth(prepare())
    assert first.headers["x-acs-signature-nonce"] != second.headers["x-acs-signature-nonce"]
    assert first.headers["Authorization"] != second.headers["Authorization"]
    now = datetime.now(UTC)
    assert verify(first, now=now) is None and verify(second, now=now) is None


def signed_with(**changes: object) -> Tamper:
    return lambda prepared: sign(prepared, **changes)


def signed_then_header(name: str, value: str) -> Tamper:
    return lambda prepared: (sign(prepared), prepared.headers.__setitem__(name, value))


def signed_then_query(old: str, new: str) -> Tamper:
    return lambda prepared: (sign(prepared), setattr(prepared, "url", (prepared.url or "").replace(old, new)))


def header_only(name: str, value: str) -> Tamper:
    return lambda prepared: prepared.headers.__setitem__(name, value)


@pytest.mark.parametrize(
    ("tamper", "kind"),
    [
        pytest.param(signed_with(secret="wrong-secret"), "invalid", id="wrong-secret"),
        pytest.param(signed_with(key_id="LTAI5tUnknown"), "unknown-key", id="unknown-access-key"),
        pytest.param(signed_with(at=SIGNED_AT - timedelta(minutes=16)), "stale", id="stale-date"),
        pytest.param(signed_with(at=SIGNED_AT + timedelta(minutes=16)), "stale", id="future-date"),
        pytest.param(signed_then_query("PageSize=2", "PageSize=3"), "invalid", id="tampered-query"),
        pytest.param(signed_then_query("Filter=a+b", "Filter=a%2Bb"), "invalid", id="plus-is-not-space"),
        pytest.param(signed_then_header("x-acs-action", "DeleteService"), "invalid", id="tampered-action"),
        pytest.param(signed_then_header("x-acs-date", "2025-01-02T03:04:06Z"), "invalid", id="tampered-date"),
        pytest.param(signed_then_header("x-acs-date", "2025-01-02 03:04:05"), "invalid", id="malformed-date"),
        pytest.param(signed_then_header("x-acs-content-sha256", "00" * 32), "invalid", id="wrong-body-hash"),
        pytest.param(
            header_only("Authorization", "ACS3-HMAC-SHA256 Credential=x"), "invalid", id="malformed"
        ),
        pytest.param(header_only("Authorization", "acs LTAI:abc="), "invalid", id="other-scheme"),
        pytest.param(lambda prepared: None, "missing", id="no-authorization"),
    ],
)
def test_rejections(tamper: Tamper, kind: str) -> None:
    prepared = prepare(params=[("PageSize", "2"), ("Filter", "a b")])
    tamper(prepared)
    failure = verify(prepared)
    assert failure is not None, "the verifier accepted a bad request"
    assert failure.kind == kind
    assert ACCESS_KEY_SECRET not in failure.message


@pytest.mark.parametrize("value", AWKWARD_VALUES)
def test_awkward_query_round_trip(value: str) -> None:
    params = [
        ("Filter", value),
        ("Label", '{"key1":"value1","key2":null}'),
        ("Filter", "second"),
        ("a", value),
    ]
    prepared = prepare(params=params, headers={"Content-Type": "application/json"})
    sign(prepared)
    assert verify(prepared) is None
    assert as_server_request(prepared).args.getlist("Filter") == [value, "second"]


def test_awkward_path_round_trip() -> None:
    prepared = prepare(url="http://127.0.0.1:8080/openapi/ha3/instances/ha cn 中/models")
    sign(prepared)
    assert verify(prepared) is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12), st.text(max_size=20)), max_size=6))
def test_any_query_round_trips(params: list[tuple[str, str]]) -> None:
    prepared = prepare(params=params)
    sign(prepared)
    assert verify(prepared) is None
