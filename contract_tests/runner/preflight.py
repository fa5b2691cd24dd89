"""The preflight: before any test, one plain list request per selected API with the credentials as given.

A bad setup must not look like a broken provider. A credential the API refuses, a 404 on the list
path or an answer that is not JSON would otherwise turn into dozens of "contract failures"; here it
is one line naming the API, the status (with the error code of the body) and the likely cause, and
the run stops with exit code 2 before any test:

    preflight: huawei-endpoints: credentials rejected (HTTP 401 APIG.1002); check HUAWEI_AUTH_TOKEN

PREFLIGHT chooses what such a line does: `stop` (the default), `warn` (print it and go on: a run
deliberately against a provider that fails authentication), `off` (no judgement; the reachability
request per base URL stays). A run of the embedded provider switched into a variant
(REFERENCE_PROVIDER_VARIANT) is such a deliberate run: there the default is `warn`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from contract_tests.model.body import MISSING, dig
from contract_tests.model.specs import ApiSpec
from contract_tests.transport.client import ListResponse, choose_scheme


class PreflightFailed(RuntimeError):
    """A selected API's plain list answer shows a bad setup (PREFLIGHT=stop): one line, exit 2."""


AUTH_REJECTION = frozenset({401, 403})
# Where the five documents' error bodies carry their code: Huawei `error_code`, Alibaba `Code`/`code`,
# ZStack `error.code`, an APIG `error.code`.
_CODE_PATHS = ("error_code", "Code", "code", "error.code", "errorCode")
_MESSAGE_PATHS = ("error_msg", "Message", "message", "error.description", "error.details", "error.message")
# Words of an authentication failure in a documented non-401/403 answer (a signature mismatch answered
# 400, ZStack's unknown session answered 503 ID.1001 "Session expired").
_AUTH_WORDS = re.compile(
    r"auth|token|signature|credential|access.?key|session|forbidden|permission|denied|expired",
    re.IGNORECASE,
)


def error_code(body: Any, status: int) -> str:
    """The error code an error body carries (`APIG.1002`, `SignatureDoesNotMatch`), or ""."""
    if not isinstance(body, dict):
        return ""
    for path in _CODE_PATHS:
        found = dig(body, path)
        if isinstance(found, str | int) and not isinstance(found, bool) and str(found).strip():
            text = str(found).strip()
            if text != str(status):  # `error_code: 403` beside HTTP 403 adds nothing
                return _plain(text)[:60]
    return ""


def _message(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    found = [dig(body, path) for path in _MESSAGE_PATHS]
    return " ".join(str(text) for text in found if text is not MISSING and isinstance(text, str))


def _plain(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def credential_rejection(spec: ApiSpec, status: int, body: Any) -> str:
    """`HTTP <status> <code>` when this answer refuses the request's credentials, else "".

    401 and 403 always do. Another status does when the API documents it for bad credentials
    (x-error-cases invalid-/missing-credentials: Alibaba's 400, ZStack's 503) and the body's code or
    message speaks of authentication (a 400 for a bad parameter does not).
    """
    code = error_code(body, status)
    shown = f"HTTP {status}" + (f" {code}" if code else "")
    if status in AUTH_REJECTION:
        return shown
    documented = spec.credential_error_statuses()
    if status in documented and status >= 400 and _AUTH_WORDS.search(f"{code} {_message(body)}"):
        return shown
    return ""


def credential_hint(spec: ApiSpec, values: Mapping[str, str]) -> str:
    """The variables whose values were sent as credentials (names only, never values)."""
    scheme = choose_scheme(spec, values)
    names = scheme.credential_vars if scheme is not None else ()
    return ", ".join(names) if names else "the credentials"


def _path_ids(spec: ApiSpec) -> str:
    ids = [variable for variable in spec.path_parameters().values() if variable]
    return f" (and {', '.join(ids)})" if ids else ""


def judge(spec: ApiSpec, answer: ListResponse, values: Mapping[str, str]) -> str:
    """The preflight line for one API's plain list answer ("" when it is usable)."""
    status = answer.status
    route = f"GET {spec.route}"
    rejected = credential_rejection(spec, status, answer.body)
    if status == 404:
        code = error_code(answer.body, status)
        shown = f" ({code})" if code else ""
        return (
            f"preflight: {spec.key}: {route} answered 404{shown}; is the base URL right{_path_ids(spec)}?"
        )
    if rejected:
        # A status the document also gives an unknown path id may be that instead.
        also = any(status in case.statuses for case in spec.error_cases if case.name == "unknown-path-id")
        ids = [variable for variable in spec.path_parameters().values() if variable] if also else []
        alternative = f" (or {', '.join(ids)})" if ids else ""
        return (
            f"preflight: {spec.key}: credentials rejected ({rejected}); "
            f"check {credential_hint(spec, values)}{alternative}"
        )
    declared = spec.response_media(status)
    if declared is not None and declared[0] and "json" not in declared[0]:
        return ""  # a documented non-JSON answer (ZStack's text/plain 400) is the tests' to judge
    if answer.response.content and answer.body is None:
        media = answer.media_type or "no content type"
        return (
            f"preflight: {spec.key}: {route} answered HTTP {status} with a body that is not JSON "
            f"({media}); is the base URL the API's and not a proxy's or a login page?"
        )
    return ""
