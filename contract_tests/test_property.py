"""Schemathesis-generated property tests: every operation of every selected spec, in the examples,
coverage and fuzzing phases, with positive and negative data (see contract_tests/runner/properties.py).

Two tests per API (examples and coverage; fuzzing), each split in slices under parallel workers. Its
schema is a fixture, loaded when the test runs, the way schemathesis' `from_fixture` loads one:
importing or collecting this module builds nothing.
"""

from __future__ import annotations

import hypothesis
import pytest
from schemathesis import Case
from schemathesis.errors import FailureGroup
from schemathesis.schemas import BaseSchema

from contract_tests.model.specs import ApiSpec
from contract_tests.runner.properties import (
    Check,
    CredentialTally,
    checks_for,
    load_schema,
    request_recorder,
    with_suite_curl,
)
from contract_tests.runner.run import RunContext
from contract_tests.runner.schemathesis_adapter import run_operations
from contract_tests.runner.selection import PhaseCase
from contract_tests.transport.http import ResponseTooLarge

pytestmark = pytest.mark.contract_family("property")


@pytest.fixture
def schema(run: RunContext, case: PhaseCase) -> BaseSchema:
    return load_schema(run, case.spec, case.phases)


def _call_and_validate(
    case: Case, run: RunContext, api: ApiSpec, checks: list[Check], phase: PhaseCase
) -> None:
    if not phase.owns(_fingerprint(case)):
        return  # another slice of this phase sends it
    client = run.client(api.key)
    recorder, sent = request_recorder()
    try:
        case.call_and_validate(
            base_url=client.target.base_url,
            session=client.session,
            auth=client.auth,
            checks=[*checks, recorder],
        )
    except FailureGroup as group:
        # The curl line of the semantic tests' failures: ${VARIABLE} for a secret, never [REDACTED].
        raise with_suite_curl(group, sent[-1] if sent else None) from None
    except ResponseTooLarge:
        if not _asks_beyond_the_promise(api, case):
            raise
        # A page size no document bounds, on a big list, is a body larger than the suite reads:
        # the provider broke nothing, and this example can judge nothing.
        hypothesis.reject()


def _fingerprint(case: Case) -> str:
    """A generated case's stable text: the same case gives the same text in every process."""
    return repr((case.method, case.path_parameters, case.query, case.headers, case.body, case.media_type))


def _asks_beyond_the_promise(api: ApiSpec, case: Case) -> bool:
    paging = api.semantics.pagination
    promised = paging.promised_max_size
    raw = (case.query or {}).get(paging.size_param or "") if paging.size_param else None
    try:
        return promised is not None and raw is not None and int(str(raw)) > promised
    except ValueError:
        return False


@pytest.mark.contract_cases("property_phase")
def test_property(run: RunContext, case: PhaseCase, schema: BaseSchema) -> None:
    """Schemathesis' examples and coverage phases, or its fuzzing phase, for one API."""
    api = case.spec
    tally = CredentialTally(run, api)
    checks = [*checks_for(run, api), tally.check()]
    run_operations(schema, _call_and_validate, run=run, api=api, checks=checks, phase=case)
    tally.require_judged()  # every answer refused the credentials: not judged, never a pass
