"""Schemathesis property tests: the configuration of one API's run, and the checks applied to every response.

Every check runs behind the verdict model (contract_tests/oracles/verdicts.py): a failure names the document
fact it breaks, a finding no document states is an advisory (a failure only under STRICT=1), and a
429 or a 503 with Retry-After is a transport condition, never the contract's answer.

Built-in checks on for a read-only list API, and how each is judged:
- status_code_conformance, content_type_conformance, response_headers_conformance,
  response_schema_conformance, missing_required_header: failures, citing the documented responses.
- not_a_server_error: a failure, except for a status the spec marks `x-failed-call` (one document's 503:
  the API's documented answer to any failed call) given to a request no document promises to accept.
- negative_data_rejection: a failure only where the spec documents the rejection (`x-error-cases`
  wrong-type/malformed-value, an `out-of-range: reject` size); silent for what the spec allows (a
  clamped page size, an empty optional value, an `x-lenient` parameter); otherwise an advisory. An
  accepted bad value is still judged: the page-size and filter checks hold for every 2xx answer.
- positive_data_acceptance: a failure only when every value sent is one the documents promise to
  accept (a documented enum value, an integer within documented bounds); otherwise an advisory, and
  the rejection's status and body are judged by the conformance checks.
- ignored_auth: on where the spec documents credential errors as 401/403 only (the check's convention).
  Where a document gives other statuses (e.g. 400 for a missing header, 503 for an unknown session;
  a gateway's 400/404), it would cry wolf, so it is off there and the error-body tests cover auth
  with the documented statuses.
- Stateful checks (use_after_free, ensure_resource_availability) do not apply: one read-only operation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.checks import Failure, not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.errors import FailureGroup
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

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.check_failures import CheckFailed
from contract_tests.oracles.list_checks import list_checks
from contract_tests.oracles.rules import parse_int
from contract_tests.oracles.verdicts import (
    Advisory,
    documented_rejection,
    failed_call_statuses,
    invalid_params,
    is_transport_condition,
    promise_of_acceptance,
    response_fact,
    single_values,
)
from contract_tests.reporting.report import NOT_JUDGED
from contract_tests.runner.preflight import credential_hint, credential_rejection
from contract_tests.runner.run import RunContext
from contract_tests.transport.http import curl_command, guard_probes

Check = Callable[[CheckContext, Response, Case], bool | None]
AUTH_REJECTION = frozenset({401, 403})


def schema_config(
    run: RunContext, spec: ApiSpec, phases: tuple[str, ...] = ("examples", "coverage", "fuzzing")
) -> SchemathesisConfig:
    """The schemathesis settings of one API's property test, running the given phases."""
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
            # collide with them (a token header beside a signed Authorization header, for one).
            "generation": {
                "mode": "all",
                "max-examples": settings.max_examples,
                "database": "none",
                "with-security-parameters": False,
            },
            "phases": {
                "examples": {"enabled": "examples" in phases},
                "coverage": {**coverage, "enabled": "coverage" in phases},
                "fuzzing": {"enabled": "fuzzing" in phases},
                "stateful": {"enabled": False},
            },
            "parameters": parameters,
            "request-timeout": settings.request_timeout,
        }
    )


def load_schema(
    run: RunContext, spec: ApiSpec, phases: tuple[str, ...] = ("examples", "coverage", "fuzzing")
) -> Any:
    schema = schemathesis.openapi.from_path(spec.path, config=schema_config(run, spec, phases))
    return guard_probes(schema, run.client(spec.key).session)  # schemathesis' own probes, guarded too


REPRODUCE = "\nReproduce with:\n\n"


def with_suite_curl(group: FailureGroup, request: requests.PreparedRequest | None) -> FailureGroup:
    """The failure group with the suite's own curl line in place of schemathesis' one: a credential the
    run read from a variable is `${VARIABLE}` (as in the semantic tests' failures), a signed request
    points to `listapi-contracts replay`, and nothing secret is printed."""
    message = group.message
    if request is None or REPRODUCE not in message:
        return group
    head = message.split(REPRODUCE, 1)[0]
    rewritten = FailureGroup(list(group.exceptions), f"{head}{REPRODUCE}    {curl_command(request)}\n\n")
    rewritten.__notes__ = list(getattr(group, "__notes__", []))
    return rewritten.with_traceback(group.__traceback__)


def request_recorder() -> tuple[Check, list[requests.PreparedRequest]]:
    """Not a check: keeps the request of the response the checks judge, for the failure's curl line."""
    seen: list[requests.PreparedRequest] = []

    def remember_request(ctx: CheckContext, response: Response, case: Case) -> bool | None:
        seen[:] = [response.request]
        return None

    return remember_request, seen


def auth_errors_are_401_403(spec: ApiSpec) -> bool:
    cases = {case.name: case for case in spec.error_cases}
    relevant = [cases[name] for name in ("missing-credentials", "invalid-credentials") if name in cases]
    return bool(relevant) and all(set(case.statuses) <= AUTH_REJECTION for case in relevant)


def checks_for(run: RunContext, spec: ApiSpec) -> list[Check]:
    """Every check of one API's property test, each behind the verdict model."""
    builtin: list[Check] = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        negative_data_rejection,
        positive_data_acceptance,
        missing_required_header,
    ]
    if auth_errors_are_401_403(spec):
        builtin.append(ignored_auth)
    return [judged(run, spec, check) for check in [*builtin, *list_checks(spec)]] + [observer(run, spec)]


def observer(run: RunContext, spec: ApiSpec) -> Check:
    """Not a check: records each generated response for the coverage and drift reports."""

    def observe_traffic(ctx: CheckContext, response: Response, case: Case) -> bool | None:
        try:
            body = response.json() if response.content else None
        except Exception:  # a body that is not JSON has no fields to drift
            body = None
        run.traffic.observe(
            spec,
            method=response.request.method or "GET",
            url=response.request.url or "",
            status=response.status_code,
            headers={name: values[-1] for name, values in response.headers.items()},
            body=body,
            curl=lambda: curl_command(response.request),
        )
        return None

    return observe_traffic


class CredentialTally:
    """Counts a property test's answers that refused its credentials. When every answer did, the test
    judged nothing of the contract (issue 22: a wrong token left the property column `pass`)."""

    def __init__(self, run: RunContext, spec: ApiSpec) -> None:
        self.run, self.spec = run, spec
        self.answers = self.refused = 0
        self.example = ""

    def check(self) -> Check:
        def count_refused_credentials(ctx: CheckContext, response: Response, case: Case) -> bool | None:
            if is_transport_condition(response.status_code, response.headers):
                return None
            if str(getattr(case, "method", self.spec.method)).lower() != self.spec.method:
                return None  # an unexpected method's 405 says nothing about the credentials
            try:
                body = response.json() if response.content else None
            except Exception:  # a body that is not JSON carries no error code
                body = None
            self.answers += 1
            found = credential_rejection(self.spec, response.status_code, body)
            if found:
                self.refused += 1
                self.example = self.example or found
            return None

        return count_refused_credentials

    def nothing_judged(self) -> str:
        """Why the test judged nothing ("" when some answer was not a refusal of the credentials)."""
        if not self.answers or self.refused < self.answers:
            return ""
        values = self.run.target.for_api(self.spec.key).values
        return (
            f"every one of the {self.answers} answers refused the credentials ({self.example}); "
            f"check {credential_hint(self.spec, values)}"
        )

    def require_judged(self) -> None:
        """Skip as "not judged" (counted with the not-proven tests) when every answer was a refusal."""
        reason = self.nothing_judged()
        if reason:
            pytest.skip(f"{NOT_JUDGED} {reason}")


def tolerated_violations(spec: ApiSpec, query: Mapping[str, Any]) -> bool:
    """Whether every schema-violating query value is one the spec itself allows a 2xx answer for.

    Each allowance is written in the spec, so such an answer is not even an advisory:
    - an integer page size/position outside its bounds, when `out-of-range` allows a clamp;
    - an empty value of an optional parameter, read as "not given";
    - any value of a parameter the spec marks `x-lenient` (e.g. a boolean read as "is it `true`").
    """
    paging = spec.semantics.pagination
    clampable = {p for p in (paging.size_param, paging.position_param) if p}
    if paging.out_of_range not in ("clamp", "reject-or-clamp"):
        clampable = set()
    invalid = invalid_params(spec, query)
    values = single_values(query)

    def tolerated(name: str) -> bool:
        param, value = spec.parameters.get(name), values[name]
        if param is None:
            return False
        if param.get("x-lenient"):
            return True
        if value == "" and not param.get("required"):
            return True
        return name in clampable and parse_int(value) is not None

    return bool(invalid) and all(tolerated(name) for name in invalid)


def as_sent(query: Mapping[str, Any], response: Response) -> dict[str, Any]:
    """The generated query, except that a parameter the wire carried only as empty values is "":
    the provider saw an empty value (an empty object or list serializes to nothing), and an empty
    optional value may be read as absent."""
    url = getattr(getattr(response, "request", None), "url", None) or ""
    sent = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return {
        name: "" if name in sent and all(text == "" for text in sent[name]) else value
        for name, value in query.items()
    }


# ("failure", the document fact) | ("advisory", why no document makes it one) | ("skip", "")
Finding = tuple[str, str]
_PROBE_STATUS = re.compile(r"got `(\d{3})")


def classify(spec: ApiSpec, name: str, response: Response, case: Case, failure: AssertionError) -> Finding:
    """Sort one check's finding into a documented failure, an advisory, or nothing to judge."""
    query = as_sent(case.query or {}, response)
    status = response.status_code
    if name == "negative_data_rejection":
        if tolerated_violations(spec, query):
            return ("skip", "")
        fact = documented_rejection(spec, query)
        if fact:
            return ("failure", fact)
        return ("advisory", "no document says this input is rejected; the 2xx answer is still judged")
    if name == "positive_data_acceptance":
        fact = promise_of_acceptance(spec, query)
        if fact:
            return ("failure", fact)
        return (
            "advisory",
            "no document promises to accept this value; the rejection's status and body are judged",
        )
    method = str(getattr(case, "method", spec.method)).lower()
    if name == "not_a_server_error" and method != spec.method and status == 501:
        return ("skip", "")  # RFC 9110 §15.6.2: 501 is the answer to a method the server does not know
    if name == "not_a_server_error" and status in failed_call_statuses(spec):
        fact = promise_of_acceptance(spec, query)
        if fact:
            return ("failure", f"{fact}; it got the documented failure status {status}")
        return ("skip", "")  # the documented answer to a failed call; its body is the schema check's
    if name == "ignored_auth":
        probe = _PROBE_STATUS.search(str(failure))
        if probe and probe.group(1) == "429":
            return ("skip", "")  # a rate-limited probe says nothing about auth
        cases = [c for c in spec.error_cases if c.name.endswith("-credentials")]
        kinds = ", ".join(f"{c.name} -> {'/'.join(map(str, c.statuses))}" for c in cases)
        return ("failure", f"specs/{spec.path.name} x-error-cases: {kinds}")
    if name.startswith("list_"):
        return (
            "failure",
            f"specs/{spec.path.name} x-list of {spec.operation_id} ({spec.cited_document})",
        )
    return ("failure", response_fact(spec, status))


def judged(run: RunContext, spec: ApiSpec, check: Check) -> Check:
    """`check` behind the verdict model: transport conditions are not judged, undocumented findings
    become advisories (failures under STRICT=1), and every failure names its document fact."""
    name = check.__name__

    def verdict(ctx: CheckContext, response: Response, case: Case) -> bool | None:
        if is_transport_condition(response.status_code, response.headers):
            return None
        try:
            return check(ctx, response, case)
        except AssertionError as failure:
            kind, text = classify(spec, name, response, case, failure)
            if kind == "skip":
                return None
            if kind == "advisory":
                run.advisories.add(_advisory(spec, name, failure, text, response))
                if not run.policy.strict:
                    return None
                text = f"advisory ({text}), failing because STRICT=1"
            raise _with_fact(failure, text, case, name) from None

    verdict.__name__ = name  # schemathesis reports a failure under the check's name
    return verdict


def _with_fact(failure: AssertionError, fact: str, case: Case, name: str) -> Failure:
    line = f"Document fact: {fact}"
    if isinstance(failure, Failure):
        failure.message = f"{failure.message}\n{line}" if failure.message else line
        return failure
    return CheckFailed(operation=case.operation.label, check=name, message=f"{failure}\n{line}")


def _advisory(spec: ApiSpec, name: str, failure: AssertionError, reason: str, response: Response) -> Advisory:
    title = failure.title if isinstance(failure, Failure) else str(failure).splitlines()[0][:160]
    try:
        curl = curl_command(response.request)
    except Exception:  # an advisory without its curl line is still worth reporting
        curl = ""
    return Advisory(api=spec.key, check=name, title=title, reason=reason, curl=curl)
