"""Error bodies, read from each spec's x-error-cases: documented status, media type and body schema."""

from __future__ import annotations

import pytest
from requests import PreparedRequest
from requests.auth import AuthBase

from contract_tests.model.fabricated import unknown_id
from contract_tests.runner.failures import Verdict, cannot_support
from contract_tests.runner.run import RunContext
from contract_tests.runner.selection import ErrorBodyCase, MalformedCredentialCase
from contract_tests.runner.steps import documented_error_problems
from contract_tests.transport.client import ListResponse, build_auth, corrupt_credentials

pytestmark = pytest.mark.contract_family("errors")


def _send(run: RunContext, case: ErrorBodyCase) -> ListResponse:
    spec, error = case.spec, case.case
    client = run.client(spec.key)
    if error.name == "missing-credentials":
        return client.list({}, auth=None)
    if error.name == "invalid-credentials":
        scheme, values = case.scheme, client.target.values
        if scheme is not None and not all(values.get(name) for name in scheme.credential_vars):
            cannot_support(
                f"the target gives no credentials for {scheme.name} ({', '.join(scheme.credential_vars)})"
            )
        wrong = corrupt_credentials(spec, values, scheme, run.rng("invalid-credentials", spec.key))
        return client.list({}, auth=build_auth(spec, wrong, scheme))
    if error.name == "unknown-path-id":
        assert error.param is not None
        unknown = unknown_id(run.rng("unknown-path-id", spec.key, error.param))
        return client.list({}, path_values={error.param: unknown})
    if error.param is not None and error.value is not None:
        # wrong-type, malformed-value: a documented bad value in the query.
        return client.list({error.param: error.value})
    raise AssertionError(f"{spec.key}: x-error-cases names an unknown case {error.name!r}")


@pytest.mark.contract_cases("error_case")
def test_bad_request_gets_the_documented_error(
    run: RunContext, verdict: Verdict, case: ErrorBodyCase
) -> None:
    spec, error = case.spec, case.case
    response = _send(run, case)
    problems = []
    if response.status not in error.statuses:
        documented = ", ".join(map(str, error.statuses))
        problems.append(f"{error.name} got HTTP {response.status}; documented: {documented}")
    else:
        problems += documented_error_problems(spec, response.status, response)
    fact = spec.fact(error.param) if error.param else spec.fact()
    verdict.require(problems, error.name, fact=fact, responses=[response])


class _RawHeader(AuthBase):
    """A credential header sent as given: present, but not what any signer or token would write."""

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        request.headers[self.name] = self.value
        return request


@pytest.mark.contract_cases("malformed_credential")
def test_malformed_credentials_are_refused_as_documented(
    run: RunContext, verdict: Verdict, case: MalformedCredentialCase
) -> None:
    """An empty, malformed or wrong-scheme credential header is refused with a documented credential
    error: the invalid-credentials status, or the missing-credentials one (no document says which of
    the two an empty or unparseable value is)."""
    spec, scheme = case.spec, case.scheme
    assert scheme.header is not None
    statuses = spec.credential_error_statuses()
    response = run.client(spec.key).list({}, auth=_RawHeader(scheme.header, case.header_value))
    problems = []
    if response.status not in statuses:
        documented = ", ".join(map(str, sorted(statuses)))
        problems.append(
            f"`{scheme.header}` {case.malformation} ({case.header_value!r}) got HTTP {response.status}; "
            f"documented credential errors: {documented}"
        )
    else:
        problems += documented_error_problems(spec, response.status, response)
    verdict.require(problems, f"{case.malformation} credential", fact=spec.fact(), responses=[response])
