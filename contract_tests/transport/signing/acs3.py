"""Alibaba Cloud ACS3-HMAC-SHA256 (V3 signature) built from alibabacloud_tea_openapi's own helpers."""

from __future__ import annotations

from urllib.parse import quote, unquote

import requests
from alibabacloud_tea_openapi.utils import (
    Utils,
    get_canonical_query_string,
    get_canonicalized_headers,
    signature_method,
)
from requests.auth import AuthBase

from contract_tests.config.scrub import register_signature
from contract_tests.transport.signing._wire import (
    Clock,
    NonceSource,
    as_utc,
    body_bytes,
    encoded_path,
    host_header,
    query_pairs,
    utc_now,
)

SIGN_TYPE = "ACS3-HMAC-SHA256"
ACS_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Acs3Auth(AuthBase):
    """Adds host, x-acs-action/-version/-date/-signature-nonce/-content-sha256 and the ACS3 Authorization.

    Signed headers: host, content-type (when sent) and every x-acs-* header, the set the V3 signature
    requires; transport-level headers (user-agent, accept-encoding, connection) stay unsigned.
    """

    def __init__(
        self,
        access_key_id: str,
        access_key_secret: str,
        action: str,
        version: str,
        *,
        clock: Clock | None = None,
        nonce: NonceSource | None = None,
    ) -> None:
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.action = action
        self.version = version
        self.clock = clock or utc_now
        self.nonce = nonce or Utils.get_nonce

    def __call__(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        payload_hash = Utils.hex_encode(Utils.hash(body_bytes(prepared), SIGN_TYPE))
        prepared.headers.pop("Authorization", None)
        prepared.headers["host"] = host_header(prepared)
        prepared.headers["x-acs-action"] = self.action
        prepared.headers["x-acs-version"] = self.version
        prepared.headers["x-acs-date"] = as_utc(self.clock()).strftime(ACS_DATE_FORMAT)
        prepared.headers["x-acs-signature-nonce"] = self.nonce()
        prepared.headers["x-acs-content-sha256"] = payload_hash
        prepared.headers["Authorization"] = self.authorization(prepared, payload_hash)
        return prepared

    def authorization(self, prepared: requests.PreparedRequest, payload_hash: str) -> str:
        """Mirrors `Utils.get_authorization`, with a canonical query that also covers repeated keys."""
        canonical_headers, signed_headers = get_canonicalized_headers(_signed_header_values(prepared))
        canonical_request = "\n".join(
            [
                (prepared.method or "GET").upper(),
                canonical_uri(encoded_path(prepared)),
                canonical_query(query_pairs(prepared)),
                canonical_headers,
                signed_headers,
                payload_hash,
            ]
        )
        digest = Utils.hex_encode(Utils.hash(canonical_request.encode("utf-8"), SIGN_TYPE))
        signature = Utils.hex_encode(
            signature_method(self.access_key_secret, f"{SIGN_TYPE}\n{digest}", SIGN_TYPE)
        )
        register_signature(signature)  # the scrubber removes it from anything the run writes
        credential = f"Credential={self.access_key_id}"
        return f"{SIGN_TYPE} {credential},SignedHeaders={signed_headers},Signature={signature}"

    def __repr__(self) -> str:
        return f"Acs3Auth(access_key_id={self.access_key_id!r}, action={self.action!r}, secret=[REDACTED])"


def canonical_uri(wire_path: str) -> str:
    """RFC 3986 form of the decoded path, '/' kept (what tea-openapi's get_encode_path produces)."""
    return quote(unquote(wire_path), safe="/~")


def canonical_query(pairs: list[tuple[str, str]]) -> str:
    """The helper canonicalises one key at a time; sorting whole pairs keeps repeated keys deterministic.

    For unique keys this equals `get_canonical_query_string(dict(pairs))` exactly.
    """
    return "&".join(get_canonical_query_string({key: value}) for key, value in sorted(pairs))


def _signed_header_values(prepared: requests.PreparedRequest) -> dict[str, str]:
    signed: dict[str, str] = {}
    for name, value in prepared.headers.items():
        lowered = name.lower()
        if lowered in ("host", "content-type") or lowered.startswith("x-acs-"):
            # The wire carries str values as latin-1 and bytes as-is; the server sees the same text.
            signed[lowered] = value.decode("latin-1") if isinstance(value, bytes) else value
    return signed
