"""The verdict model: a failure is a documented fact; a generic opinion is an advisory.

A schemathesis check raises for anything its generic rule dislikes. Each finding is sorted into
- a failure, when it breaks a fact the spec states (an `x-error-cases` rejection, a documented enum
  value or bound that the request kept to, a documented status, media type or schema);
- an advisory, when no document states the rule (e.g. an unknown enum value answered with 200):
  reported with its curl line, failing only under STRICT=1;
- not judged, when the answer is a transport condition (429, or 503 with Retry-After).

The functions here are pure: they read the spec and one request's query, never the network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contract_tests.model.specs import ApiSpec
from contract_tests.model.validation import schema_problems
from contract_tests.oracles.rules import parse_int

# A value with no digit at all is not a number under any parser, strict or lenient ("abc", the
# documents' own wrong-type example); "+5" or " 5" may be read as 5 by a lenient parser.
_NO_DIGIT = re.compile(r"^[^0-9]*$")
# With no documented maximum, a position or size beyond a signed 32-bit integer may overflow a
# reasonable implementation, so only values up to it are promised.
INT32_MAX = 2**31 - 1
TRUTHY_WORDS = frozenset({"true", "false"})


@dataclass(frozen=True)
class VerdictPolicy:
    """How findings are judged; `strict` is the run's STRICT, read once by the run settings (config)."""

    strict: bool = False


@dataclass(frozen=True)
class Advisory:
    api: str
    check: str
    title: str
    reason: str
    curl: str


@dataclass
class AdvisoryLog:
    """Advisories of one run, one entry per (API, check, title) with a count and the first curl line."""

    entries: dict[tuple[str, str, str], Advisory] = field(default_factory=dict)
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def add(self, advisory: Advisory) -> None:
        key = (advisory.api, advisory.check, advisory.title)
        self.entries.setdefault(key, advisory)
        self.counts[key] = self.counts.get(key, 0) + 1

    def items(self) -> list[tuple[Advisory, int]]:
        return [(self.entries[key], self.counts[key]) for key in sorted(self.entries)]

    def to_data(self) -> list[dict[str, Any]]:
        return [{**advisory.__dict__, "count": count} for advisory, count in self.items()]

    def merge_data(self, data: list[dict[str, Any]]) -> None:
        """Fold in another process's advisories (an xdist worker's)."""
        for entry in data:
            fields = {k: v for k, v in entry.items() if k != "count"}
            advisory = Advisory(**fields)
            key = (advisory.api, advisory.check, advisory.title)
            self.entries.setdefault(key, advisory)
            self.counts[key] = self.counts.get(key, 0) + int(entry["count"])


def is_transport_condition(status: int, headers: Mapping[str, Any]) -> bool:
    """A rate limit or a temporary refusal: it says nothing about the contract's answer."""
    if status == 429:
        return True
    return status == 503 and any(str(name).lower() == "retry-after" for name in headers)


def single_values(query: Mapping[str, Any]) -> dict[str, Any]:
    """Query values as sent: a one-element list is one value on the wire."""
    return {
        name: value[0] if isinstance(value, list) and len(value) == 1 else value
        for name, value in query.items()
    }


def wire_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema_of(spec: ApiSpec, name: str) -> dict[str, Any]:
    return spec.parameter_schema(name) if name in spec.parameters else {}


def query_value_valid(spec: ApiSpec, name: str, value: Any) -> bool:
    """Whether one query value, as the wire carries it, fits the parameter's schema."""
    if name not in spec.parameters:
        return False
    schema = _schema_of(spec, name)
    if isinstance(value, list) and len(value) == 1 and schema.get("type") != "array":
        value = value[0]
    if schema.get("type") == "boolean" and isinstance(value, str) and value.lower() in TRUTHY_WORDS:
        value = value.lower() == "true"
    if schema.get("type") == "integer":
        number = parse_int(value)
        if number is None:
            return False
        value = number
    return not schema_problems(spec, schema, value, limit=1)


def invalid_params(spec: ApiSpec, query: Mapping[str, Any]) -> list[str]:
    return [name for name, value in query.items() if not query_value_valid(spec, name, value)]


def _error_case(spec: ApiSpec, kind: str) -> Any:
    return next((case for case in spec.error_cases if case.name == kind), None)


def _cite_case(spec: ApiSpec, kind: str, name: str, value: Any, statuses: Any) -> str:
    wanted = "/".join(str(s) for s in statuses)
    return (
        f"specs/{spec.path.name} x-error-cases.{kind}: a bad `{name}` gets {wanted} "
        f"(sent {wire_text(value)!r}); {spec.fact(name)}"
    )


def documented_rejection(spec: ApiSpec, query: Mapping[str, Any]) -> str | None:
    """The document fact a 2xx answer to this invalid query breaks, or None when no document says
    that its invalid values are rejected."""
    values = single_values(query)
    paging = spec.semantics.pagination
    for name in invalid_params(spec, query):
        value = values[name]
        schema = _schema_of(spec, name)
        wrong_type = _error_case(spec, "wrong-type")
        if (
            wrong_type is not None
            and wrong_type.param == name
            and schema.get("type") in ("integer", "number", "boolean")
            and isinstance(value, str)
            and value.strip() != ""
            and _NO_DIGIT.match(value)
            and value.lower() not in TRUTHY_WORDS
        ):
            return _cite_case(spec, "wrong-type", name, value, wrong_type.statuses)
        malformed = _error_case(spec, "malformed-value")
        if malformed is not None and malformed.param == name and value != "":
            return _cite_case(spec, "malformed-value", name, value, malformed.statuses)
        number = parse_int(value)
        if (
            paging.out_of_range == "reject"
            and name == paging.size_param
            and number is not None
            and not _within(number, paging.min_size, paging.max_size)
        ):
            return (
                f"specs/{spec.path.name} x-list.pagination: `{name}` outside "
                f"[{paging.min_size}, {paging.max_size}] is rejected (sent {number}); {spec.fact(name)}"
            )
    return None


def _within(number: int, low: int | None, high: int | None) -> bool:
    return (low is None or number >= low) and (high is None or number <= high)


def _promise(spec: ApiSpec, name: str, value: Any) -> str | None:
    """Why the documents promise to accept this value of this parameter, or None."""
    param = spec.parameters.get(name)
    if param is None or param.get("in") != "query":
        return None
    schema = _schema_of(spec, name)
    kind = schema.get("type")
    if "enum" in schema:
        return f"`{name}`={wire_text(value)} is a documented value" if value in schema["enum"] else None
    if kind == "boolean":
        text = wire_text(value).lower()
        return f"`{name}`={text} is a boolean" if text in TRUTHY_WORDS else None
    if kind == "integer":
        number = parse_int(value)
        if number is None:
            return None
        low = schema.get("minimum")
        high = schema.get("maximum")
        paging = spec.semantics.pagination
        if name == paging.position_param:
            # Only the first page is promised: no document says what a page past the end gets (an
            # empty list or a documented rejection); the walks judge the pages that exist.
            high = paging.first_page if paging.style == "page" else 0
        elif high is None:
            # No documented maximum: a page size up to its default, another integer up to its format's
            # largest value, or int32's when no format bounds it.
            ceiling = spec.integer_ceiling(name) or INT32_MAX
            high = schema.get("default") if name == paging.size_param else ceiling
        if _within(number, low, high):
            return f"`{name}`={number} is within [{low}, {high}]"
        return None
    return None  # free text, JSON maps and query expressions: the documents promise no particular value


def promise_of_acceptance(spec: ApiSpec, query: Mapping[str, Any]) -> str | None:
    """The documented promise that this query is accepted, or None when some value carries none."""
    reasons = []
    for name, value in single_values(query).items():
        reason = _promise(spec, name, value)
        if reason is None:
            return None
        reasons.append(reason)
    detail = "; ".join(reasons) if reasons else "no optional parameter was sent"
    return f"specs/{spec.path.name} {spec.operation_id}: {detail} ({spec.cited_document})"


def failed_call_statuses(spec: ApiSpec) -> frozenset[int]:
    """Statuses the spec documents as the API's answer to any failed call (`x-failed-call: true`)."""
    statuses = set()
    for status, response in spec.operation.get("responses", {}).items():
        if str(status).isdigit() and spec.resolve(response).get("x-failed-call"):
            statuses.add(int(status))
    return frozenset(statuses)


def documented_statuses(spec: ApiSpec) -> str:
    return ", ".join(str(s) for s in spec.operation.get("responses", {}))


def response_fact(spec: ApiSpec, status: int) -> str:
    pointer = spec.route.replace("~", "~0").replace("/", "~1")
    documented = spec.response(status) is not None
    where = f"specs/{spec.path.name}#/paths/{pointer}/{spec.method}/responses"
    seed = spec.cited_document
    if documented:
        return f"{where}/{status} ({seed}; documented statuses: {documented_statuses(spec)})"
    return f"{where} ({seed}; documented statuses: {documented_statuses(spec)})"
