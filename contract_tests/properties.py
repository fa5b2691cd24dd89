"""Schemathesis property tests: the configuration of one API's run, and the checks applied to every response.

Built-in checks on for a read-only list API, and why some are adapted:
- not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
  response_schema_conformance, positive_data_acceptance, missing_required_header: on as shipped.
- negative_data_rejection: on, except for the violations `tolerated_violations` lists (a clamped page
  size, an empty optional value read as absent, an `x-lenient` parameter): the documents are silent on
  those, so either answer is conformant. The spec-driven page-size check proves a clamp really happened.
- ignored_auth: on where the spec documents credential errors as 401/403 only (the check's convention).
  Where a document gives other statuses (ZStack: 400 for a missing header, 503 for an unknown session;
  Alibaba: gateway 400/404), it would cry wolf, so it is off there and the error-body tests cover auth
  with the documented statuses.
- Stateful checks (use_after_free, ensure_resource_availability) do not apply: one read-only operation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contract_tests.body import dig
from contract_tests.http import guard_probes
from contract_tests.rules import (
    echo_problems,
    enum_problems,
    page_size_problems,
    parse_int,
    success_flag_problems,
    total_problems,
)
from contract_tests.run import RunContext
from contract_tests.specs import ApiSpec

Check = Callable[[CheckContext, Response, Case], bool | None]
AUTH_REJECTION = frozenset({401, 403})


def schema_config(run: RunContext, spec: ApiSpec) -> SchemathesisConfig:
    target = run.target.for_api(spec.key)
    settings = run.target.settings
    parameters = {
        f"path.{name}": target.values[variable]
        for name, variable in spec.path_parameters().items()
        if variable
    }
    coverage: dict[str, Any] = {"enabled": True}
    if not run.target.unsafe_methods_allowed(spec.key):
        coverage["unexpected-methods"] = []  # never send state-changing methods to a non-loopback target
    return SchemathesisConfig.from_dict(
        {
            "seed": run.seed,
            "suppress-health-check": ["too_slow", "filter_too_much"],
            # Real credentials come from the target; generated values for security headers would only
            # collide with them (Huawei accepts X-Auth-Token or an AK/SK Authorization header).
            "generation": {
                "mode": "all",
                "max-examples": settings.max_examples,
                "database": "none",
                "with-security-parameters": False,
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": coverage,
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "parameters": parameters,
            "request-timeout": settings.request_timeout,
        }
    )


def load_schema(run: RunContext, spec: ApiSpec) -> Any:
    schema = schemathesis.openapi.from_path(spec.path, config=schema_config(run, spec))
    return guard_probes(schema, run.client(spec.key).session)  # schemathesis' own probes, guarded too


def auth_errors_are_401_403(spec: ApiSpec) -> bool:
    cases = {case.name: case for case in spec.error_cases}
    relevant = [cases[name] for name in ("missing-credentials", "invalid-credentials") if name in cases]
    return bool(relevant) and all(set(case.statuses) <= AUTH_REJECTION for case in relevant)


def checks_for(spec: ApiSpec) -> list[Check]:
    checks: list[Check] = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        negative_rejection_unless_tolerated(spec),
        positive_data_acceptance,
        missing_required_header,
    ]
    if auth_errors_are_401_403(spec):
        checks.append(ignored_auth)
    return checks + list_checks(spec)


def _query_value_valid(spec: ApiSpec, name: str, value: Any) -> bool:
    from contract_tests.validation import schema_problems

    if name not in spec.parameters:
        return False
    schema = spec.parameter_schema(name)
    if isinstance(value, list) and len(value) == 1 and schema.get("type") != "array":
        value = value[0]  # one value sent once: a scalar on the wire
    if schema.get("type") == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        value = value.lower() == "true"
    if schema.get("type") == "integer":
        number = parse_int(value)
        if number is None:
            return False
        value = number
    return not schema_problems(spec, schema, value, limit=1)


def tolerated_violations(spec: ApiSpec, query: Mapping[str, Any]) -> bool:
    """Whether every schema-violating query value is one a conformant provider may accept with 2xx.

    Each allowance is a reasonable choice where the documents are silent:
    - an integer page size/position outside its bounds, when `out-of-range` allows a clamp;
    - an empty value of an optional parameter, read as "not given";
    - any value of a parameter the spec marks `x-lenient` (e.g. a boolean read as "is it `true`").
    """
    paging = spec.semantics.pagination
    clampable = {p for p in (paging.size_param, paging.position_param) if p}
    if paging.out_of_range not in ("clamp", "reject-or-clamp"):
        clampable = set()
    invalid = [name for name, value in query.items() if not _query_value_valid(spec, name, value)]

    def tolerated(name: str) -> bool:
        param, value = spec.parameters.get(name), query[name]
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if param is None:
            return False
        if param.get("x-lenient"):
            return True
        if value == "" and not param.get("required"):
            return True
        return name in clampable and parse_int(value) is not None

    return bool(invalid) and all(tolerated(name) for name in invalid)


def negative_rejection_unless_tolerated(spec: ApiSpec) -> Check:
    def negative_data_rejection_tolerant(ctx: CheckContext, response: Response, case: Case) -> bool | None:
        accepted = 200 <= response.status_code < 300
        if accepted and tolerated_violations(spec, case.query or {}):
            return None
        return negative_data_rejection(ctx, response, case)

    return negative_data_rejection_tolerant


def _list_body(spec: ApiSpec, response: Response) -> tuple[Any, list[Any]] | None:
    if not 200 <= response.status_code < 300:
        return None
    try:
        body = response.json()
    except Exception:
        return None
    items = dig(body, spec.semantics.items) if isinstance(body, dict) else None
    return (body, items) if isinstance(items, list) else None


def _raise(spec: ApiSpec, rule: str, problems: list[str]) -> None:
    if problems:
        raise AssertionError(f"[{spec.key}] {rule} — " + "; ".join(problems[:5]))


ListRule = Callable[[Mapping[str, Any], Any, list[Any]], list[str]]


def _list_check(spec: ApiSpec, name: str, rule: str, problems: ListRule) -> Check:
    """A named check that applies `problems(query, body, items)` to every 2xx list body."""

    def check(ctx: CheckContext, response: Response, case: Case) -> bool | None:
        found = _list_body(spec, response)
        if found:
            _raise(spec, rule, problems(case.query or {}, *found))
        return None

    check.__name__ = name  # schemathesis reports a failure under the check's name
    return check


def list_checks(spec: ApiSpec) -> list[Check]:
    """Spec-driven checks on every generated response (names appear in schemathesis' failure report)."""
    sem = spec.semantics

    def enum_values(query: Mapping[str, Any], body: Any, items: list[Any]) -> list[str]:
        where = sem.items
        return [
            problem
            for index, item in enumerate(items)
            for problem in enum_problems(spec.item_schema, item, spec.resolve, where=f"{where}[{index}]")
        ]

    checks = [
        _list_check(
            spec,
            "list_page_size_respected",
            "page size respected",
            lambda query, body, items: page_size_problems(sem, query, items),
        ),
        _list_check(
            spec,
            "list_total_is_consistent",
            "total is an integer ≥ items",
            lambda query, body, items: total_problems(sem, query, body, items),
        ),
        _list_check(spec, "list_enum_values_documented", "documented enum values", enum_values),
    ]
    if sem.pagination.echo_page or sem.pagination.echo_size:
        checks.append(
            _list_check(
                spec,
                "list_echoes_page_parameters",
                "echoed page parameters",
                lambda query, body, items: echo_problems(sem, query, body),
            )
        )
    if sem.success_flag:
        # Not limited to 2xx list bodies: an error answer must not claim success either.
        def list_success_agrees_with_error(ctx: CheckContext, response: Response, case: Case) -> bool | None:
            try:
                body = response.json()
            except Exception:  # a non-JSON body is content_type/schema conformance's finding
                return None
            _raise(spec, "success agrees with error", success_flag_problems(sem, body))
            return None

        checks.append(list_success_agrees_with_error)
    return checks
