"""The spec lint passes on every spec, and neither the lint nor the validators pass vacuously.

Each rule is shown to fire: a deep copy of a real spec, broken in exactly one way, makes `lint_spec`
report exactly that rule. Broken copies also fail openapi-spec-validator, and a broken seed example
fails the example validation the example tests use.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from spec_support import (
    SPEC_STEMS,
    mutable_spec,
    response_example_cases,
    seed_facts,
    spec_document,
    spec_path,
    spec_validation_errors,
    the_operation,
    validate_example,
)

from tools.spec_lint import RULES, lint_file, lint_spec, main

Spec = dict[str, Any]


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_lint_passes_on_spec(stem: str) -> None:
    assert [str(violation) for violation in lint_spec(spec_document(stem), stem)] == []


def test_cli_exits_0_on_the_specs_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(spec_path(SPEC_STEMS[0]).parent)]) == 0
    assert capsys.readouterr().out == ""


def test_cli_prints_one_line_per_violation_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = mutable_spec("huawei-endpoints")
    del the_operation(document)["operationId"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    (tmp_path / ".spectral.yaml").write_text("extends: [spectral:oas]\n", encoding="utf-8")  # not a spec
    assert main([str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{broken}: operation-id: GET /v1/workspaces/{{workspace_id}}/endpoints: operation has no operationId"
    ]


def test_cli_fails_when_there_is_no_spec(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 1


def test_yaml_rule_reports_unreadable_and_non_mapping_files(tmp_path: Path) -> None:
    not_yaml = tmp_path / "bad.yaml"
    not_yaml.write_text("openapi: [unclosed\n", encoding="utf-8")
    a_list = tmp_path / "list.yaml"
    a_list.write_text("- openapi\n", encoding="utf-8")
    assert [violation.rule for violation in lint_file(not_yaml)] == ["yaml"]
    assert [violation.rule for violation in lint_file(a_list)] == ["yaml"]


# --- one mutation per rule ------------------------------------------------------------------------


def _schemas(document: Spec) -> Spec:
    return document["components"]["schemas"]


def _parameter(document: Spec, name: str) -> Spec:
    return next(p for p in the_operation(document)["parameters"] if p["name"] == name)


def _x_list(document: Spec) -> Spec:
    return the_operation(document)["x-list"]


def _error_cases(document: Spec) -> Spec:
    return the_operation(document)["x-error-cases"]


def _responses(document: Spec) -> Spec:
    return the_operation(document)["responses"]


def dangling_ref(document: Spec) -> None:
    _schemas(document)["ReservedResource"]["properties"]["apu"]["$ref"] = "#/components/schemas/Nope"


def drop_operation_id(document: Spec) -> None:
    del the_operation(document)["operationId"]


def inline_response_schema(document: Spec) -> None:
    media = _responses(document)["200"]["content"]["application/json"]
    media["schema"] = copy.deepcopy(_schemas(document)["ListEndpointsResponse"])


def inline_nested_object(document: Spec) -> None:
    endpoints = _schemas(document)["ListEndpointsResponse"]["properties"]["endpoints"]
    endpoints["items"] = copy.deepcopy(_schemas(document)["EndpointBriefInfo"])


def plain_text_error_without_wording(document: Spec) -> None:
    _responses(document)["404"]["content"] = {"text/plain": {"schema": {"type": "string"}}}


def zstack_plain_text_error_without_wording(document: Spec) -> None:
    response = _responses(document)["400"]
    response["description"] = "Request format error."
    response["x-source"] = "provider-facts (D: RestServer RestException)"


def error_schema_not_an_object(document: Spec) -> None:
    _responses(document)["403"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Visibility"
    }


def empty_enum(document: Spec) -> None:
    _schemas(document)["ServiceInstanceStatus"]["enum"] = []


def duplicate_enum_value(document: Spec) -> None:
    _parameter(document, "ResourceType")["schema"]["enum"].append("Lingjun")


def empty_server_variable_enum(document: Spec) -> None:
    document["servers"][0]["variables"]["regionId"]["enum"] = []


def closed_schema(document: Spec) -> None:
    _schemas(document)["ModelContent"]["additionalProperties"] = False


def x_source_not_provider_facts(document: Spec) -> None:
    _parameter(document, "limit")["x-source"] = "RestServer handleQueryApi"


def x_source_empty(document: Spec) -> None:
    _schemas(document)["Visibility"]["x-source"] = ""


def unknown_pagination_style(document: Spec) -> None:
    _x_list(document)["pagination"]["style"] = "cursor"


def drop_item_id(document: Spec) -> None:
    del _x_list(document)["item-id"]


def misspelt_pagination_key(document: Spec) -> None:
    _x_list(document)["pagination"]["page-size"] = _x_list(document)["pagination"].pop("size-param")


def unknown_match_kind(document: Spec) -> None:
    _x_list(document)["filters"][0]["match"] = "fuzzy"


def filter_names_missing_param(document: Spec) -> None:
    _x_list(document)["filters"][1]["param"] = "fuzzy_name"


def total_requires_missing_param(document: Spec) -> None:
    _x_list(document)["total-requires"] = {"replyWithCnt": "true"}


def filter_names_missing_nested_field(document: Spec) -> None:
    entry = next(e for e in _x_list(document)["filters"] if e["param"] == "source_id")
    entry["field"] = "source.uuid"


def item_id_names_missing_field(document: Spec) -> None:
    _x_list(document)["item-id"] = "uid"


def request_id_names_missing_body_field(document: Spec) -> None:
    _x_list(document)["request-id"]["name"] = "RequestID"


def total_names_missing_body_field(document: Spec) -> None:
    _x_list(document)["total"] = "count"


def exact_filter_value_item_never_carries(document: Spec) -> None:
    _parameter(document, "type")["schema"]["enum"].append("FOO")


def match_all_value_not_accepted(document: Spec) -> None:
    _x_list(document)["filters"][-1]["match-all"] = ["EVERY"]


def sort_field_not_accepted(document: Spec) -> None:
    _x_list(document)["sort"]["fields"]["NAME"] = {"field": "name", "compare": "string"}


def signed_sort_value_not_accepted(document: Spec) -> None:
    _parameter(document, "sort")["schema"]["enum"].remove("+size")


def wrong_type_case_without_value(document: Spec) -> None:
    del _error_cases(document)["wrong-type"]["value"]


def undocumented_error_status(document: Spec) -> None:
    _error_cases(document)["unknown-path-id"] = {"param": "workspace_id", "status": [404]}


def wrong_type_case_names_missing_param(document: Spec) -> None:
    _error_cases(document)["wrong-type"]["param"] = "nope"


def wrong_type_case_names_string_param(document: Spec) -> None:
    _error_cases(document)["wrong-type"]["param"] = "name"


def unknown_path_id_names_query_param(document: Spec) -> None:
    _error_cases(document)["unknown-path-id"]["param"] = "offset"


@dataclass(frozen=True)
class Mutation:
    rule: str
    stem: str
    mutate: Callable[[Spec], None]

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.mutate.__name__}"


MUTATIONS = [
    Mutation("ref", "huawei-endpoints", dangling_ref),
    Mutation("operation-id", "huawei-service-instances", drop_operation_id),
    Mutation("response-schema-ref", "huawei-endpoints", inline_response_schema),
    Mutation("inline-object", "huawei-endpoints", inline_nested_object),
    Mutation("error-json-schema", "huawei-service-instances", plain_text_error_without_wording),
    Mutation("error-json-schema", "zstack-model-services", zstack_plain_text_error_without_wording),
    Mutation("error-json-schema", "huawei-endpoints", error_schema_not_an_object),
    Mutation("enum-values", "huawei-service-instances", empty_enum),
    Mutation("enum-values", "pai-eas-services", duplicate_enum_value),
    Mutation("enum-values", "pai-eas-services", empty_server_variable_enum),
    Mutation("additional-properties-false", "opensearch-ha3-models", closed_schema),
    Mutation("x-source", "zstack-model-services", x_source_not_provider_facts),
    Mutation("x-source", "huawei-endpoints", x_source_empty),
    Mutation("x-list-schema", "huawei-endpoints", unknown_pagination_style),
    Mutation("x-list-schema", "opensearch-ha3-models", drop_item_id),
    Mutation("x-list-schema", "pai-eas-services", misspelt_pagination_key),
    Mutation("x-list-schema", "huawei-service-instances", unknown_match_kind),
    Mutation("x-list-param", "huawei-service-instances", filter_names_missing_param),
    Mutation("x-list-param", "zstack-model-services", total_requires_missing_param),
    Mutation("x-list-field", "huawei-service-instances", filter_names_missing_nested_field),
    Mutation("x-list-field", "huawei-endpoints", item_id_names_missing_field),
    Mutation("x-list-field", "pai-eas-services", request_id_names_missing_body_field),
    Mutation("x-list-field", "opensearch-ha3-models", total_names_missing_body_field),
    Mutation("x-list-values", "huawei-service-instances", exact_filter_value_item_never_carries),
    Mutation("x-list-values", "huawei-endpoints", match_all_value_not_accepted),
    Mutation("x-list-values", "huawei-service-instances", sort_field_not_accepted),
    Mutation("x-list-values", "zstack-model-services", signed_sort_value_not_accepted),
    Mutation("x-error-cases-schema", "huawei-endpoints", wrong_type_case_without_value),
    Mutation("x-error-cases-status", "huawei-endpoints", undocumented_error_status),
    Mutation("x-error-cases-param", "opensearch-ha3-models", wrong_type_case_names_missing_param),
    Mutation("x-error-cases-param", "huawei-endpoints", wrong_type_case_names_string_param),
    Mutation("x-error-cases-param", "huawei-service-instances", unknown_path_id_names_query_param),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[mutation.id for mutation in MUTATIONS])
def test_broken_spec_violates_exactly_that_rule(mutation: Mutation) -> None:
    document = mutable_spec(mutation.stem)
    mutation.mutate(document)
    violations = lint_spec(document, mutation.stem)
    assert {violation.rule for violation in violations} == {mutation.rule}, [str(v) for v in violations]


def test_every_rule_is_shown_to_fire() -> None:
    shown = {mutation.rule for mutation in MUTATIONS} | {"yaml"}  # yaml: test_yaml_rule_reports_...
    assert shown == set(RULES)


MALFORMED_EXTENSIONS: list[tuple[str, Any]] = [
    ("x-list", "offset"),
    ("x-list", {"items": "endpoints", "item-id": "id", "pagination": "offset", "filters": {"a": 1}}),
    (
        "x-list",
        {"items": 3, "item-id": None, "pagination": {"style": "none"}, "filters": ["name"], "sort": [1]},
    ),
    (
        "x-list",
        {
            "items": "endpoints",
            "item-id": "id",
            "pagination": {"style": "none", "echo": []},
            "sort": {"fields": []},
        },
    ),
    ("x-error-cases", ["wrong-type"]),
    ("x-error-cases", {"wrong-type": "limit", "missing-credentials": {"status": "401"}}),
]


@pytest.mark.parametrize(("key", "value"), MALFORMED_EXTENSIONS, ids=lambda v: repr(v)[:40])
def test_malformed_extension_is_reported_not_crashed_on(key: str, value: Any) -> None:
    document = mutable_spec("huawei-endpoints")
    the_operation(document)[key] = value
    rules = {violation.rule for violation in lint_spec(document, "huawei-endpoints")}
    assert f"{key}-schema" in rules


# --- openapi-spec-validator is not vacuous ---------------------------------------------------------


def misspelt_type(document: Spec) -> None:
    _schemas(document)["CacheConfig"]["properties"]["mnt_path"]["type"] = "integr"


def required_not_a_list(document: Spec) -> None:
    _schemas(document)["ErrorResponse"]["required"] = "error_code"


def path_parameter_not_required(document: Spec) -> None:
    del _parameter(document, "workspace_id")["required"]


@pytest.mark.parametrize(
    "mutate",
    [misspelt_type, dangling_ref, required_not_a_list, path_parameter_not_required],
    ids=lambda f: f.__name__,
)
def test_broken_spec_fails_openapi_validation(mutate: Callable[[Spec], None]) -> None:
    document = mutable_spec("huawei-endpoints")
    assert spec_validation_errors(document) == []
    mutate(document)
    assert spec_validation_errors(document) != []


# --- example validation is not vacuous ------------------------------------------------------------


def _seed_case(stem: str, status: str) -> tuple[Spec, Any, Any]:
    """The spec, the seed's example for `status`, and the spec example case it is attached as."""
    document = spec_document(stem)
    seed = next(e for e in seed_facts(stem).examples if e.status == status)
    case = next(c for c in response_example_cases(document, status) if c.media_type == "application/json")
    return document, copy.deepcopy(seed.value), case


def _wrong_total_type(value: Spec) -> None:
    value["total"] = "1"


def _wrong_item_field_type(value: Spec) -> None:
    value["endpoints"][0]["reserved_resource"]["dpu"]["use_public_resource"] = "false"


def _missing_required_items(value: Spec) -> None:
    del value["Services"]


def _bad_date_time(value: Spec) -> None:
    value["Services"][0]["CreateTime"] = "yesterday"


def _int32_overflow(value: Spec) -> None:
    value["result"][0]["dimension"] = 2**31


def _value_outside_enum(value: Spec) -> None:
    value["service_instances"][0]["type"] = "SOMETHING_ELSE"


def _null_where_not_nullable(value: Spec) -> None:
    value["inventories"][0]["requestCpu"] = None


SEED_MUTATIONS = [
    ("huawei-endpoints", "200", _wrong_total_type),
    ("huawei-endpoints", "200", _wrong_item_field_type),
    ("pai-eas-services", "200", _missing_required_items),
    ("pai-eas-services", "200", _bad_date_time),
    ("opensearch-ha3-models", "200", _int32_overflow),
    ("huawei-service-instances", "200", _value_outside_enum),
    ("zstack-model-services", "200", _null_where_not_nullable),
]


@pytest.mark.parametrize(
    ("stem", "status", "mutate"),
    SEED_MUTATIONS,
    ids=[f"{stem}:{mutate.__name__}" for stem, _, mutate in SEED_MUTATIONS],
)
def test_mutated_seed_example_fails_validation(
    stem: str, status: str, mutate: Callable[[Spec], None]
) -> None:
    document, value, case = _seed_case(stem, status)
    assert validate_example(document, dataclasses.replace(case, value=value)) == []
    mutate(value)
    assert validate_example(document, dataclasses.replace(case, value=value)) != []


def test_zstack_error_code_is_nullable_but_typed() -> None:
    # `error` is null on success (seed); the nullable ErrorCode must still reject a non-object.
    document, value, case = _seed_case("zstack-model-services", "200")
    value["error"] = None
    assert validate_example(document, dataclasses.replace(case, value=value)) == []
    value["error"] = "SYS.1000"
    assert validate_example(document, dataclasses.replace(case, value=value)) != []


def test_text_plain_example_must_be_a_string() -> None:
    document = spec_document("zstack-model-services")
    case = next(c for c in response_example_cases(document, "400") if c.media_type == "text/plain")
    assert validate_example(document, case) == []
    assert validate_example(document, dataclasses.replace(case, value={"error": "missing header"})) != []
