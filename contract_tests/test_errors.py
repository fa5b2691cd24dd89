"""Error bodies, read from each spec's x-error-cases: documented status, media type and body schema."""

from __future__ import annotations

import pytest

from contract_tests.model.fabricated import unknown_id
from contract_tests.runner.failures import Verdict, cannot_support
from contract_tests.runner.run import RunContext
from contract_tests.runner.selection import ErrorBodyCase
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
