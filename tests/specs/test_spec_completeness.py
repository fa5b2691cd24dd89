"""Every parameter and response field the seed names is in the spec, and so is every key of its examples.

Names come from the seed's tables/lists, as owned in specs/seed-facts (extracted by tools/seed_parsers.py,
kept true to the documents by `make check-seeds`); the minimum counts below are the numbers of table rows /
list entries in each seed, so owned facts that hold less fail here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pytest
from spec_support import REAL_STEMS, SPEC_STEMS, mutable_spec, seed_facts, spec_document, the_operation

from tools.seed_parsers import SeedExample, SeedNames
from tools.spec_walk import SpecIndex, properties_of

# (parameter rows, response-field rows) counted by hand in each seed.
MINIMUM_COUNTS = {
    "huawei-service-instances": (13, 44),
    "huawei-endpoints": (9, 56),
    "pai-eas-services": (26, 5),
    "zstack-model-services": (1, 38),
    "opensearch-ha3-models": (5, 30),
}
# Seed request parameters that are intentionally not OpenAPI parameters.
# Huawei's optional `X-Auth-Token` header is the `XAuthToken` security scheme (specs/NOTES.md): declaring
# it as a parameter too would make generators emit the header twice.
NOT_A_PARAMETER = {"X-Auth-Token": "a security scheme"}


def _response_schemas(document: Mapping[str, Any], status: str) -> list[Any]:
    response = SpecIndex(document).deref(the_operation(document)["responses"].get(status)) or {}
    return [media["schema"] for media in (response.get("content") or {}).values() if "schema" in media]


def _reachable_property_names(index: SpecIndex, schema: Any, seen: set[int] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    resolved = index.deref(schema)
    if not isinstance(resolved, Mapping) or id(resolved) in seen:
        return set()
    seen.add(id(resolved))
    properties = properties_of(index, resolved)
    names = set(properties)
    children = [*properties.values(), resolved.get("items"), resolved.get("additionalProperties")]
    for child in children:
        names |= _reachable_property_names(index, child, seen)
    return names


def _undeclared_keys(index: SpecIndex, value: Any, schema: Any, path: str = "") -> Iterator[str]:
    """Keys of `value` its schema does not declare (free maps, additionalProperties: true, excepted)."""
    resolved = index.deref(schema)
    resolved = resolved if isinstance(resolved, Mapping) else {}
    if isinstance(value, dict):
        properties = properties_of(index, resolved)
        extra = resolved.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                yield from _undeclared_keys(index, item, properties[key], f"{path}.{key}")
            elif isinstance(extra, Mapping):
                yield from _undeclared_keys(index, item, extra, f"{path}.{key}")
            elif extra is not True:
                yield f"{path}.{key}"
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _undeclared_keys(index, item, resolved.get("items"), f"{path}[{position}]")


@pytest.mark.parametrize("stem", REAL_STEMS)
def test_owned_seed_names_are_not_vacuous(stem: str) -> None:
    names = seed_facts(stem).names
    minimum_parameters, minimum_fields = MINIMUM_COUNTS[stem]
    assert len(names.parameters) >= minimum_parameters
    assert names.field_count() >= minimum_fields


def missing_parameters(document: Mapping[str, Any], names: SeedNames) -> list[str]:
    """Seed parameters the spec lacks; an allowed one counts as missing once the spec drops its scheme."""
    parameters = {parameter["name"] for parameter in the_operation(document).get("parameters") or []}
    scheme_headers = {
        scheme.get("name")
        for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values()
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header"
    }
    return [
        name
        for name in names.parameters
        if name not in parameters and not (name in NOT_A_PARAMETER and name in scheme_headers)
    ]


def missing_fields(document: Mapping[str, Any], names: SeedNames) -> dict[str, list[str]]:
    """Seed response fields, per status, that no schema of that status's response declares."""
    index = SpecIndex(document)
    missing: dict[str, list[str]] = {}
    for status, status_names in names.fields_by_status.items():
        schemas = _response_schemas(document, status)
        declared = set().union(*(_reachable_property_names(index, schema) for schema in schemas))
        absent = sorted({name for name in status_names if name not in declared})
        if absent:
            missing[status] = absent
    return missing


def undeclared_example_keys(
    document: Mapping[str, Any], examples: Iterable[SeedExample]
) -> dict[str, list[str]]:
    """Keys of the seed's examples that the spec's schemas do not declare."""
    index = SpecIndex(document)
    undeclared: dict[str, list[str]] = {}
    for example in examples:
        schemas = _response_schemas(document, example.status)
        keys = [key for schema in schemas for key in _undeclared_keys(index, example.value, schema)]
        if keys or not schemas:
            undeclared[f"seed line {example.line} (status {example.status})"] = keys or ["(no schema)"]
    return undeclared


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_every_seed_parameter_is_in_the_spec(stem: str) -> None:
    assert missing_parameters(spec_document(stem), seed_facts(stem).names) == []


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_every_seed_response_field_is_in_the_spec(stem: str) -> None:
    assert missing_fields(spec_document(stem), seed_facts(stem).names) == {}


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_every_seed_example_key_is_declared(stem: str) -> None:
    # Open schemas (no additionalProperties: false) accept unknown keys, so validation alone would not
    # notice a documented field the spec forgot.
    assert undeclared_example_keys(spec_document(stem), seed_facts(stem).examples) == {}


# --- the checks are not vacuous: a spec copy that forgets a seed name fails them ---------------------


def test_a_dropped_parameter_is_reported() -> None:
    document = mutable_spec("huawei-service-instances")
    operation = the_operation(document)
    operation["parameters"] = [p for p in operation["parameters"] if p["name"] != "version_id"]
    assert missing_parameters(document, seed_facts("huawei-service-instances").names) == ["version_id"]


def test_the_x_auth_token_allowance_needs_the_security_scheme() -> None:
    document = mutable_spec("huawei-endpoints")
    del document["components"]["securitySchemes"]["XAuthToken"]
    assert missing_parameters(document, seed_facts("huawei-endpoints").names) == ["X-Auth-Token"]


def test_a_dropped_error_field_is_reported_for_every_status() -> None:
    document = mutable_spec("huawei-service-instances")
    del document["components"]["schemas"]["ErrorResponse"]["properties"]["solution_msg"]
    missing = missing_fields(document, seed_facts("huawei-service-instances").names)
    assert missing == {status: ["solution_msg"] for status in ("400", "401", "404", "408", "500")}


def test_a_dropped_nested_field_is_reported() -> None:
    document = mutable_spec("zstack-model-services")
    del document["components"]["schemas"]["ErrorCode"]["properties"]["elaboration"]
    assert missing_fields(document, seed_facts("zstack-model-services").names) == {"200": ["elaboration"]}


def test_an_undeclared_example_key_is_reported() -> None:
    document = mutable_spec("pai-eas-services")
    del document["components"]["schemas"]["Service"]["properties"]["RoleAttrs"]
    undeclared = undeclared_example_keys(document, seed_facts("pai-eas-services").examples)
    assert list(undeclared.values()) == [[".Services[0].RoleAttrs"]]
