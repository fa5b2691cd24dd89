"""The verdict model: which findings are documented failures, which are advisories, which are not judged.

Each case names the document fact (or its absence) that decides it; the specs are the real ones.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from pinned import pinned_specs
from schemathesis.core.failures import Failure

from contract_tests.oracles.list_checks import filter_problems
from contract_tests.oracles.verdicts import (
    Advisory,
    AdvisoryLog,
    VerdictPolicy,
    documented_rejection,
    failed_call_statuses,
    is_transport_condition,
    promise_of_acceptance,
)
from contract_tests.runner.properties import classify, judged
from contract_tests.runner.run import RunContext

SPECS = pinned_specs()


@pytest.mark.parametrize(
    ("key", "query", "documented"),
    [
        # x-error-cases wrong-type: a value with no digit at all for the integer `limit`.
        ("huawei-endpoints", {"limit": "abc"}, True),
        ("zstack-model-services", {"limit": ["abc"]}, True),
        # A lenient parser may read these as numbers: no document settles them.
        ("huawei-endpoints", {"limit": "1.5"}, False),
        ("huawei-endpoints", {"limit": "+5"}, False),
        # Wrong type of a parameter the error cases do not name.
        ("huawei-endpoints", {"offset": "abc"}, False),
        # Unknown enum values: no document says they are rejected.
        ("huawei-endpoints", {"visibility": "AAA"}, False),
        ("pai-eas-services", {"TrafficState": "AAA"}, False),
        # ZStack malformed-value: a q condition with no operator.
        ("zstack-model-services", {"q": ["name"]}, True),
        ("zstack-model-services", {"q": ["name=x"]}, False),
        # Out-of-range sizes: reject-or-clamp, so no rejection is documented.
        ("huawei-endpoints", {"limit": "1000"}, False),
        ("huawei-endpoints", {}, False),
    ],
)
def test_documented_rejection(key: str, query: dict[str, Any], documented: bool) -> None:
    fact = documented_rejection(SPECS[key], query)
    assert (fact is not None) is documented
    if fact:
        assert "x-error-cases" in fact and SPECS[key].path.name in fact


@pytest.mark.parametrize(
    ("key", "query", "promised"),
    [
        ("huawei-endpoints", {}, True),
        ("huawei-endpoints", {"visibility": "PUBLIC", "limit": 100, "offset": 0}, True),
        ("huawei-endpoints", {"limit": 101}, False),
        ("huawei-endpoints", {"name": "anything"}, False),  # free text: no value is promised
        ("opensearch-ha3-models", {"type": "unknown-model-type"}, False),  # `type` has no enum
        ("opensearch-ha3-models", {"pageSize": 10}, True),  # up to the default when no maximum
        ("opensearch-ha3-models", {"pageSize": 11}, False),
        ("zstack-model-services", {"sort": "+size"}, True),
        ("zstack-model-services", {"sort": "+notAField"}, False),
        ("zstack-model-services", {"replyWithCount": "true"}, True),
        ("pai-eas-services", {"ResourceBurstable": True}, True),
        ("pai-eas-services", {"undocumented": "1"}, False),
    ],
)
def test_promise_of_acceptance(key: str, query: dict[str, Any], promised: bool) -> None:
    assert (promise_of_acceptance(SPECS[key], query) is not None) is promised


def test_failed_call_statuses_come_from_the_spec() -> None:
    assert failed_call_statuses(SPECS["zstack-model-services"]) == {503}
    assert failed_call_statuses(SPECS["huawei-endpoints"]) == frozenset()


@pytest.mark.parametrize(
    ("status", "headers", "transport"),
    [
        (429, {}, True),
        (503, {"Retry-After": "1"}, True),
        (503, {}, False),  # ZStack's documented failure answer carries no Retry-After
        (500, {"Retry-After": "1"}, False),
        (200, {}, False),
    ],
)
def test_transport_conditions(status: int, headers: dict[str, str], transport: bool) -> None:
    assert is_transport_condition(status, headers) is transport


def _response(status: int, headers: dict[str, str] | None = None) -> Any:
    request = SimpleNamespace(method="GET", url="http://127.0.0.1:1/x?a=1", headers={}, body=None)
    return SimpleNamespace(status_code=status, headers=headers or {}, request=request)


def _case(query: dict[str, Any]) -> Any:
    return SimpleNamespace(query=query)


def _failure() -> Failure:
    return Failure(operation="GET /x", title="generic finding", message="detail")


@pytest.mark.parametrize(
    ("key", "check", "status", "query", "kind"),
    [
        ("huawei-endpoints", "negative_data_rejection", 200, {"visibility": "AAA"}, "advisory"),
        ("huawei-endpoints", "negative_data_rejection", 200, {"limit": "abc"}, "failure"),
        ("huawei-endpoints", "negative_data_rejection", 200, {"limit": "1000"}, "skip"),  # clamp allowed
        ("opensearch-ha3-models", "positive_data_acceptance", 400, {"type": "weird"}, "advisory"),
        ("huawei-endpoints", "positive_data_acceptance", 400, {"visibility": "PUBLIC"}, "failure"),
        # A page past the end may be rejected: only the first page is promised.
        ("opensearch-ha3-models", "positive_data_acceptance", 400, {"pageNumber": "120564"}, "advisory"),
        ("opensearch-ha3-models", "positive_data_acceptance", 400, {"pageNumber": "1"}, "failure"),
        ("huawei-endpoints", "positive_data_acceptance", 400, {"offset": "500"}, "advisory"),
        ("zstack-model-services", "not_a_server_error", 503, {"sort": "+notAField"}, "skip"),
        ("zstack-model-services", "not_a_server_error", 503, {"sort": "+size"}, "failure"),
        ("zstack-model-services", "not_a_server_error", 500, {"sort": "+notAField"}, "failure"),
        ("huawei-endpoints", "not_a_server_error", 503, {}, "failure"),
        ("huawei-endpoints", "response_schema_conformance", 200, {}, "failure"),
    ],
)
def test_classify(key: str, check: str, status: int, query: dict[str, Any], kind: str) -> None:
    found, fact = classify(SPECS[key], check, _response(status), _case(query), _failure())
    assert found == kind
    if kind == "failure":
        assert SPECS[key].path.name in fact


def test_a_value_the_wire_carried_empty_is_judged_as_empty() -> None:
    """Schemathesis may generate `q=[{}]`, which the wire carries as `q=`: an empty optional value,
    tolerated, not a malformed q the document says is rejected."""
    spec, found = SPECS["zstack-model-services"], []
    for url in ("http://127.0.0.1:1/x?q=&sort=", "http://127.0.0.1:1/x?q=%7B%7D"):
        response = _response(200)
        response.request.url = url
        found.append(classify(spec, "negative_data_rejection", response, _case({"q": [{}]}), _failure())[0])
    assert found == ["skip", "failure"]


def test_rate_limited_auth_probe_is_not_judged() -> None:
    probe = Failure(operation="GET /x", title="t", message="Expected 401 or 403, got `429 Too Many Requests`")
    found, _ = classify(SPECS["huawei-endpoints"], "ignored_auth", _response(200), _case({}), probe)
    assert found == "skip"
    real = Failure(operation="GET /x", title="t", message="Expected 401 or 403, got `200 OK`")
    found, fact = classify(SPECS["huawei-endpoints"], "ignored_auth", _response(200), _case({}), real)
    assert found == "failure" and "missing-credentials" in fact


def _run(strict: bool) -> RunContext:
    return RunContext(target=None, specs=SPECS, seed=7, policy=VerdictPolicy(strict=strict))  # type: ignore[arg-type]


def _raising(ctx: Any, response: Any, case: Any) -> None:
    raise Failure(operation="GET /x", title="Negative data accepted", message="detail")


_raising.__name__ = "negative_data_rejection"


def test_judged_records_an_advisory_and_passes() -> None:
    run = _run(strict=False)
    check = judged(run, SPECS["huawei-endpoints"], _raising)
    assert check.__name__ == "negative_data_rejection"
    assert check(None, _response(200), _case({"visibility": "AAA"})) is None
    [(advisory, count)] = run.advisories.items()
    assert (advisory.api, advisory.check, count) == ("huawei-endpoints", "negative_data_rejection", 1)
    assert advisory.curl.startswith("curl")


def test_judged_fails_an_advisory_under_strict() -> None:
    check = judged(_run(strict=True), SPECS["huawei-endpoints"], _raising)
    with pytest.raises(Failure, match="STRICT=1"):
        check(None, _response(200), _case({"visibility": "AAA"}))


def test_judged_failure_names_its_document_fact() -> None:
    check = judged(_run(strict=False), SPECS["huawei-endpoints"], _raising)
    with pytest.raises(Failure, match=r"Document fact: specs/huawei-endpoints.yaml x-error-cases.wrong-type"):
        check(None, _response(200), _case({"limit": "abc"}))


def test_judged_does_not_judge_a_rate_limit() -> None:
    check = judged(_run(strict=False), SPECS["huawei-endpoints"], _raising)
    assert check(None, _response(429), _case({"limit": "abc"})) is None


def test_advisory_log_counts_repeats_once() -> None:
    log = AdvisoryLog()
    for _ in range(3):
        log.add(Advisory("a", "c", "t", "r", "curl x"))
    log.add(Advisory("a", "c", "other", "r", "curl y"))
    assert sorted((a.title, count) for a, count in log.items()) == [("other", 1), ("t", 3)]


@pytest.mark.parametrize(
    ("query", "items", "problems"),
    [
        ({"visibility": "AAA"}, [{"id": "1", "visibility": "PUBLIC"}], 1),  # an ignored unknown value
        ({"visibility": "AAA"}, [], 0),  # accepted and answered with nothing: conformant
        ({"visibility": "public"}, [{"id": "1", "visibility": "PUBLIC"}], 0),  # case folded
        ({"visibility": "ALL"}, [{"id": "1", "visibility": "PUBLIC"}], 0),  # the match-all value
        ({"name": "ab"}, [{"id": "1", "name": "xABy"}], 0),  # substring, case undocumented
        ({"name": "ab"}, [{"id": "1", "name": "xy"}], 1),
        ({"type": ""}, [{"id": "1", "type": "ray"}], 0),  # empty reads as not given
        ({"model_id": "m"}, [{"id": "1"}], 0),  # opaque: the item lacks the field
    ],
)
def test_filter_problems(query: dict[str, Any], items: list[Any], problems: int) -> None:
    found = filter_problems(SPECS["huawei-endpoints"].semantics, query, items)
    assert len(found) == problems, found


def test_501_for_an_undocumented_method_is_not_a_server_error() -> None:
    spec = SPECS["huawei-endpoints"]
    probe = SimpleNamespace(query={}, method="QUERY")
    found, _ = classify(spec, "not_a_server_error", _response(501), probe, _failure())
    assert found == "skip"
    found, _ = classify(
        spec, "not_a_server_error", _response(501), SimpleNamespace(query={}, method="GET"), _failure()
    )
    assert found == "failure"  # the documented method must not answer 501


def test_a_fact_from_provider_facts_names_its_source() -> None:
    fact = SPECS["zstack-model-services"].fact("limit")
    assert "[source: provider-facts" in fact
