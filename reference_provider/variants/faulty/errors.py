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
from ..registry import faulty, register
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


def _empty_token_sent(reply: ErrorReply, ctx: RequestContext) -> bool:
    # The header is there but empty: read as "no token given", and the check is skipped.
    return "X-Auth-Token" in ctx.request.headers and not ctx.request.headers.get("X-Auth-Token")


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
    faulty(
        "huawei-instances-error-missing-msg",
        api="huawei-service-instances",
        cls="error",
        description="error bodies carry error_code but no error_msg",
        breaks="seed 000: error bodies carry error_code and error_msg (ErrorResponse required)",
        stage="render_error",
        change=change_error(_drop_error_msg),
    ),
    faulty(
        "huawei-instances-unknown-workspace-200",
        api="huawei-service-instances",
        cls="error",
        description="an unknown workspace id answers 200 with an empty list",
        breaks="seed 000: an unknown workspace answers 404 (x-error-cases unknown-path-id)",
        sole_catcher="test_bad_request_gets_the_documented_error",
        stage="resolve_scope",
        change=_unknown_scope_empty,
    ),
    faulty(
        "huawei-instances-bad-param-500",
        api="huawei-service-instances",
        cls="error",
        description="a malformed parameter answers 500 internal error instead of 400",
        breaks="seed 000: a type mismatch answers 400 common.01000001 (x-error-cases wrong-type)",
        stage="render_error",
        change=change_error(_bad_param_500),
    ),
    faulty(
        "huawei-endpoints-bad-param-html",
        api="huawei-endpoints",
        cls="error",
        description="a malformed parameter answers 400 with an HTML page",
        breaks="seed 001: 400 bodies are application/json ErrorResponse",
        stage="render_error",
        change=change_error(_bad_param_html),
    ),
    faulty(
        "huawei-endpoints-type-mismatch-422",
        api="huawei-endpoints",
        cls="error",
        description="a malformed parameter answers 422 instead of 400",
        breaks="seed 001: a type mismatch answers 400 (x-error-cases wrong-type)",
        stage="render_error",
        change=change_error(_bad_param_422),
    ),
    faulty(
        "pai-eas-error-text-body",
        api="pai-eas-services",
        cls="error",
        description="every error comes as a text/plain body instead of the JSON error object",
        breaks="seed 002: error bodies are application/json with Code and Message",
        stage="render_error",
        change=change_error(_json_as_text),
    ),
    faulty(
        "ha3-invalid-credentials-no-code",
        api="opensearch-ha3-models",
        cls="error",
        description="only the invalid-credentials error body lacks its Code",
        breaks="seed 004: error bodies carry Code and Message (ErrorResponse)",
        sole_catcher="test_bad_request_gets_the_documented_error",
        stage="render_error",
        change=change_error(_invalid_credentials_no_code),
    ),
    faulty(
        "ha3-unknown-instance-200",
        api="opensearch-ha3-models",
        cls="error",
        description="any instanceId lists the configured instance's models instead of a 404",
        breaks="seed 004: an unknown instance answers 400/403/404 (x-error-cases unknown-path-id)",
        stage="resolve_scope",
        change=_any_instance_id,
    ),
    faulty(
        "zstack-format-error-json",
        api="zstack-model-services",
        cls="error",
        description="format errors (400) come as JSON instead of plain text",
        breaks="seed 003: 400 format errors are text/plain",
        stage="render_error",
        change=change_error(_text_error_as_json),
    ),
    # --- auth -----------------------------------------------------------------------------------
    faulty(
        "huawei-instances-token-not-checked",
        api="huawei-service-instances",
        cls="auth",
        description="any X-Auth-Token value is accepted",
        breaks="seed 000: an invalid token answers 401/403 (x-error-cases invalid-credentials)",
        stage="authenticate",
        change=accept_auth(_token_header_sent),
    ),
    # First written blind from the documents by an adversary (issue 20): a credential present but empty.
    faulty(
        "huawei-endpoints-empty-token-accepted",
        api="huawei-endpoints",
        cls="auth",
        description="an empty X-Auth-Token header skips the credential check and is served",
        breaks="seed 001: a request without a valid token answers 401 (x-error-cases invalid-credentials)",
        sole_catcher="test_malformed_credentials_are_refused_as_documented",
        stage="authenticate",
        change=accept_auth(_empty_token_sent),
    ),
    faulty(
        "huawei-aksk-signature-not-checked",
        api="huawei",
        cls="auth",
        description=(
            "an SDK-HMAC-SHA256 Authorization with a known Access key is accepted whatever its signature "
            "(observable only when the suite signs with AK/SK, i.e. no HUAWEI_AUTH_TOKEN)"
        ),
        breaks="seeds 000/001: a wrong AK/SK signature answers 401 (x-error-cases invalid-credentials)",
        stage="authenticate",
        change=accept_auth(_aksk_signature_sent),
    ),
    faulty(
        "huawei-endpoints-no-credentials-accepted",
        api="huawei-endpoints",
        cls="auth",
        description="a request without any credentials is served",
        breaks="seed 001: missing credentials answer 401 (x-error-cases missing-credentials)",
        stage="authenticate",
        change=accept_auth(_kind_is("auth-missing")),
    ),
    faulty(
        "pai-eas-signature-not-checked",
        api="pai-eas-services",
        cls="auth",
        description="an ACS3 signature that does not match is accepted (the key id alone is checked)",
        breaks=(
            "seed 002: a wrong signature answers SignatureDoesNotMatch (x-error-cases invalid-credentials)"
        ),
        stage="authenticate",
        change=accept_auth(_kind_is("auth-invalid")),
    ),
    faulty(
        "ha3-no-credentials-accepted",
        api="opensearch-ha3-models",
        cls="auth",
        description="a request without an Authorization header is served",
        breaks="seed 004: missing credentials are rejected (x-error-cases missing-credentials)",
        stage="authenticate",
        change=accept_auth(_kind_is("auth-missing")),
    ),
    faulty(
        "zstack-session-not-checked",
        api="zstack-model-services",
        cls="auth",
        description="any OAuth session uuid is accepted",
        breaks="seed 003: an unknown session answers 503 ID.1001 (x-error-cases invalid-credentials)",
        stage="authenticate",
        change=accept_auth(_unknown_session),
    ),
    faulty(
        "zstack-no-authorization-accepted",
        api="zstack-model-services",
        cls="auth",
        description="a request without an Authorization header is served",
        breaks="seed 003: a missing Authorization header answers 400 (x-error-cases missing-credentials)",
        stage="authenticate",
        change=accept_auth(_kind_is("auth-missing")),
    ),
    # --- server-error ---------------------------------------------------------------------------
    faulty(
        "huawei-instances-500-on-public",
        api="huawei-service-instances",
        cls="server-error",
        description="visibility=PUBLIC answers 500",
        breaks="seed 000: visibility=PUBLIC is a valid filter answered with 200",
        stage="parse_params",
        change=_fail_when(_filter_value("visibility", "PUBLIC")),
    ),
    faulty(
        "pai-eas-500-from-page-4",
        api="pai-eas-services",
        cls="server-error",
        description="PageNumber 4 and later answer 500",
        breaks="seed 002: any PageNumber >= 1 is answered with 200",
        stage="parse_params",
        change=_fail_when(_page_from(4)),
    ),
    faulty(
        "ha3-500-on-image-analyze",
        api="opensearch-ha3-models",
        cls="server-error",
        description="type=image_analyze answers 500",
        breaks="seed 004: type=image_analyze is a valid filter answered with 200",
        stage="parse_params",
        change=_fail_when(_filter_value("type", "image_analyze")),
    ),
    faulty(
        "zstack-500-on-sort-size",
        api="zstack-model-services",
        cls="server-error",
        description="sort by size fails with the internal-error reply",
        breaks="seed 003: sort=+size / -size is a valid sort answered with 200",
        stage="parse_params",
        change=_fail_when(_sorted_by("size")),
    ),
]

for _variant in ERROR_VARIANTS:
    register(_variant)
