"""contract_tests.runner.selection: which semantic test runs for which real spec, and the ids pytest shows."""

from __future__ import annotations

from typing import Any

import pytest
from pinned import pinned_specs

from contract_tests.kinds import CONDITIONS, PAIRS, VALUES
from contract_tests.runner.selection import (
    CASE_BUILDERS,
    BoundCase,
    ErrorBodyCase,
    FilterCase,
    OperatorCase,
    SortCase,
    case_id,
    case_spec,
)

SPECS = pinned_specs()


def _ids(fixture: str) -> list[str]:
    return [case_id(case) for spec in SPECS.values() for case in CASE_BUILDERS[fixture](spec)]


def _apis(fixture: str) -> set[str]:
    return {case_spec(case).key for spec in SPECS.values() for case in CASE_BUILDERS[fixture](spec)}  # type: ignore[union-attr]


ALL = set(SPECS)


@pytest.mark.parametrize(
    ("fixture", "apis"),
    [
        ("api", ALL),
        ("paged_api", ALL),
        ("page_style_api", {"opensearch-ha3-models", "pai-eas-services"}),
        ("echo_api", {"pai-eas-services"}),
        ("request_id_api", {"opensearch-ha3-models", "pai-eas-services"}),
        ("success_flag_api", {"zstack-model-services"}),
        ("size_bound", {"huawei-endpoints", "huawei-service-instances"}),
        (VALUES, ALL - {"zstack-model-services"}),
        (PAIRS, {"pai-eas-services"}),
        (CONDITIONS, {"zstack-model-services"}),
        ("combinable_api", ALL),
        ("sort_case", {"huawei-service-instances", "pai-eas-services", "zstack-model-services"}),
        ("default_sort_api", {"huawei-service-instances", "pai-eas-services"}),
        ("sort_field", {"huawei-service-instances", "pai-eas-services", "zstack-model-services"}),
        ("partition_filter", ALL - {"zstack-model-services"}),
        ("error_case", ALL),
    ],
)
def test_which_apis_get_which_fixture(fixture: str, apis: set[str]) -> None:
    assert _apis(fixture) == apis


def test_every_builder_is_covered() -> None:
    assert set(CASE_BUILDERS) == {
        "api", "paged_api", "page_style_api", "echo_api", "request_id_api", "success_flag_api",
        "size_bound", VALUES, PAIRS, CONDITIONS, "combinable_api", "sort_case",
        "default_sort_api", "error_case", "sort_field", "partition_filter", "property_phase",
        "malformed_credential",
    }  # fmt: skip


def test_malformed_credentials_are_tried_on_each_credential_header() -> None:
    ids = [case_id(c) for c in CASE_BUILDERS["malformed_credential"](SPECS["huawei-endpoints"])]
    # Another scheme only in an Authorization header; the token header gets empty and malformed.
    assert ids == [
        "huawei-endpoints/XAuthToken:empty",
        "huawei-endpoints/XAuthToken:malformed",
        "huawei-endpoints/AkSkSignature:empty",
        "huawei-endpoints/AkSkSignature:malformed",
        "huawei-endpoints/AkSkSignature:wrong-scheme",
    ]


def test_each_api_has_two_property_tests_that_together_run_every_phase() -> None:
    cases = CASE_BUILDERS["property_phase"](SPECS["pai-eas-services"])
    assert [case_id(c) for c in cases] == ["pai-eas-services/coverage", "pai-eas-services/fuzzing"]
    assert sorted(phase for case in cases for phase in case.phases) == ["coverage", "examples", "fuzzing"]


def test_sort_field_has_one_ascending_case_per_field() -> None:
    cases = CASE_BUILDERS["sort_field"](SPECS["zstack-model-services"])
    assert [case_id(c) for c in cases] == [
        f"zstack-model-services/{wire}/asc"
        for wire in ("createDate", "lastOpDate", "requestCpu", "requestMemory", "size")
    ]


def test_partition_filters_are_the_exact_enum_filters_on_item_fields() -> None:
    assert _ids("partition_filter") == [
        "huawei-endpoints/type",
        "huawei-endpoints/visibility",
        "huawei-service-instances/type",
        "huawei-service-instances/visibility",
        "opensearch-ha3-models/type",
        "pai-eas-services/ServiceStatus",
        "pai-eas-services/Role",
        "pai-eas-services/ResourceBurstable",
        "pai-eas-services/CronscalerEnabled",
        "pai-eas-services/AutoscalerEnabled",
        "pai-eas-services/TrafficState",
    ]


def test_size_bound_ids() -> None:
    assert _ids("size_bound") == [
        "huawei-endpoints/min",
        "huawei-endpoints/max",
        "huawei-service-instances/min",
        "huawei-service-instances/max",
    ]
    assert all(isinstance(c, BoundCase) for c in CASE_BUILDERS["size_bound"](SPECS["huawei-endpoints"]))


def test_condition_operator_ids() -> None:
    spec = SPECS["zstack-model-services"]
    declared = spec.semantics.filters[0]
    cases = CASE_BUILDERS[CONDITIONS](spec)
    assert [c.operator for c in cases] == [*declared.option("operators"), *declared.option("null-checks")]
    assert all(isinstance(c, OperatorCase) for c in cases)
    ids = _ids(CONDITIONS)
    assert ids[0] == "zstack-model-services/q:!=" and ids[-2:] == [
        "zstack-model-services/q:is-null",
        "zstack-model-services/q:not-null",
    ]
    assert len(ids) == len(set(ids)) == 12


def test_filter_and_label_ids() -> None:
    filter_ids = _ids(VALUES)
    assert "pai-eas-services/Label" not in filter_ids
    assert "huawei-service-instances/source_id" in filter_ids and "huawei-endpoints/model_id" in filter_ids
    assert _ids(PAIRS) == ["pai-eas-services/Label"]
    assert len(filter_ids) == 5 + 7 + 2 + 21
    assert all(isinstance(c, FilterCase) for s in SPECS.values() for c in CASE_BUILDERS[VALUES](s))


def test_sort_ids() -> None:
    assert _ids("sort_case")[:4] == [
        "huawei-service-instances/CREATE_TIME/asc",
        "huawei-service-instances/CREATE_TIME/desc",
        "huawei-service-instances/DURATION/asc",
        "huawei-service-instances/DURATION/desc",
    ]
    assert "pai-eas-services/CreateTime/desc" in _ids("sort_case")
    assert len([i for i in _ids("sort_case") if i.startswith("zstack")]) == 10
    assert all(isinstance(c, SortCase) for c in CASE_BUILDERS["sort_case"](SPECS["pai-eas-services"]))


def test_error_case_ids() -> None:
    ids = _ids("error_case")
    assert "huawei-service-instances/unknown-path-id" in ids
    assert "huawei-endpoints/unknown-path-id" not in ids
    assert "zstack-model-services/invalid-credentials" in ids
    assert all(
        isinstance(c, ErrorBodyCase) for c in CASE_BUILDERS["error_case"](SPECS["zstack-model-services"])
    )
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("fixture", list(CASE_BUILDERS))
def test_ids_are_unique_and_name_the_spec(fixture: str) -> None:
    ids = _ids(fixture)
    assert len(ids) == len(set(ids))
    for spec in SPECS.values():
        for case in CASE_BUILDERS[fixture](spec):
            assert case_id(case).split("/")[0] == spec.key
            assert case_spec(case) is spec


@pytest.mark.parametrize("value", ["plain", 3, None])
def test_case_id_and_spec_of_other_values(value: Any) -> None:
    assert case_id(value) == str(value)
    assert case_spec(value) is None
