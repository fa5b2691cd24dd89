"""contract_tests.runner.properties: the violations a conformant provider may accept; the checks."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from pinned import pinned_specs
from schemathesis.core.failures import CustomFailure, Failure

from contract_tests.oracles.check_failures import CheckFailed, ListRuleBroken
from contract_tests.oracles.list_checks import list_checks
from contract_tests.runner.properties import (
    auth_errors_are_401_403,
    checks_for,
    judged,
    tolerated_violations,
)
from contract_tests.runner.run import RunContext

SPECS = pinned_specs()


@pytest.mark.parametrize(
    ("key", "query", "tolerated"),
    [
        # Out-of-range integers: reject-or-clamp allows a clamp.
        ("huawei-endpoints", {"limit": "1000"}, True),
        ("huawei-endpoints", {"limit": 0}, True),
        ("huawei-endpoints", {"offset": "-1"}, True),
        ("huawei-service-instances", {"limit": "101"}, True),
        ("pai-eas-services", {"PageSize": "0"}, True),
        # Not an integer at all: must be rejected.
        ("huawei-endpoints", {"limit": "abc"}, False),
        ("huawei-endpoints", {"limit": "1.5"}, False),
        ("huawei-endpoints", {"limit": "1000", "type": "nope"}, False),  # one intolerable value spoils it
        # An empty value of an optional parameter reads as "not given".
        ("huawei-endpoints", {"limit": ""}, True),
        ("huawei-endpoints", {"type": ""}, True),
        # x-lenient: ZStack reads replyWithCount as "is it `true`".
        ("zstack-model-services", {"replyWithCount": "null"}, True),
        ("zstack-model-services", {"replyWithCount": "yes please"}, True),
        # Unknown enum values and unknown parameters are not tolerated.
        ("huawei-endpoints", {"type": "SERVICE"}, False),
        ("huawei-service-instances", {"visibility": "ALL"}, False),
        ("huawei-endpoints", {"undocumented": "1"}, False),
        # Nothing invalid: nothing to tolerate (negative_data_rejection decides as usual).
        ("huawei-endpoints", {"limit": "10", "type": "service"}, False),
        ("huawei-endpoints", {}, False),
    ],
)
def test_tolerated_violations(key: str, query: dict[str, Any], tolerated: bool) -> None:
    assert tolerated_violations(SPECS[key], query) is tolerated


@pytest.mark.parametrize("value", ["--5", "²"])
def test_tolerated_violations_on_odd_digit_strings(value: str) -> None:
    assert tolerated_violations(SPECS["huawei-endpoints"], {"limit": value}) is False


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("huawei-endpoints", True),
        ("huawei-service-instances", True),
        ("opensearch-ha3-models", False),
        ("pai-eas-services", False),
        ("zstack-model-services", False),
    ],
)
def test_auth_errors_are_401_403(key: str, expected: bool) -> None:
    spec = SPECS[key]
    assert auth_errors_are_401_403(spec) is expected
    run = RunContext(target=None, specs=SPECS, seed=1)  # type: ignore[arg-type]
    checks = checks_for(run, spec)
    names = [check.__name__ for check in checks]
    assert ("ignored_auth" in names) is expected
    assert "negative_data_rejection" in names  # judged by the verdict model, see test_suite_verdicts
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("key", "extra"),
    [
        ("huawei-endpoints", set()),
        ("pai-eas-services", {"list_echoes_page_parameters"}),
        ("zstack-model-services", {"list_success_agrees_with_error"}),
    ],
)
def test_list_checks(key: str, extra: set[str]) -> None:
    names = {check.__name__ for check in list_checks(SPECS[key])}
    base = {
        "list_page_size_respected",
        "list_total_is_consistent",
        "list_enum_values_documented",
        "list_filters_respected",
    }
    assert names == base | extra


def _list_response(body: Any) -> Any:
    return SimpleNamespace(status_code=200, json=lambda: body, headers={})


def _generated(query: dict[str, Any]) -> Any:
    return SimpleNamespace(query=query, operation=SimpleNamespace(label="GET /api/v2/services"))


def test_a_broken_list_rule_raises_a_typed_schemathesis_failure() -> None:
    spec = SPECS["pai-eas-services"]
    [echo] = [check for check in list_checks(spec) if check.__name__ == "list_echoes_page_parameters"]
    with pytest.raises(ListRuleBroken) as raised:
        echo(None, _list_response({"Services": [], "TotalCount": 0}), _generated({"PageNumber": "1"}))
    failure = raised.value
    assert isinstance(failure, Failure) and not isinstance(failure, CustomFailure)
    assert (failure.code, failure.operation) == ("LC101", "GET /api/v2/services")
    assert failure.title == "List rule broken: `list_echoes_page_parameters`"
    assert failure.message.startswith("[pai-eas-services] echoed page parameters — `PageNumber`")


def test_failures_of_two_list_checks_stay_distinct() -> None:
    one = ListRuleBroken(operation="GET /x", check="list_total_is_consistent", message="a")
    same = ListRuleBroken(operation="GET /x", check="list_total_is_consistent", message="b")
    other = ListRuleBroken(operation="GET /x", check="list_page_size_respected", message="a")
    assert one == same and one != other  # schemathesis keeps one failure per check and operation


def test_a_bare_assertion_in_a_check_becomes_a_typed_failure_with_its_fact() -> None:
    def list_total_is_consistent(ctx: Any, response: Any, case: Any) -> None:
        raise AssertionError("total is a string")

    run = RunContext(target=None, specs=SPECS, seed=7)  # type: ignore[arg-type]
    check = judged(run, SPECS["pai-eas-services"], list_total_is_consistent)
    with pytest.raises(CheckFailed) as raised:
        check(None, _list_response({}), _generated({}))
    assert raised.value.code == "LC901"
    assert raised.value.title == "Check failed: `list_total_is_consistent`"
    assert raised.value.message.startswith(
        "total is a string\nDocument fact: specs/pai-eas-services.yaml x-list"
    )


def test_a_property_failure_reproduces_with_the_suite_curl_line() -> None:
    """Issue 22: the property test's curl lines said `[REDACTED]` where the semantic tests print
    `${VARIABLE}`; now both print the suite's curl line, which never holds the secret."""
    import requests
    from schemathesis.core.failures import FailureGroup

    from contract_tests.config.scrub import SCRUBBER
    from contract_tests.runner.properties import REPRODUCE, with_suite_curl

    secret = "prop-token-0123456789abcdef"
    SCRUBBER.name("HUAWEI_AUTH_TOKEN", secret)
    request = requests.Request(
        "GET", "http://127.0.0.1:9/v1/workspaces/ws/endpoints?limit=2", headers={"X-Auth-Token": secret}
    ).prepare()
    failure = CustomFailure(
        operation="GET /x", title="a rule", message="broken", case_id=None, exception=AssertionError("x")
    )
    schemathesis_text = (
        f"Schemathesis found 1 distinct failure\n\n- a rule\n{REPRODUCE}"
        "    curl -X GET -H 'X-Auth-Token: [REDACTED]' http://127.0.0.1:9/v1/workspaces/ws/endpoints\n\n"
    )
    rewritten = with_suite_curl(FailureGroup([failure], schemathesis_text), request)
    assert rewritten.message.startswith("Schemathesis found 1 distinct failure\n\n- a rule\n")
    assert '-H "X-Auth-Token: ${HUAWEI_AUTH_TOKEN}"' in rewritten.message
    assert "[REDACTED]" not in rewritten.message and secret not in rewritten.message
    assert list(rewritten.exceptions) == [failure]
    # Without a recorded request the group is left as it was.
    original = FailureGroup([failure], schemathesis_text)
    assert with_suite_curl(original, None) is original
