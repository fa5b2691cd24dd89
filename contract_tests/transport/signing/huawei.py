"""Huawei Cloud request auth: IAM token header, or SDK-HMAC-SHA256 through huaweicloudsdkcore's Signer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import requests
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from requests.auth import AuthBase

from contract_tests.config.scrub import register_signature
from contract_tests.transport.signing._wire import (
    UNSIGNABLE_HEADERS,
    Clock,
    as_utc,
    body_bytes,
    encoded_path,
    host_header,
    query_pairs,
    request_url,
    utc_now,
)

SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
_SIGNATURE = re.compile(r"Signature=([^,\s]+)")


class HuaweiTokenAuth(AuthBase):
    """`X-Auth-Token: <IAM token>`."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        prepared.headers["X-Auth-Token"] = self.token
        return prepared

    def __repr__(self) -> str:
        return "HuaweiTokenAuth([REDACTED])"


class HuaweiAkSkAuth(AuthBase):
    """SDK-HMAC-SHA256 computed by huaweicloudsdkcore's own Signer over the final prepared request.

    `project_id` is sent as `X-Project-Id` (and signed). The Signer is called directly, never the
    credentials' IAM project lookup, so signing works offline.
    """

    def __init__(
        self, ak: str, sk: str, project_id: str | None = None, *, clock: Clock | None = None
    ) -> None:
        self.credentials = BasicCredentials(ak, sk, project_id)
        self.project_id = project_id
        self.clock = clock or utc_now

    def __call__(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        sdk_request = self.sdk_request_for(prepared)
        signed = Signer(self.credentials).sign(sdk_request)
        # The Signer rewrites every value it signed (stripped, UTF-8 bytes as latin-1 text, which is
        # how the SDK itself puts them on the wire); copy them all so the wire matches the signature.
        for name, value in signed.header_params.items():
            prepared.headers[name] = value
        register_signature(_signature(signed.header_params.get("Authorization", "")))
        return prepared

    def sdk_request_for(self, prepared: requests.PreparedRequest) -> SdkRequest:
        url = urlsplit(request_url(prepared))
        # Names set below are skipped here so a differently cased copy cannot be signed twice.
        replaced = {"host", "x-sdk-date"} | ({"x-project-id"} if self.project_id else set())
        headers: dict[str, str] = {}
        for name, value in prepared.headers.items():
            text = _header_text(value)
            if name.lower() in UNSIGNABLE_HEADERS or name.lower() in replaced or text is None:
                continue
            headers[name] = text
        headers["Host"] = host_header(prepared)
        headers["X-Sdk-Date"] = as_utc(self.clock()).strftime(SDK_DATE_FORMAT)
        if self.project_id:
            headers["X-Project-Id"] = self.project_id
        return SdkRequest(
            method=(prepared.method or "GET").upper(),
            schema=url.scheme,
            host=headers["Host"],
            resource_path=encoded_path(prepared),
            query_params=list(query_pairs(prepared)),
            header_params=headers,
            body=body_bytes(prepared) or None,
        )

    def __repr__(self) -> str:
        return f"HuaweiAkSkAuth(ak={self.credentials.ak!r}, sk=[REDACTED], project_id={self.project_id!r})"


def _signature(authorization: str) -> str | None:
    """The `Signature=` value of an SDK-HMAC Authorization header, registered with the scrubber."""
    match = _SIGNATURE.search(authorization)
    return match.group(1) if match else None


def _header_text(value: str | bytes) -> str | None:
    """Header value as text; a bytes value that is not UTF-8 is left unsigned rather than mangled."""
    if isinstance(value, str):
        return value
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None
