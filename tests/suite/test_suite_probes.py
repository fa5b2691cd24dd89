"""contract_tests.oracles.probes: choosing filter values from real items, deterministically for a seed."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pinned import pinned_specs

from contract_tests.kinds import kind_of
from contract_tests.kinds.field_conditions import conditions_bounds, parse_condition
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec, load_spec
from contract_tests.oracles.filters import filter_bounds
from contract_tests.oracles.probes import combined_probe, filter_probes
from contract_tests.oracles.samples import documented_values, field_values, proper_substring, wire_text

SPECS = pinned_specs()
ENDPOINTS = SPECS["huawei-endpoints"]
PAI = SPECS["pai-eas-services"]
HA3 = SPECS["opensearch-ha3-models"]
ZSTACK = SPECS["zstack-model-services"]
SEEDS = (0, 1, 7, 12345)


def _filter(spec: ApiSpec, param: str) -> ListFilter:
    return next(f for f in spec.semantics.filters if f.param == param)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (1.5, "1.5"),
        ("x", "x"),
        (None, None),
        ({}, None),
        ([1], None),
    ],
)
def test_wire_text(value: Any, expected: str | None) -> None:
    assert wire_text(value) == expected


def test_field_values_order() -> None:
    items: list[Any] = [
        {"k": "b"},
        {"k": "a"},
        {"k": "c"},
        {"k": "c"},
        {"k": ""},
        {"k": None},
        {"k": {"nested": 1}},
        {},
        "not an item",
        {"k": True},
        {"k": 3},
    ]
    assert field_values(items, "k") == ["c", "3", "a", "b", "true"]  # most common first, then by value
    assert field_values([{"a": {"b": "x"}}, {"a": {"b": "y"}}, {"a": {"b": "y"}}], "a.b") == ["y", "x"]
    assert field_values([], "k") == []


@given(st.lists(st.sampled_from(["p", "q", "r", "s"]), max_size=20), st.randoms(use_true_random=False))
def test_field_values_ignores_item_order(values: list[str], rng: random.Random) -> None:
    items = [{"k": v} for v in values]
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert field_values(items, "k") == field_values(shuffled, "k")
    assert sorted(field_values(items, "k")) == sorted(set(values))


@given(st.text(min_size=4, max_size=40), st.integers(0, 2**32))
def test_proper_substring(value: str, seed: int) -> None:
    fragment = proper_substring(value, random.Random(seed))
    assert fragment is not None
    assert 2 <= len(fragment) < len(value)
    starts = [i for i in range(1, len(value) - len(fragment)) if value[i : i + len(fragment)] == fragment]
    assert starts, "the fragment neither starts at the first nor ends at the last character"
    assert proper_substring(value, random.Random(seed)) == fragment


@pytest.mark.parametrize("value", ["", "a", "abc"])
def test_proper_substring_of_short_values(value: str) -> None:
    assert proper_substring(value, random.Random(0)) is None


@pytest.mark.parametrize(
    ("spec", "param", "expected"),
    [
        (
            ENDPOINTS,
            "type",
            ["service", "ray", "inference", "job", "ray_service", "sql", "container_job", "notebook"],
        ),
        (ENDPOINTS, "visibility", ["PRIVATE", "PUBLIC", "ALL"]),
        (ENDPOINTS, "name", []),
        (PAI, "ResourceBurstable", ["true", "false"]),
        (PAI, "IncludeNoWorkspace", ["true", "false"]),
        (PAI, "TrafficState", ["standalone", "grouping"]),
        (PAI, "Filter", []),
        # No enum on the parameter: the item field's enum.
        (HA3, "type", ["text_embedding", "text_sparse_embedding", "image_embedding", "image_analyze"]),
    ],
)
def test_documented_values(spec: ApiSpec, param: str, expected: list[str]) -> None:
    assert documented_values(spec, _filter(spec, param)) == expected


def test_documented_values_follow_refs_and_allof(tmp_path: Path) -> None:
    schemas = {
        "Kind": {"type": "string", "enum": ["A", "B", "", None], "nullable": True},
        "Item": {
            "type": "object",
            "properties": {
                "source": {"$ref": "#/components/schemas/Source"},
                "flag": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "description": "wrapped"},
            },
        },
        "Source": {"type": "object", "properties": {"kind": {"$ref": "#/components/schemas/Kind"}}},
    }
    operation = {
        "x-list": {
            "items": "data",
            "item-id": "id",
            "pagination": {"style": "none"},
            "filters": [
                {"param": "kind", "field": "source.kind", "match": "exact"},
                {"param": "flag", "field": "flag", "match": "exact"},
            ],
        },
        "parameters": [
            {"name": "kind", "in": "query", "schema": {"type": "string"}},
            {"name": "flag", "in": "query", "schema": {"type": "string"}},
        ],
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                            },
                        }
                    }
                },
            }
        },
    }
    document = {
        "openapi": "3.0.3",
        "info": {},
        "paths": {"/x": {"get": operation}},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "synthetic.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    spec = load_spec(path)
    assert documented_values(spec, spec.semantics.filters[0]) == ["A", "B"]  # null and "" dropped
    assert documented_values(spec, spec.semantics.filters[1]) == ["A", "B"]


ENDPOINT_ITEMS = [
    {"id": f"ep-{i:04d}", "name": name, "type": kind, "visibility": vis}
    for i, (name, kind, vis) in enumerate(
        [
            ("chat-assistant", "service", "PRIVATE"),
            ("chat-summarizer", "inference", "PUBLIC"),
            ("embedding-large", "service", "PUBLIC"),
            ("batch-job", "job", "PRIVATE"),
            ("Chat-Router", "service", "PRIVATE"),
        ]
    )
]


@pytest.mark.parametrize("seed", SEEDS)
def test_enum_filters_get_no_substring_probe(seed: int) -> None:
    probes = filter_probes(ENDPOINTS, _filter(ENDPOINTS, "type"), ENDPOINT_ITEMS, random.Random(seed))
    values = [p.value for p in probes]
    assert values[:8] == documented_values(ENDPOINTS, _filter(ENDPOINTS, "type"))
    assert len(values) == len(set(values)) == 8  # the real values are documented ones already
    assert not any("substring" in p.purpose for p in probes)


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_filter_probes(seed: int) -> None:
    probes = filter_probes(ENDPOINTS, _filter(ENDPOINTS, "endpoint_id"), ENDPOINT_ITEMS, random.Random(seed))
    real = [p for p in probes if p.purpose == "a value taken from a real item"]
    assert len(real) == 2 and real[0].value == "ep-0000" and real[1].value != "ep-0000"
    fragment = [p for p in probes if "must not match an exact filter" in p.purpose]
    assert len(fragment) == 1 and fragment[0].value not in field_values(ENDPOINT_ITEMS, "id")
    assert any(fragment[0].value in item["id"] for item in ENDPOINT_ITEMS)


@pytest.mark.parametrize("seed", SEEDS)
def test_fuzzy_filter_probes(seed: int) -> None:
    rng = random.Random(seed)
    probes = filter_probes(ENDPOINTS, _filter(ENDPOINTS, "name"), ENDPOINT_ITEMS, rng)
    fuzzy = [p for p in probes if p.purpose == "a substring of a real value must match a fuzzy filter"]
    longest = max(len(item["name"]) for item in ENDPOINT_ITEMS)
    assert len(fuzzy) == 1
    assert any(fuzzy[0].value in item["name"] for item in ENDPOINT_ITEMS if len(item["name"]) == longest)
    ci = ListFilter(param="name", field="name", match="substring-ci")
    ci_probes = filter_probes(ENDPOINTS, ci, ENDPOINT_ITEMS, random.Random(seed))
    swapped = [p for p in ci_probes if p.purpose == "a fuzzy, case-insensitive filter ignores case"]
    fragment = next(p.value for p in ci_probes if "must match a fuzzy filter" in p.purpose)
    assert [p.value for p in swapped] == [fragment.swapcase()]


def test_opaque_filter_without_values_gets_an_unknown_id() -> None:
    probes = filter_probes(ENDPOINTS, _filter(ENDPOINTS, "model_id"), ENDPOINT_ITEMS, random.Random(3))
    assert len(probes) == 1 and probes[0].purpose == "an unknown value narrows the list"
    assert probes[0].value.startswith("contracttest") and len(probes[0].value) == len("contracttest") + 20
    again = filter_probes(ENDPOINTS, _filter(ENDPOINTS, "model_id"), ENDPOINT_ITEMS, random.Random(3))
    assert again == probes


def test_opaque_filter_with_example_or_enum() -> None:
    probes = filter_probes(PAI, _filter(PAI, "ParentServiceUid"), [], random.Random(0))
    assert [(p.value, p.purpose) for p in probes] == [
        ("eas-m-ijafy3c8cxxxx", "the documented example is accepted")
    ]
    enum = filter_probes(PAI, _filter(PAI, "ServiceType"), [], random.Random(0))
    assert enum and all(p.purpose == "a documented value is accepted" for p in enum)
    assert "Standard" in [p.value for p in enum]


def test_filter_probes_without_real_values() -> None:
    assert filter_probes(ENDPOINTS, _filter(ENDPOINTS, "name"), [], random.Random(0)) == []


LABEL_ITEMS = [
    {
        "ServiceId": "s1",
        "Labels": [{"LabelKey": "env", "LabelValue": "prod"}, {"LabelKey": "team", "LabelValue": "ml"}],
    },
    {"ServiceId": "s2", "Labels": [{"LabelKey": "env", "LabelValue": "dev"}, {"LabelValue": "orphan"}]},
    {"ServiceId": "s3", "Labels": None},
]


@pytest.mark.parametrize("seed", SEEDS)
def test_key_value_probes(seed: int) -> None:
    probes = filter_probes(PAI, _filter(PAI, "Label"), LABEL_ITEMS, random.Random(seed))
    assert len(probes) == 3
    ((key, value),) = probes[0].value.items()
    assert (key, value) in {("env", "prod"), ("team", "ml"), ("env", "dev")}
    assert [p.value for p in probes[1:]] == [{key: None}, {key: ""}]
    assert probes == filter_probes(PAI, _filter(PAI, "Label"), LABEL_ITEMS, random.Random(seed))


def test_key_value_probes_without_labels() -> None:
    assert (
        filter_probes(PAI, _filter(PAI, "Label"), [{"ServiceId": "s", "Labels": []}], random.Random(0)) == []
    )


def test_key_value_probes_tolerate_items_without_labels() -> None:
    assert "Labels" not in PAI.item_schema.get("required", [])
    probes = filter_probes(PAI, _filter(PAI, "Label"), [{"ServiceId": "s0"}, *LABEL_ITEMS], random.Random(0))
    assert len(probes) == 3


ZSTACK_ITEMS: list[dict[str, Any]] = [
    {
        "uuid": "u1",
        "name": "llama-chat",
        "type": "LLM",
        "framework": "vLLM",
        "requestCpu": 4,
        "size": 100,
        "system": True,
    },
    {
        "uuid": "u2",
        "name": "qwen-coder",
        "type": "LLM",
        "framework": "vLLM",
        "requestCpu": 8,
        "size": 200,
        "system": False,
    },
    {"uuid": "u3", "name": "bge-embed", "type": "Embedding", "framework": "TEI", "requestCpu": 2, "size": 10},
    {"uuid": "u4", "name": "whisper", "type": "ASR", "framework": None, "requestCpu": 16, "size": 300},
    {"uuid": "u5", "name": "sdxl-turbo", "type": "TextToImage", "framework": "diffusers", "requestCpu": 8},
]
Q = ZSTACK.semantics.filters[0]


@pytest.mark.parametrize("operator", kind_of(Q).operators(Q))
@pytest.mark.parametrize("seed", SEEDS)
def test_condition_splits_the_items(operator: str, seed: int) -> None:
    condition = kind_of(Q).condition(ZSTACK, Q, operator, ZSTACK_ITEMS, random.Random(seed))
    assert condition is not None
    field, parsed_operator, _ = parse_condition(Q, condition)
    assert parsed_operator == operator and field in Q.queryable_fields
    bounds = conditions_bounds(Q, [condition], ZSTACK_ITEMS, "uuid")
    assert 0 < len(bounds.must) < len(ZSTACK_ITEMS), condition
    assert condition == kind_of(Q).condition(ZSTACK, Q, operator, ZSTACK_ITEMS, random.Random(seed))


@pytest.mark.parametrize(
    ("operator", "fields"),
    [
        ("=", {"uuid", "name", "type", "framework", "source", "modelCenterUuid"}),
        (">", {"requestCpu", "requestMemory", "size"}),
        ("?=", {"uuid", "name", "type", "framework", "source", "modelCenterUuid"}),
        ("~=", {"uuid", "name", "type", "framework", "source", "modelCenterUuid"}),
    ],
)
def test_condition_picks_fields_of_the_right_type(operator: str, fields: set[str]) -> None:
    for seed in range(20):
        condition = kind_of(Q).condition(ZSTACK, Q, operator, ZSTACK_ITEMS, random.Random(seed))
        assert condition is not None and parse_condition(Q, condition)[0] in fields


def test_condition_without_usable_values() -> None:
    assert kind_of(Q).condition(ZSTACK, Q, "=", [], random.Random(0)) is None
    assert kind_of(Q).condition(ZSTACK, Q, ">", [{"uuid": "u", "requestCpu": 1}], random.Random(0)) is None
    assert kind_of(Q).condition(ZSTACK, Q, "is null", [], random.Random(0)) is not None  # needs no values


@pytest.mark.parametrize("seed", SEEDS)
def test_combined_probe_repeats_a_conditions_filter(seed: int) -> None:
    found = combined_probe(ZSTACK, ZSTACK_ITEMS, random.Random(seed))
    assert found is not None
    params, bounds = found
    assert [name for name, _ in params] == ["q", "q"]
    first, second = (conditions_bounds(Q, [value], ZSTACK_ITEMS, "uuid") for _, value in params)
    assert (first.must | second.must) != (first.must & second.must)  # AND differs from OR
    assert bounds == conditions_bounds(Q, [value for _, value in params], ZSTACK_ITEMS, "uuid")
    assert found == combined_probe(ZSTACK, ZSTACK_ITEMS, random.Random(seed))


@pytest.mark.parametrize("seed", SEEDS)
def test_combined_probe_plain_filters(seed: int) -> None:
    found = combined_probe(ENDPOINTS, ENDPOINT_ITEMS, random.Random(seed))
    assert found is not None
    params, bounds = found
    (pa, va), (pb, vb) = params
    assert pa != pb
    a = filter_bounds(_filter(ENDPOINTS, pa), ENDPOINT_ITEMS, "id", va)
    b = filter_bounds(_filter(ENDPOINTS, pb), ENDPOINT_ITEMS, "id", vb)
    assert bounds.must == a.must & b.must and bounds.must  # the AND is non-empty ...
    assert (a.must | b.must) != bounds.must  # ... and differs from the OR
    assert bounds.may == a.may & b.may
    assert found == combined_probe(ENDPOINTS, ENDPOINT_ITEMS, random.Random(seed))


def test_combined_probe_none_when_filters_cannot_differ() -> None:
    same = [{"id": f"x{i}", "name": "same", "type": "job", "visibility": "PUBLIC"} for i in range(1)]
    assert combined_probe(ENDPOINTS, same, random.Random(0)) is None
    assert combined_probe(ZSTACK, [], random.Random(0)) is None
