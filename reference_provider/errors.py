"""Error replies: the documented error bodies of each API family, built before serialization.

An `ErrorReply` is still data (status, body, kind) so a variant can rewrite it (drop fields, wrong
status, HTML) in one place: the handler's `render_error` stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ErrorKind = Literal[
    "bad-param",
    "not-found",
    "method-not-allowed",
    "auth-missing",
    "auth-invalid",
    "auth-stale",
    "auth-unknown-key",
    "internal",
]


@dataclass(frozen=True)
class ErrorReply:
    status: int
    body: Mapping[str, Any] | str  # str = text/plain (ZStack format errors)
    kind: ErrorKind
    headers: Mapping[str, str] = field(default_factory=dict)


class ApiError(Exception):
    """Raised by a pipeline stage to answer with an error reply."""

    def __init__(self, reply: ErrorReply) -> None:
        super().__init__(f"{reply.status} {reply.kind}")
        self.reply = reply


class ParamError(Exception):
    """A query parameter that is malformed or out of range; each API shapes it into its own body."""

    def __init__(self, param: str, message: str, *, wrong_type: bool = False) -> None:
        super().__init__(message)
        self.param = param
        self.message = message
        self.wrong_type = wrong_type


# --- Huawei (both APIs): {"error_code", "error_msg"}; seed 000/001 examples ---------------------------

HUAWEI_BAD_REQUEST_CODE = "common.01000001"
HUAWEI_TYPE_MISMATCH_MSG = (
    "failed to read http request, please check your input, code: 400, "
    "reason: Type mismatch., cause: TypeMismatchException"
)


def huawei_error(status: int, code: str, message: str, kind: ErrorKind) -> ErrorReply:
    return ErrorReply(status, {"error_code": code, "error_msg": message}, kind)


def huawei_gateway_forbidden(message: str) -> ErrorReply:
    """The API gateway's 403 body, shaped exactly like seed 000's example (integer error_code)."""
    body = {
        "error": {"code": "403", "message": message, "title": "Forbidden"},
        "error_code": 403,
        "error_msg": message,
        "title": "Forbidden",
    }
    return ErrorReply(403, body, "auth-invalid")


# --- Alibaba POP gateway (PAI-EAS and HA3 auth, PAI-EAS parameters): upper camel --------------------


def alibaba_gateway_error(
    status: int, code: str, message: str, *, request_id: str, host: str, kind: ErrorKind
) -> ErrorReply:
    body = {
        "RequestId": request_id,
        "HostId": host,
        "Code": code,
        "Message": message,
        "Recommend": f"https://api.aliyun.com/troubleshoot?q={code}",
    }
    return ErrorReply(status, body, kind)


# --- HA3 product errors: lower camel with httpCode ---------------------------------------------------


def ha3_error(status: int, code: str, message: str, *, request_id: str, kind: ErrorKind) -> ErrorReply:
    body = {"requestId": request_id, "code": code, "message": message, "httpCode": status}
    return ErrorReply(status, body, kind)


# --- ZStack: plain-text format errors, 503 {"error": ErrorCode} API failures -------------------------


def zstack_format_error(status: int, text: str, kind: ErrorKind) -> ErrorReply:
    return ErrorReply(status, text, kind)


def zstack_api_failure(code: str, description: str, details: str, kind: ErrorKind) -> ErrorReply:
    error_code = {
        "code": code,
        "description": description,
        "details": details,
        "elaboration": None,
        "opaque": None,
        "cause": None,
    }
    return ErrorReply(503, {"error": error_code}, kind)
