"""ZStack QueryModelService: GET /zstack/v1/ai/model-services (seed 003, RestServer query conventions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from werkzeug.datastructures import MultiDict

from .. import params
from ..authentication import zstack_auth_error
from ..errors import ErrorReply, ParamError, zstack_api_failure, zstack_format_error
from ..paging import offset_window
from ..pipeline import ListHandler, ListParams, Page, RequestContext
from ..records import Record
from ..sorting import Ordering, by_field
from ..zstack_query import FieldKind, QueryError, compile_query

_STRING_FIELDS = (
    "uuid",
    "name",
    "description",
    "readme",
    "yaml",
    "modelCenterUuid",
    "type",
    "framework",
    "source",
    "gpuComputeCapability",
    "installPath",
    "pythonVersion",
    "condaVersion",
    "version",
    "startCommand",
    "containerCommand",
    "containerArgs",
)
TOP_LEVEL_FIELDS: dict[str, FieldKind] = {
    **dict.fromkeys(_STRING_FIELDS, "string"),
    **dict.fromkeys(("requestCpu", "requestMemory", "size"), "number"),
    **dict.fromkeys(("system", "supportDistributed", "hasNewVersion"), "boolean"),
    **dict.fromkeys(("createDate", "lastOpDate"), "datetime"),
}
_NESTED_STRING_FIELDS = {
    "modelServiceRefs": ("uuid", "name", "modelUuid", "modelServiceUuid"),
    "modelServiceImages": (
        "uuid",
        "name",
        "modelServiceUuid",
        "cpuArchitecture",
        "vmImageUuid",
        "dockerImage",
    ),
}
QUERYABLE_FIELDS: dict[str, FieldKind] = {
    **TOP_LEVEL_FIELDS,
    **{f"{head}.{sub}": "string" for head, subs in _NESTED_STRING_FIELDS.items() for sub in subs},
    **{f"{head}.{sub}": "datetime" for head in _NESTED_STRING_FIELDS for sub in ("createDate", "lastOpDate")},
}
DEFAULT_LIMIT = 1000


class ZStackModelServicesHandler(ListHandler):
    api = "zstack-model-services"
    default_size = DEFAULT_LIMIT
    # The spec deems every q with an operator valid: a condition on an unknown field or with a value of
    # the wrong type matches nothing. A strict provider (a variant) rejects it with 400 instead.
    strict_conditions = False

    def new_request_id(self) -> str:
        return ""  # ZStack replies carry no request id

    def authenticate(self, ctx: RequestContext) -> ErrorReply | None:
        return zstack_auth_error(ctx.request, self.config)

    def resolve_scope(self, ctx: RequestContext) -> Sequence[Record]:
        return self.datasets.zstack_model_services

    def parse_params(self, ctx: RequestContext) -> ListParams:
        args = ctx.request.args
        limit = params.require_range("limit", params.integer(args, "limit", DEFAULT_LIMIT), 0)
        start = params.require_range("start", params.integer(args, "start", 0), 0)
        try:
            filters = compile_query(args.getlist("q"), QUERYABLE_FIELDS, strict=self.strict_conditions)
        except QueryError as error:
            raise ParamError("q", str(error)) from None
        options = {
            # Java Boolean.parseBoolean: "true" in any case is true, anything else false.
            "reply_with_count": (args.get("replyWithCount") or "").lower() == "true",
            "count_only": (args.get("count") or "").lower() == "true",
        }
        return ListParams(offset_window(start, limit), filters, parse_sort(args), options=options)

    def paginate(self, records: list[Record], list_params: ListParams) -> Page:
        if list_params.options.get("count_only"):
            return Page([], len(records))
        return super().paginate(records, list_params)

    def render_body(self, page: Page, list_params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        body: dict[str, Any] = {"success": True, "error": None, "inventories": self.render_items(page)}
        if list_params.options.get("reply_with_count") or list_params.options.get("count_only"):
            body["total"] = page.total
        return body

    def param_error(self, error: ParamError, ctx: RequestContext) -> ErrorReply:
        return zstack_format_error(400, error.message, "bad-param")

    def not_found_error(self, ctx: RequestContext) -> ErrorReply:
        return zstack_format_error(404, f"no api mapping to {ctx.request.path}", "not-found")

    def method_not_allowed_error(self, ctx: RequestContext) -> ErrorReply:
        text = f"the api[{ctx.request.path}] does not support the HTTP method[{ctx.request.method}]"
        return zstack_format_error(405, text, "method-not-allowed")

    def internal_error(self, ctx: RequestContext) -> ErrorReply:
        return zstack_api_failure("SYS.1000", "An internal error happened", "internal error", "internal")


def parse_sort(args: MultiDict[str, str]) -> Ordering | None:
    """sort=+field (ascending), -field (descending) or field (ascending); None keeps creation order.

    A literal '+' in a query string decodes to a space, so a leading space also means ascending.
    """
    raw = params.typed_raw(args, "sort")
    if raw is None:
        return None
    descending = raw.startswith("-")
    field = raw[1:] if raw[0] in "+- " else raw
    field = field.strip()
    kind = TOP_LEVEL_FIELDS.get(field)
    if kind is None:
        raise ParamError("sort", f"Invalid query parameter[sort]. The field[{field}] is not a sortable field")
    return by_field(field, descending, "datetime" if kind == "datetime" else "auto")
