"""Credential checks for the reference provider, written from the signing algorithms' text.

Deliberately independent of the provider SDKs (only hashlib/hmac/urllib): the suite signs with the
SDKs' own code, so a verifier built on that same code could not catch a broken client.

- Huawei: `X-Auth-Token`, or `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`
  (huaweicloudsdkcore Signer algorithm, provider-facts A "Auth / signing").
- Alibaba: `Authorization: ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...`
  (tea-openapi V3 signature, provider-facts C "Auth / signing").
- ZStack: `Authorization: OAuth <session uuid>` (provider-facts D "Auth").
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import parse_qsl, quote

from werkzeug.wrappers import Request

MAX_CLOCK_SKEW = timedelta(minutes=15)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

HUAWEI_ALGORITHM = "SDK-HMAC-SHA256"
HUAWEI_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
ACS3_ALGORITHM = "ACS3-HMAC-SHA256"
ACS3_DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

FailureKind = Literal["missing", "invalid", "stale", "unknown-key"]


@dataclass(frozen=True)
class AuthFailure:
    kind: FailureKind
    message: str


@dataclass(frozen=True)
class _SignedAuthorization:
    key_id: str
    signed_headers: list[str]
    signature: str


# --- Huawei ---------------------------------------------------------------------------------------


def verify_huawei(
    request: Request, *, token: str, ak: str, sk: str, now: datetime | None = None
) -> AuthFailure | None:
    """Accept the IAM token, or an SDK-HMAC-SHA256 signature by (ak, sk) dated within 15 minutes."""
    sent_token = (request.headers.get("X-Auth-Token") or "").strip()
    authorization = (request.headers.get("Authorization") or "").strip()
    if sent_token:
        if _same(sent_token, token):
            return None
        return AuthFailure("invalid", "X-Auth-Token is not a valid token")
    if not authorization:
        return AuthFailure(
            "missing", "no credentials: send X-Auth-Token or an SDK-HMAC-SHA256 Authorization header"
        )
    parsed = _parse_signed_authorization(
        authorization, HUAWEI_ALGORITHM, ("Access", "SignedHeaders", "Signature")
    )
    if isinstance(parsed, AuthFailure):
        return parsed
    if not _same(parsed.key_id, ak):
        return AuthFailure("unknown-key", "the Access key in Authorization is not known")
    for required in ("host", "x-sdk-date"):
        if required not in parsed.signed_headers:
            return AuthFailure("invalid", f"SignedHeaders must include {required}")
    signed_at = _parse_date(request.headers.get("X-Sdk-Date"), HUAWEI_DATE_FORMAT)
    if signed_at is None:
        return AuthFailure("invalid", f"X-Sdk-Date is missing or not in {HUAWEI_DATE_FORMAT} form")
    canonical = _huawei_canonical_request(request, parsed.signed_headers)
    if isinstance(canonical, AuthFailure):
        return canonical
    string_to_sign = b"\n".join(
        [
            HUAWEI_ALGORITHM.encode(),
            signed_at.strftime(HUAWEI_DATE_FORMAT).encode(),
            _sha256_hex(canonical).encode(),
        ]
    )
    expected = hmac.new(sk.encode("utf-8"), string_to_sign, hashlib.sha256).hexdigest()
    if not _same(parsed.signature, expected):
        return AuthFailure("invalid", "signature does not match the request")
    return _freshness(signed_at, now, "X-Sdk-Date")


def _huawei_canonical_request(request: Request, signed_headers: list[str]) -> bytes | AuthFailure:
    segments = _decoded_path(request).split("/")
    canonical_uri = "/".join(quote(segment, safe="~") for segment in segments)
    if not canonical_uri.endswith("/"):
        canonical_uri += "/"
    # Keys and values both percent-encoded (RFC 3986 unreserved kept), pairs sorted as decoded text.
    canonical_query = "&".join(
        f"{quote(key, safe='~')}={quote(value, safe='~')}" for key, value in sorted(_query_pairs(request))
    )
    header_lines: list[bytes] = []
    for name in signed_headers:
        value = request.headers.get(name)
        if value is None:
            return AuthFailure("invalid", f"signed header {name} is not in the request")
        # The SDK signs the UTF-8 text and sends its bytes; the WSGI value is those bytes as latin-1.
        header_lines.append(name.encode() + b":" + _wire_bytes(value.strip()))
    body = request.get_data(cache=True)
    if not body:
        payload_hash = EMPTY_SHA256
    else:
        payload_hash = request.headers.get("X-Sdk-Content-Sha256") or _sha256_hex(body)
    return b"\n".join(
        [
            request.method.upper().encode(),
            canonical_uri.encode(),
            canonical_query.encode(),
            b"\n".join(header_lines) + b"\n",
            ";".join(signed_headers).encode(),
            payload_hash.encode(),
        ]
    )


# --- Alibaba ACS3 ---------------------------------------------------------------------------------


def verify_acs3(
    request: Request, *, access_key_id: str, access_key_secret: str, now: datetime | None = None
) -> AuthFailure | None:
    """Accept an ACS3-HMAC-SHA256 signature by the given key pair, x-acs-date within 15 minutes."""
    authorization = (request.headers.get("Authorization") or "").strip()
    if not authorization:
        return AuthFailure("missing", "missing header 'Authorization' (ACS3-HMAC-SHA256 signature)")
    parsed = _parse_signed_authorization(
        authorization, ACS3_ALGORITHM, ("Credential", "SignedHeaders", "Signature")
    )
    if isinstance(parsed, AuthFailure):
        return parsed
    if not _same(parsed.key_id, access_key_id):
        return AuthFailure("unknown-key", "the Credential access key id is not known")
    for required in ("host", "x-acs-date"):
        if required not in parsed.signed_headers:
            return AuthFailure("invalid", f"SignedHeaders must include {required}")
    signed_at = _parse_date(request.headers.get("x-acs-date"), ACS3_DATE_FORMAT)
    if signed_at is None:
        return AuthFailure("invalid", f"x-acs-date is missing or not in {ACS3_DATE_FORMAT} form")
    body_hash = _sha256_hex(request.get_data(cache=True))
    declared_hash = request.headers.get("x-acs-content-sha256")
    if declared_hash is not None and not _same(declared_hash.strip().lower(), body_hash):
        return AuthFailure("invalid", "x-acs-content-sha256 does not match the request body")
    canonical = _acs3_canonical_request(request, parsed.signed_headers, body_hash)
    if isinstance(canonical, AuthFailure):
        return canonical
    string_to_sign = f"{ACS3_ALGORITHM}\n{_sha256_hex(canonical.encode('utf-8'))}"
    expected = hmac.new(
        access_key_secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    if not _same(parsed.signature, expected):
        return AuthFailure("invalid", "signature does not match the request")
    return _freshness(signed_at, now, "x-acs-date")


def _acs3_canonical_request(
    request: Request, signed_headers: list[str], payload_hash: str
) -> str | AuthFailure:
    canonical_uri = quote(_decoded_path(request), safe="/~")
    # Values are percent-encoded, names are not: that is what tea-openapi's get_canonical_query_string
    # does (all documented ACS3 parameter names are plain ASCII words, so the two readings agree).
    canonical_query = "&".join(
        f"{key}={quote(value, safe='~')}" for key, value in sorted(_query_pairs(request))
    )
    header_lines: list[str] = []
    for name in signed_headers:
        value = request.headers.get(name)
        if value is None:
            return AuthFailure("invalid", f"signed header {name} is not in the request")
        header_lines.append(f"{name}:{value.strip()}\n")
    return "\n".join(
        [
            request.method.upper(),
            canonical_uri,
            canonical_query,
            "".join(header_lines),
            ";".join(signed_headers),
            payload_hash,
        ]
    )


# --- ZStack ---------------------------------------------------------------------------------------


def verify_zstack(request: Request, *, session_uuid: str) -> AuthFailure | None:
    """`Authorization: OAuth <session uuid>`; wording of the failures follows ZStack's RestServer."""
    authorization = (request.headers.get("Authorization") or "").strip()
    if not authorization:
        return AuthFailure("missing", "missing header 'Authorization'")
    scheme, _, credential = authorization.partition(" ")
    if scheme != "OAuth":
        return AuthFailure("missing", "Authorization type must be 'OAuth'")
    if not _same(credential.strip(), session_uuid):
        return AuthFailure("invalid", "the session is not valid or has expired")
    return None


# --- shared ---------------------------------------------------------------------------------------


def _parse_signed_authorization(
    authorization: str, algorithm: str, field_names: tuple[str, str, str]
) -> _SignedAuthorization | AuthFailure:
    scheme, _, rest = authorization.partition(" ")
    if scheme != algorithm:
        return AuthFailure("invalid", f"unsupported Authorization scheme; expected {algorithm}")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        name, separator, value = part.strip().partition("=")
        if separator:
            fields[name.strip()] = value.strip()
    key_field, headers_field, signature_field = field_names
    if not all(fields.get(name) for name in field_names):
        return AuthFailure("invalid", f"malformed {algorithm} Authorization: needs {', '.join(field_names)}")
    return _SignedAuthorization(
        key_id=fields[key_field],
        signed_headers=[name.strip().lower() for name in fields[headers_field].split(";") if name.strip()],
        signature=fields[signature_field].lower(),
    )


def _decoded_path(request: Request) -> str:
    """The percent-decoded request path as UTF-8 text (the SDK signers unquote before re-encoding)."""
    environ = request.environ
    raw = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return _wire_bytes(raw).decode("utf-8", errors="replace") or "/"


def _query_pairs(request: Request) -> list[tuple[str, str]]:
    """Query pairs decoded from the raw query string: `+` is a space, repeats kept."""
    raw = _wire_bytes(request.environ.get("QUERY_STRING", "")).decode("utf-8", errors="replace")
    return parse_qsl(raw, keep_blank_values=True)


def _wire_bytes(text: str) -> bytes:
    """WSGI hands over header/path bytes as latin-1 text; get the bytes back."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _parse_date(value: str | None, date_format: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), date_format).replace(tzinfo=UTC)
    except ValueError:
        return None


def _freshness(signed_at: datetime, now: datetime | None, header: str) -> AuthFailure | None:
    current = now or datetime.now(UTC)
    if current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    if abs(current - signed_at) > MAX_CLOCK_SKEW:
        return AuthFailure("stale", f"{header} is more than 15 minutes away from the server time")
    return None


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
