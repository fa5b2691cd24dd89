"""Authentication per API family: the signature checks mapped onto each family's documented errors."""

from __future__ import annotations

from werkzeug.wrappers import Request

from . import signature_checks
from .config import ProviderConfig
from .errors import (
    ErrorKind,
    ErrorReply,
    alibaba_gateway_error,
    huawei_error,
    huawei_gateway_forbidden,
    zstack_api_failure,
    zstack_format_error,
)

_KINDS: dict[str, ErrorKind] = {
    "missing": "auth-missing",
    "invalid": "auth-invalid",
    "stale": "auth-stale",
    "unknown-key": "auth-unknown-key",
}


def huawei_auth_error(request: Request, config: ProviderConfig) -> ErrorReply | None:
    """X-Auth-Token or SDK-HMAC-SHA256: missing → 401 APIG.1002, bad token → gateway 403, bad AK/SK → 401."""
    failure = signature_checks.verify_huawei(
        request, token=config.huawei_auth_token, ak=config.huaweicloud_sdk_ak, sk=config.huaweicloud_sdk_sk
    )
    if failure is None:
        return None
    if failure.kind == "missing":
        return huawei_error(401, "APIG.1002", "Incorrect token or token resolution failed", "auth-missing")
    if request.headers.get("Authorization"):
        message = f"Incorrect IAM authentication information: {failure.message}"
        return huawei_error(401, "APIG.0301", message, _KINDS[failure.kind])
    return huawei_gateway_forbidden("X-Auth-Token is invalid in the request")


_ALIBABA_ERRORS: dict[str, tuple[int, str, str]] = {
    "missing": (400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."),
    "invalid": (400, "SignatureDoesNotMatch", "Specified signature does not match our calculation."),
    "stale": (400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
    "unknown-key": (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."),
}


def alibaba_auth_error(request: Request, config: ProviderConfig, request_id: str) -> ErrorReply | None:
    """ACS3-HMAC-SHA256 (PAI-EAS and HA3 alike): the POP gateway's upper-camel error bodies."""
    failure = signature_checks.verify_acs3(
        request,
        access_key_id=config.alibaba_cloud_access_key_id,
        access_key_secret=config.alibaba_cloud_access_key_secret,
    )
    if failure is None:
        return None
    status, code, message = _ALIBABA_ERRORS[failure.kind]
    return alibaba_gateway_error(
        status,
        code,
        f"{message} {failure.message}".strip(),
        request_id=request_id,
        host=request.host,
        kind=_KINDS[failure.kind],
    )


def zstack_auth_error(request: Request, config: ProviderConfig) -> ErrorReply | None:
    """OAuth session: header problems are 400 plain text; an unknown session is a 503 API failure."""
    failure = signature_checks.verify_zstack(request, session_uuid=config.zstack_session_uuid)
    if failure is None:
        return None
    header = request.headers.get("Authorization", "")
    if not header.strip():
        return zstack_format_error(400, "missing header 'Authorization'", "auth-missing")
    if header.split(" ", 1)[0] != "OAuth":
        return zstack_format_error(400, "Authorization type must be 'OAuth'", "auth-invalid")
    return zstack_api_failure(
        "ID.1001",
        "Session expired",
        f"Session expired or invalid: {failure.message}",
        _KINDS.get(failure.kind, "auth-invalid"),
    )
