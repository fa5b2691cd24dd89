"""What a prepared request will carry on the wire, read back in the form the signers need."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import requests

Clock = Callable[[], datetime]
NonceSource = Callable[[], str]

# Headers a proxy or the transport may rewrite or drop; signing them would make a valid request fail.
UNSIGNABLE_HEADERS = frozenset(
    {
        "authorization",
        "connection",
        "content-length",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes from an injected clock are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def request_url(prepared: requests.PreparedRequest) -> str:
    if not prepared.url:
        raise ValueError("cannot sign a request without a URL")
    return prepared.url


def host_header(prepared: requests.PreparedRequest) -> str:
    """The Host value to sign; set explicitly so the transport cannot send a different one.

    http.client drops a default port (":80") that requests keeps in the URL, so the URL's
    netloc and the header urllib3 would generate can differ.
    """
    existing = prepared.headers.get("Host")
    if existing:
        return str(existing)
    netloc = urlsplit(request_url(prepared)).netloc
    return netloc.rpartition("@")[2]


def encoded_path(prepared: requests.PreparedRequest) -> str:
    return urlsplit(request_url(prepared)).path or "/"


def query_pairs(prepared: requests.PreparedRequest) -> list[tuple[str, str]]:
    """Query parameters as the server will decode them (`+` is a space, repeats kept in order)."""
    return parse_qsl(urlsplit(request_url(prepared)).query, keep_blank_values=True)


def body_bytes(prepared: requests.PreparedRequest) -> bytes:
    """The body as bytes; a str body is replaced by its UTF-8 bytes so the wire carries what was hashed."""
    body = prepared.body
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        encoded = body.encode("utf-8")
        prepared.body = encoded
        return encoded
    raise TypeError(f"cannot sign a streaming request body ({type(body).__name__}); send bytes instead")
