"""contract_tests.runner.properties: the violations a conformant provider may accept; the checks."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.model.specs import all_specs
from contract_tests.oracles.list_checks import list_checks
from contract_tests.runner.properties import auth_errors_are_401_403, checks_for, tolerated_violations
from contract_tests.runner.run import RunContext

SPECS = all_specs()


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
