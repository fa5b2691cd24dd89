"""contract_tests.runner.parallel: `-n auto` means parallel tests only against a slow target."""

from __future__ import annotations

import time
from typing import Any

from contract_tests.model.specs import all_specs
from contract_tests.runner.parallel import auto_workers, group_of, preflight
from contract_tests.runner.selection import PhaseCase, case_id, split_cases
from contract_tests.transport.gate import RequestGate
from reference_provider import ProviderConfig, create_app
from tests.fault_servers import running

LOCAL = ProviderConfig.local()
ENDPOINTS = {
    "APIS": "huawei-endpoints",
    "HUAWEI_WORKSPACE_ID": LOCAL.huawei_workspace_id,
    "HUAWEI_AUTH_TOKEN": LOCAL.huawei_auth_token,
}


def _slow(app: Any, seconds: float) -> Any:
    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        time.sleep(seconds)
        return app(environ, start_response)

    return wrapped


def test_a_fast_target_runs_in_one_process() -> None:
    with running(create_app(LOCAL)) as target:
        assert auto_workers({**ENDPOINTS, "TARGET": target}) == 0


def test_a_slow_target_gets_concurrency_workers() -> None:
    with running(_slow(create_app(LOCAL), 0.06)) as target:
        assert auto_workers({**ENDPOINTS, "TARGET": target, "CONCURRENCY": "3"}) == 3
        assert auto_workers({**ENDPOINTS, "TARGET": target, "CONCURRENCY": "1"}) == 0


def test_the_preflight_requests_pass_the_rate_limit_and_the_run_counts_them() -> None:
    with running(create_app(LOCAL)) as target:
        decided = preflight({**ENDPOINTS, "TARGET": target, "RATE_LIMIT": "5/s"})
    assert decided.sent.sent == 2 and decided.sent.next_start > 0
    gate = RequestGate(max_requests=3)
    gate.carry(decided.sent.sent, decided.sent.next_start)
    assert gate.remaining() == 1


def test_the_embedded_provider_is_slow_only_with_added_latency() -> None:
    assert auto_workers({}) == 0
    assert auto_workers({"REFERENCE_PROVIDER_LATENCY_MS": "100"}) == 4
    assert auto_workers({"REFERENCE_PROVIDER_LATENCY_MS": "5"}) == 0


def test_a_bad_setup_leaves_the_decision_to_the_run() -> None:
    assert auto_workers({"TARGET": "ftp://nowhere", "APIS": "huawei-endpoints"}) == 0
    assert auto_workers({"APIS": "no-such-api"}) == 0
    assert auto_workers({**ENDPOINTS, "TARGET": "http://127.0.0.1:9"}) == 0  # nothing listens


def test_an_api_keeps_its_tests_together_and_its_property_test_apart() -> None:
    assert group_of("pai-eas-services", "filters") == group_of("pai-eas-services", "sorting")
    assert group_of("pai-eas-services", "property", "a") != group_of("pai-eas-services", "filters")
    # Each slice of a property phase is a group of its own, so the slices run side by side.
    assert group_of("pai-eas-services", "property", "a") != group_of("pai-eas-services", "property", "b")


def test_property_slices_partition_the_generated_cases() -> None:
    spec = all_specs()["pai-eas-services"]
    whole = PhaseCase(spec, "coverage")
    slices = whole.sliced(4)
    assert [case_id(part) for part in slices] == [f"pai-eas-services/coverage-{k}of4" for k in (1, 2, 3, 4)]
    fingerprints = [f"GET /api/v2/services?PageSize={n}" for n in range(400)]
    owners = [[part.part for part in slices if part.owns(text)] for text in fingerprints]
    assert all(len(owner) == 1 for owner in owners)  # every case is sent by exactly one slice
    assert {owner[0] for owner in owners} == {0, 1, 2, 3}  # and every slice sends some
    assert all(whole.owns(text) for text in fingerprints)  # one slice sends everything


def test_only_property_phases_are_split() -> None:
    spec = all_specs()["pai-eas-services"]
    cases = split_cases([spec, PhaseCase(spec, "fuzzing")], 3)
    assert cases[0] is spec and [case.part for case in cases[1:]] == [0, 1, 2]
    assert split_cases([PhaseCase(spec, "fuzzing")], 1) == [PhaseCase(spec, "fuzzing")]
