"""redact_headers never lets a secret through, and keeps the auth scheme word for reading logs."""

from __future__ import annotations

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.transport.signing import (
    SECRET_HEADERS,
    Acs3Auth,
    HuaweiAkSkAuth,
    HuaweiTokenAuth,
    ZStackSessionAuth,
    is_secret_header,
    redact_headers,
)

SCHEMES = ["", "OAuth ", "SDK-HMAC-SHA256 ", "ACS3-HMAC-SHA256 ", "Bearer ", "bogus-scheme "]
FIXED_TEXT = "OAuth SDK-HMAC-SHA256 ACS3-HMAC-SHA256 Bearer [REDACTED]"

# A secret that is itself part of the fixed output text ("Bearer", "[REDACTED]") cannot be told apart.
secret_values = st.text(min_size=6, max_size=40).filter(lambda secret: secret not in FIXED_TEXT)
header_names = st.sampled_from([*sorted(SECRET_HEADERS), "X-Auth-Token", "AUTHORIZATION", "X-Custom-Token"])


@given(name=header_names, scheme=st.sampled_from(SCHEMES), secret=secret_values)
def test_no_secret_substring_survives(name: str, scheme: str, secret: str) -> None:
    redacted = redact_headers({name: f"{scheme}{secret}", "Accept": "application/json"})
    assert all(secret not in value for value in redacted.values())
    assert redacted["Accept"] == "application/json"


SIGNERS = (
    HuaweiTokenAuth,
    lambda secret: HuaweiAkSkAuth("AKID0001", secret, "project"),
    lambda secret: Acs3Auth("AKID0001", secret, "ListServices", "2021-07-01"),
    ZStackSessionAuth,
)


@given(secret=secret_values)
def test_signed_headers_of_every_signer_are_redacted(secret: str) -> None:
    for build in SIGNERS:
        auth = build(secret)
        prepared = requests.Request("GET", "http://127.0.0.1:8080/x", auth=auth).prepare()
        redacted = redact_headers(dict(prepared.headers))
        assert any(is_secret_header(name) for name in redacted)
        assert all(secret not in value for name, value in redacted.items() if is_secret_header(name))
        # The repr does not depend on the secret (a secret like "Servic" may occur in public parts).
        assert repr(auth) == repr(build(secret + "-other"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=ab", "ACS3-HMAC-SHA256 [REDACTED]"),
        ("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=ab", "SDK-HMAC-SHA256 [REDACTED]"),
        ("OAuth 5f3c2b1a", "OAuth [REDACTED]"),
        ("oauth 5f3c2b1a", "OAuth [REDACTED]"),
        ("plain-token-value", "[REDACTED]"),
        ("two words", "[REDACTED]"),
        ("OAuth", "[REDACTED]"),
    ],
)
def test_scheme_word_is_kept(value: str, expected: str) -> None:
    assert redact_headers({"Authorization": value}) == {"Authorization": expected}


def test_non_secret_headers_are_untouched() -> None:
    headers = {"x-acs-signature-nonce": "n", "X-Sdk-Date": "20250102T030405Z", "Host": "h"}
    assert redact_headers(headers) == headers
