"""Spec-driven checks applied to every response schemathesis generates: the list rules of `x-list`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from schemathesis import Case, CheckContext, Response

from contract_tests.model.body import MISSING, dig, item_key
from contract_tests.model.semantics import ListSemantics
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.check_failures import ListRuleBroken
from contract_tests.oracles.filters import filter_bounds
from contract_tests.oracles.rules import (
    echo_problems,
    enum_problems,
    page_size_problems,
    success_flag_problems,
    total_problems,
)
from contract_tests.oracles.verdicts import single_values, wire_text

Check = Callable[[CheckContext, Response, Case], bool | None]
# Match kinds whose bounds follow from one returned page alone (the others need the full walk).
PAGE_LOCAL_MATCHES = frozenset({"exact", "substring", "substring-ci", "exact-or-substring"})


def _list_body(spec: ApiSpec, response: Response) -> tuple[Any, list[Any]] | None:
    if not 200 <= response.status_code < 300:
        return None
    try:
        body = response.json()
    except Exception:
        return None
    items = dig(body, spec.semantics.items) if isinstance(body, dict) else None
    return (body, items) if isinstance(items, list) else None


def _raise(spec: ApiSpec, case: Case, check: str, rule: str, problems: list[str]) -> None:
    if problems:
        message = f"[{spec.key}] {rule} — " + "; ".join(problems[:5])
        raise ListRuleBroken(operation=case.operation.label, check=check, message=message)


ListRule = Callable[[Mapping[str, Any], Any, list[Any]], list[str]]


def _list_check(spec: ApiSpec, name: str, rule: str, problems: ListRule) -> Check:
    """A named check that applies `problems(query, body, items)` to every 2xx list body."""

    def check(ctx: CheckContext, response: Response, case: Case) -> bool | None:
        found = _list_body(spec, response)
        if found:
            _raise(spec, case, name, rule, problems(case.query or {}, *found))
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
        _list_check(
            spec,
            "list_filters_respected",
            "returned items match the filters sent",
            lambda query, body, items: filter_problems(sem, query, items),
        ),
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
            problems = success_flag_problems(sem, body)
            _raise(spec, case, "list_success_agrees_with_error", "success agrees with error", problems)
            return None

        checks.append(list_success_agrees_with_error)
    return checks


def filter_problems(sem: ListSemantics, query: Mapping[str, Any], items: list[Any]) -> list[str]:
    """Every returned item must match every filter sent, accepted values or not (x-list filters).

    Only the upper bound (R ⊆ may) is judged: one page cannot show a missing match. Exact matches
    compare ignoring case, since a lenient provider may fold the case of an enum value it accepts.
    """
    values = single_values(query)
    problems: list[str] = []
    for flt in sem.filters:
        value = values.get(flt.param)
        if (
            flt.match not in PAGE_LOCAL_MATCHES
            or flt.field is None
            or value is None
            or isinstance(value, list)
        ):
            continue
        wanted = wire_text(value)
        if wanted == "" or wanted in flt.match_all:
            continue  # an empty value may be read as "not given"; a match-all value filters nothing
        if flt.match == "exact":
            may = frozenset(
                item_key(item, sem.item_id)
                for item in items
                if _field_text(item, flt.field) == wanted.lower()
            )
        else:
            may = filter_bounds(flt, items, sem.item_id, wanted).may
        strays = [item for item in items if item_key(item, sem.item_id) not in may]
        if strays:
            problems.append(
                f"{flt.param}={wanted!r} ({flt.match} match on {flt.field}) returned {len(strays)} item(s) "
                f"that do not match, e.g. {flt.field}={dig(strays[0], flt.field)!r}"
            )
    return problems


def _field_text(item: Any, path: str) -> str | None:
    value = dig(item, path)
    return None if value is MISSING or value is None else wire_text(value).lower()
