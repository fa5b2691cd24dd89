"""Faulty variants of error replies, credential checks and server errors on valid input."""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Sequence
from typing import Any

from werkzeug.wrappers import Response

from ...errors import ApiError, ErrorReply, huawei_error
from ...pipeline import JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE, ListHandler, ListParams, RequestContext
from ...records import Record
from ..hooks import stage_hook
from ..registry import Variant, register
from ..wrappers import Stage, accept_auth, change_error, change_params, drop_body_fields


class InjectedFault(RuntimeError):
    """Raised by a server-error variant on valid input; the handler answers its internal error."""


# --- error bodies and statuses ---------------------------------------------------------------------


def _drop_error_msg(reply: ErrorReply, ctx: RequestContext) -> ErrorReply:
    return drop_body_fields(reply, "error_msg")


def _bad_param_html(reply: ErrorReply, ctx: RequestContext) -> ErrorReply | Response:
    if reply.kind != "bad-param":
        return reply
    detail = html.escape(str(reply.body))
    page = f"<html><body><h1>{reply.status} Bad Request</h1><p>{detail}</p></body></html>"
    return Response(page, status=reply.status, content_type="text/html; charset=utf-8")


def _bad_param_422(reply: ErrorReply, ctx: RequestContext) -> ErrorReply:
    return dataclasses.replace(reply, status=422) if reply.kind == "bad-param" else reply


def _bad_param_500(reply: ErrorReply, ctx: RequestContext) -> ErrorReply:
    if reply.kind != "bad-param":
        return reply
    return huawei_error(500, "common.00000500", "internal error", "internal")


def _json_as_text(reply: ErrorReply, ctx: RequestContext) -> ErrorReply | Response:
    if isinstance(reply.body, str):
        return reply
    text = "; ".join(f"{key}: {value}" for key, value in reply.body.items())
    return Response(text, status=reply.status, content_type=TEXT_CONTENT_TYPE)


def _invalid_credentials_no_code(reply: ErrorReply, ctx: RequestContext) -> ErrorReply:
    return drop_body_fields(reply, "Code", "code") if reply.kind == "auth-invalid" else reply


def _text_error_as_json(reply: ErrorReply, ctx: RequestContext) -> ErrorReply | Response:
    if not isinstance(reply.body, str):
        return reply
    payload = json.dumps({"error": {"code": "SYS.1006", "details": reply.body}})
    return Response(payload, status=reply.status, content_type=JSON_CONTENT_TYPE)


def _unknown_scope_empty(original: Stage, handler: ListHandler) -> Stage:
    def resolve_scope(ctx: RequestContext) -> Sequence[Record]:
        try:
            return original(ctx)  # type: ignore[no-any-return]
        except ApiError:
            return ()  # an unknown workspace lists nothing instead of 404

    return resolve_scope


def _any_instance_id(original: Stage, handler: ListHandler) -> Stage:
    def resolve_scope(ctx: RequestContext) -> Sequence[Record]:
        known = {**ctx.path_args, "instanceId": handler.config.ha3_instance_id}
        return original(RequestContext(ctx.request, known, ctx.request_id))  # type: ignore[no-any-return]

    return resolve_scope


# --- credentials -----------------------------------------------------------------------------------


def _token_header_sent(reply: ErrorReply, ctx: RequestContext) -> bool:
    return bool(ctx.request.headers.get("X-Auth-Token"))


def _aksk_signature_sent(reply: ErrorReply, ctx: RequestContext) -> bool:
    sent = ctx.request.headers.get("Authorization", "")
    return reply.kind == "auth-invalid" and sent.startswith("SDK-HMAC-SHA256")


def _kind_is(*kinds: str) -> Any:
    return lambda reply, ctx: reply.kind in kinds


def _unknown_session(reply: ErrorReply, ctx: RequestContext) -> bool:
    return reply.status == 503  # a well-formed OAuth header naming an unknown session


# --- server errors on valid input ------------------------------------------------------------------


def _fail_when(predicate: Any) -> Any:
    def edit(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        if predicate(params, ctx):
            raise InjectedFault(f"injected fault for {ctx.request.query_string.decode()}")

    return change_params(edit)


def _filter_value(param: str, value: str) -> Any:
    return lambda params, ctx: any(f.param == param and f.value == value for f in params.filters)


def _page_from(number: int) -> Any:
    return lambda params, ctx: params.echo.get("PageNumber", 1) >= number


def _sorted_by(field: str) -> Any:
    return lambda params, ctx: params.ordering is not None and params.ordering.field == field


ERROR_VARIANTS = [
    # --- error ----------------------------------------------------------------------------------
    Variant(
        "huawei-instances-error-missing-msg",
        "huawei-service-instances",
        "error",
        "error bodies carry error_code but no error_msg",
        "seed 000: error bodies carry error_code and error_msg (ErrorResponse required)",
        False,
        stage_hook("huawei-service-instances", "render_error", change_error(_drop_error_msg)),
    ),
    Variant(
        "huawei-instances-unknown-workspace-200",
        "huawei-service-instances",
        "error",
        "an unknown workspace id answers 200 with an empty list "
        "(meant to be caught by test_bad_request_gets_the_documented_error alone)",
        "seed 000: an unknown workspace answers 404 (x-error-cases unknown-path-id)",
        False,
        stage_hook("huawei-service-instances", "resolve_scope", _unknown_scope_empty),
    ),
    Variant(
        "huawei-instances-bad-param-500",
        "huawei-service-instances",
        "error",
        "a malformed parameter answers 500 internal error instead of 400",
        "seed 000: a type mismatch answers 400 common.01000001 (x-error-cases wrong-type)",
        False,
        stage_hook("huawei-service-instances", "render_error", change_error(_bad_param_500)),
    ),
    Variant(
        "huawei-endpoints-bad-param-html",
        "huawei-endpoints",
        "error",
        "a malformed parameter answers 400 with an HTML page",
        "seed 001: 400 bodies are application/json ErrorResponse",
        False,
        stage_hook("huawei-endpoints", "render_error", change_error(_bad_param_html)),
    ),
    Variant(
        "huawei-endpoints-type-mismatch-422",
        "huawei-endpoints",
        "error",
        "a malformed parameter answers 422 instead of 400",
        "seed 001: a type mismatch answers 400 (x-error-cases wrong-type)",
        False,
        stage_hook("huawei-endpoints", "render_error", change_error(_bad_param_422)),
    ),
    Variant(
        "pai-eas-error-text-body",
        "pai-eas-services",
        "error",
        "every error comes as a text/plain body instead of the JSON error object",
        "seed 002: error bodies are application/json with Code and Message",
        False,
        stage_hook("pai-eas-services", "render_error", change_error(_json_as_text)),
    ),
    Variant(
        "ha3-invalid-credentials-no-code",
        "opensearch-ha3-models",
        "error",
        "only the invalid-credentials error body lacks its Code "
        "(meant to be caught by test_bad_request_gets_the_documented_error alone)",
        "seed 004: error bodies carry Code and Message (ErrorResponse)",
        False,
        stage_hook("opensearch-ha3-models", "render_error", change_error(_invalid_credentials_no_code)),
    ),
    Variant(
        "ha3-unknown-instance-200",
        "opensearch-ha3-models",
        "error",
        "any instanceId lists the configured instance's models instead of a 404",
        "seed 004: an unknown instance answers 400/403/404 (x-error-cases unknown-path-id)",
        False,
        stage_hook("opensearch-ha3-models", "resolve_scope", _any_instance_id),
    ),
    Variant(
        "zstack-format-error-json",
        "zstack-model-services",
        "error",
        "format errors (400) come as JSON instead of plain text",
        "seed 003: 400 format errors are text/plain",
        False,
        stage_hook("zstack-model-services", "render_error", change_error(_text_error_as_json)),
    ),
    # --- auth -----------------------------------------------------------------------------------
    Variant(
        "huawei-instances-token-not-checked",
        "huawei-service-instances",
        "auth",
        "any X-Auth-Token value is accepted",
        "seed 000: an invalid token answers 401/403 (x-error-cases invalid-credentials)",
        False,
        stage_hook("huawei-service-instances", "authenticate", accept_auth(_token_header_sent)),
    ),
    Variant(
        "huawei-aksk-signature-not-checked",
        "huawei",
        "auth",
        "an SDK-HMAC-SHA256 Authorization with a known Access key is accepted whatever its signature "
        "(observable only when the suite signs with AK/SK, i.e. no HUAWEI_AUTH_TOKEN)",
        "seeds 000/001: a wrong AK/SK signature answers 401 (x-error-cases invalid-credentials)",
        False,
        stage_hook("huawei", "authenticate", accept_auth(_aksk_signature_sent)),
    ),
    Variant(
        "huawei-endpoints-no-credentials-accepted",
        "huawei-endpoints",
        "auth",
        "a request without any credentials is served",
        "seed 001: missing credentials answer 401 (x-error-cases missing-credentials)",
        False,
        stage_hook("huawei-endpoints", "authenticate", accept_auth(_kind_is("auth-missing"))),
    ),
    Variant(
        "pai-eas-signature-not-checked",
        "pai-eas-services",
        "auth",
        "an ACS3 signature that does not match is accepted (the key id alone is checked)",
        "seed 002: a wrong signature answers SignatureDoesNotMatch (x-error-cases invalid-credentials)",
        False,
        stage_hook("pai-eas-services", "authenticate", accept_auth(_kind_is("auth-invalid"))),
    ),
    Variant(
        "ha3-no-credentials-accepted",
        "opensearch-ha3-models",
        "auth",
        "a request without an Authorization header is served",
        "seed 004: missing credentials are rejected (x-error-cases missing-credentials)",
        False,
        stage_hook("opensearch-ha3-models", "authenticate", accept_auth(_kind_is("auth-missing"))),
    ),
    Variant(
        "zstack-session-not-checked",
        "zstack-model-services",
        "auth",
        "any OAuth session uuid is accepted",
        "seed 003: an unknown session answers 503 ID.1001 (x-error-cases invalid-credentials)",
        False,
        stage_hook("zstack-model-services", "authenticate", accept_auth(_unknown_session)),
    ),
    Variant(
        "zstack-no-authorization-accepted",
        "zstack-model-services",
        "auth",
        "a request without an Authorization header is served",
        "seed 003: a missing Authorization header answers 400 (x-error-cases missing-credentials)",
        False,
        stage_hook("zstack-model-services", "authenticate", accept_auth(_kind_is("auth-missing"))),
    ),
    # --- server-error ---------------------------------------------------------------------------
    Variant(
        "huawei-instances-500-on-public",
        "huawei-service-instances",
        "server-error",
        "visibility=PUBLIC answers 500",
        "seed 000: visibility=PUBLIC is a valid filter answered with 200",
        False,
        stage_hook(
            "huawei-service-instances", "parse_params", _fail_when(_filter_value("visibility", "PUBLIC"))
        ),
    ),
    Variant(
        "pai-eas-500-from-page-4",
        "pai-eas-services",
        "server-error",
        "PageNumber 4 and later answer 500",
        "seed 002: any PageNumber >= 1 is answered with 200",
        False,
        stage_hook("pai-eas-services", "parse_params", _fail_when(_page_from(4))),
    ),
    Variant(
        "ha3-500-on-image-analyze",
        "opensearch-ha3-models",
        "server-error",
        "type=image_analyze answers 500",
        "seed 004: type=image_analyze is a valid filter answered with 200",
        False,
        stage_hook(
            "opensearch-ha3-models", "parse_params", _fail_when(_filter_value("type", "image_analyze"))
        ),
    ),
    Variant(
        "zstack-500-on-sort-size",
        "zstack-model-services",
        "server-error",
        "sort by size fails with the internal-error reply",
        "seed 003: sort=+size / -size is a valid sort answered with 200",
        False,
        stage_hook("zstack-model-services", "parse_params", _fail_when(_sorted_by("size"))),
    ),
]

for _variant in ERROR_VARIANTS:
    register(_variant)
