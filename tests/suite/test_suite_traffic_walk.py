"""contract_tests.reporting.traffic: the compiled drift walk finds exactly what a plain walk of the
schema finds (same keys, order and multiplicity), and the traffic log counts right from many threads."""

from __future__ import annotations

import dataclasses
import json
import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pinned import pinned_specs

from contract_tests.model.specs import ApiSpec
from contract_tests.reporting import traffic
from contract_tests.reporting.traffic import ITEMS_SAMPLED, DriftKey, TrafficLog, drift_of, undeclared

SPECS = pinned_specs()
HA3 = SPECS["opensearch-ha3-models"]


# The walk as it was first written: every branch resolved again at every value. The oracle of the
# compiled one.
def _branches(spec: ApiSpec, schema: Any) -> list[dict[str, Any]]:
    node = spec.resolve(schema)
    if not isinstance(node, dict):
        return []
    nodes = [node]
    for combinator in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(combinator, ()):
            nodes += _branches(spec, branch)
    return nodes


def reference_undeclared(spec: ApiSpec, schema: Any, value: Any, where: str) -> list[DriftKey]:
    nodes = _branches(spec, schema)
    found: list[DriftKey] = []
    enums = [node["enum"] for node in nodes if "enum" in node]
    if enums and value is not None and not any(value in enum for enum in enums):
        found.append(DriftKey("enum", where, json.dumps(value, ensure_ascii=False)[:80]))
    if isinstance(value, dict):
        properties: dict[str, Any] = {}
        open_map = None
        for node in nodes:
            properties.update(node.get("properties") or {})
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                open_map = extra
        for name, item in value.items():
            path = f"{where}.{name}"
            if name in properties:
                found += reference_undeclared(spec, properties[name], item, path)
            elif open_map is not None:
                found += reference_undeclared(spec, open_map, item, f"{where}.*")
            elif properties:
                found.append(DriftKey("field", path, type(item).__name__))
    elif isinstance(value, list):
        items = [node["items"] for node in nodes if "items" in node]
        for element in value[:ITEMS_SAMPLED]:
            for item_schema in items[:1]:
                found += reference_undeclared(spec, item_schema, element, f"{where}[]")
    return found


def reference_drift_of(spec: ApiSpec, status: int, headers: dict[str, Any], body: Any) -> list[DriftKey]:
    response = spec.response(status)
    if response is None:
        return [DriftKey("status", spec.label, str(status))]
    found: list[DriftKey] = []
    media_type = traffic._header(headers, "content-type").split(";")[0].strip().lower()
    declared_media = {str(m).lower() for m in (response.get("content") or {})}
    if media_type and declared_media and media_type not in declared_media:
        found.append(DriftKey("media-type", f"{status}", media_type))
    declared_headers = {str(h).lower() for h in (response.get("headers") or {})}
    for name in headers:
        lowered = str(name).lower()
        if lowered not in declared_headers and lowered not in traffic.TRANSPORT_HEADERS:
            found.append(DriftKey("header", f"{status}", lowered))
    schema = (response.get("content") or {}).get(media_type, {}).get("schema")
    if schema is None or body is None or "json" not in media_type:
        return found
    where = "$" if 200 <= status < 300 else f"(HTTP {status}) $"
    return found + reference_undeclared(spec, schema, body, where)


def _outcome(read: Any, *args: Any) -> tuple[str, Any]:
    """What a walk returns, or the type of what it raises: a malformed spec fails both walks alike."""
    try:
        return "found", read(*args)
    except Exception as exc:
        return "raised", type(exc)


# A spec with what the real five use little or not at all: recursion, open maps, combinators
# (properties and enums merged across branches), a malformed string "enum", and boolean schemas.
_COMPONENTS = {
    "schemas": {
        "Node": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "kind": {"type": "string", "enum": ["a", "b"]},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "labels": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Tag"}},
                "free": {"type": "object", "additionalProperties": True},
                "odd": {"enum": "xyz"},
                "anything": True,
            },
        },
        "Tag": {
            "allOf": [
                {"type": "object", "properties": {"colour": {"enum": ["red", 1]}}},
                {"oneOf": [{"properties": {"colour": {"enum": ["blue"]}, "size": {"type": "integer"}}}]},
            ],
        },
        "Loop": {"type": "array", "items": {"$ref": "#/components/schemas/Loop"}},
        "Page": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "loop": {"$ref": "#/components/schemas/Loop"},
                "state": {"anyOf": [{"enum": ["on"]}, {"enum": ["off", None]}]},
            },
        },
    }
}
_OPERATION = {
    "operationId": "ListThings",
    "responses": {
        "200": {
            "description": "ok",
            "headers": {"X-Trace": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}},
        },
        "4XX": {
            "description": "error",
            "content": {"application/json": {"schema": {"type": "object", "properties": {"code": {}}}}},
        },
    },
}
SYNTHETIC = dataclasses.replace(
    HA3,
    key="synthetic",
    route="/things",
    method="get",
    operation=_OPERATION,
    document={"openapi": "3.0.3", "paths": {"/things": {"get": _OPERATION}}, "components": _COMPONENTS},
)


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        names |= set(node.get("properties") or {})
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def _enum_values(node: Any) -> list[Any]:
    found: list[Any] = []
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            found += node["enum"]
        for value in node.values():
            found += _enum_values(value)
    elif isinstance(node, list):
        for value in node:
            found += _enum_values(value)
    return found


def _bodies(spec: ApiSpec) -> st.SearchStrategy[Any]:
    """JSON values that mostly use the spec's own names and enum values, so that walks go deep."""
    names = [*sorted(_property_names(spec.document)), "surprise", "x"]
    enums = [v for v in _enum_values(spec.document) if v is None or isinstance(v, (str, int, float, bool))]
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3), st.sampled_from(enums or [0])
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.sampled_from(names) | st.text(max_size=2), children, max_size=6)
        ),
        max_leaves=40,
    )


def _statuses(spec: ApiSpec) -> list[int]:
    codes = [str(status).replace("XX", "01") for status in spec.operation.get("responses", {})]
    return [int(code) for code in codes if code.isdigit()]


def _schemas(spec: ApiSpec) -> list[Any]:
    return [
        media["schema"]
        for response in spec.operation.get("responses", {}).values()
        for media in (spec.resolve(response).get("content") or {}).values()
        if "schema" in media
    ]


_HEADERS = [
    {"Content-Type": "application/json"},
    {"content-type": "application/json; charset=utf-8", "X-Trace": "t", "X-Extra": "1", "Date": "d"},
    {"Content-Type": "text/html"},
    {},
]


@pytest.mark.parametrize("spec", [*SPECS.values(), SYNTHETIC], ids=lambda s: s.key)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_the_compiled_walk_finds_what_a_plain_walk_finds(spec: ApiSpec, data: st.DataObject) -> None:
    top = data.draw(_bodies(spec), label="top")
    # Mostly objects with the body's own top-level names, sometimes a list envelope, or no body.
    body = data.draw(st.sampled_from([top, {"items": [top, top], "result": [top], "data": top}, None]))
    status = data.draw(st.sampled_from([*_statuses(spec), 299, 418]))
    headers = data.draw(st.sampled_from(_HEADERS))
    assert _outcome(drift_of, spec, status, headers, body) == _outcome(
        reference_drift_of, spec, status, headers, body
    )
    for schema in _schemas(spec):
        assert _outcome(undeclared, spec, schema, body, "$") == _outcome(
            reference_undeclared, spec, schema, body, "$"
        )


@pytest.mark.parametrize(
    "body",
    [
        {"items": [{"kind": None, "odd": None}], "state": None},  # null is never enum drift
        {"items": [{"kind": "a", "odd": "xy"}]},  # a string "enum" is asked `in` as a string
        {"items": [{"odd": 1}]},  # ... and fails as it did on a value that is no string
        {"items": [{"labels": {"k": {"colour": 1.0}}}], "loop": [[1, [2]]]},
        {"items": [{"free": {"a": {"b": 1}}, "anything": {"c": [1]}, "x": [{"y": 1}]}]},
    ],
)
def test_edge_values_are_judged_as_a_plain_walk_judges_them(body: Any) -> None:
    schema = SYNTHETIC.response_media(200)[1]  # type: ignore[index]
    assert _outcome(undeclared, SYNTHETIC, schema, body, "$") == _outcome(
        reference_undeclared, SYNTHETIC, schema, body, "$"
    )
    both = {"enum": [{"p": 1}], "properties": {"p": {}}}  # an enum on a node that has properties too
    assert undeclared(SYNTHETIC, both, None, "$") == []
    assert undeclared(SYNTHETIC, both, {"p": 2}, "$") == [DriftKey("enum", "$", '{"p": 2}')]
    model = {"name": "m", "type": None, "status": None}
    assert undeclared(HA3, HA3.response_media(200)[1], {"result": [model]}, "$") == []  # type: ignore[index]


def test_a_recursive_schema_is_walked_to_any_depth() -> None:
    schema = SYNTHETIC.response_media(200)[1]  # type: ignore[index]
    leaf = {"name": "n", "kind": "c", "extra": 1}
    body = {
        "items": [{"children": [{"children": [leaf]}], "labels": {"k": {"colour": "green"}}}],
        "loop": [[[]]],
    }
    found = undeclared(SYNTHETIC, schema, body, "$")
    assert found == reference_undeclared(SYNTHETIC, schema, body, "$")
    assert DriftKey("enum", "$.items[].children[].children[].kind", '"c"') in found
    assert DriftKey("field", "$.items[].children[].children[].extra", "int") in found
    assert DriftKey("enum", "$.items[].labels.*.colour", '"green"') in found
    # The enums of anyOf branches are merged: a value of either one is declared.
    for state in ("on", "off"):
        assert undeclared(SYNTHETIC, schema, {"state": state}, "$") == []
    assert undeclared(SYNTHETIC, schema, {"state": "dim"}, "$") == [DriftKey("enum", "$.state", '"dim"')]
    # Properties are merged across allOf/oneOf branches, a later branch's declaration of a name winning.
    body = {"items": [{"labels": {"k": {"colour": "blue", "size": 2}}}]}
    assert undeclared(SYNTHETIC, schema, body, "$") == []


def test_only_the_first_items_of_an_array_are_walked_and_each_occurrence_counts() -> None:
    schema = HA3.response_media(200)[1]  # type: ignore[index]
    model = {"name": "m", "type": "text_embedding", "status": "ok", "surprise": 1}
    found = undeclared(HA3, schema, {"result": [model] * (ITEMS_SAMPLED + 50)}, "$")
    assert found == [DriftKey("field", "$.result[].surprise", "int")] * ITEMS_SAMPLED


def test_a_different_spec_object_under_the_same_key_is_not_confused_with_the_first() -> None:
    # The compiled shapes are keyed by object identity, not by the spec's key: a test's fixture spec
    # that reuses a real stem must not be read with the real spec's schema.
    schema = HA3.response_media(200)[1]  # type: ignore[index]
    body = {"requestId": "r", "totalCount": 0, "result": [], "top": True}
    assert DriftKey("field", "$.top", "bool") in undeclared(HA3, schema, body, "$")
    widened = json.loads(json.dumps(HA3.document))
    widened["components"]["schemas"] = widened.get("components", {}).get("schemas", {})
    operation = widened["paths"][HA3.route][HA3.method]
    operation["responses"]["200"] = {
        "description": "ok",
        "content": {"application/json": {"schema": {"type": "object", "properties": {"top": {}}}}},
    }
    other = dataclasses.replace(HA3, document=widened, operation=operation)
    assert drift_of(other, 200, {"Content-Type": "application/json"}, body) == [
        DriftKey("field", "$.requestId", "str"),
        DriftKey("field", "$.totalCount", "int"),
        DriftKey("field", "$.result", "list"),
    ]
    assert DriftKey("field", "$.top", "bool") in drift_of(
        HA3, 200, {"Content-Type": "application/json"}, body
    )


def test_the_shape_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(traffic, "_CACHE_LIMIT", 8)
    for _ in range(50):  # a fresh schema dict every time, as a careless caller might pass
        assert undeclared(HA3, {"type": "object", "properties": {"a": {}}}, {"b": 1}, "$") == [
            DriftKey("field", "$.b", "int")
        ]
    assert len(traffic._SHAPES) <= 8


def _observe_all(log: TrafficLog, bodies: list[tuple[int, Any]], curl: str) -> None:
    for page, (status, body) in enumerate(bodies):
        log.observe(
            HA3,
            method="GET",
            url=f"http://h/x?pageNumber={page}&pageSize=5",
            status=status,
            headers={"Content-Type": "application/json", "X-Gateway": "g"},
            body=body,
            curl=lambda: curl,
        )


def test_observations_from_many_threads_are_all_counted() -> None:
    model = {"name": "m", "type": "text_rerank", "status": "ok", "odd": 1}
    bodies = [(200, {"totalCount": 3, "result": [model] * 3})] * 40 + [(400, {"code": "x"}), (418, None)] * 5
    threads, expected = 8, TrafficLog()
    for _ in range(threads):
        _observe_all(expected, bodies, "curl 0")
    shared = TrafficLog()
    start = threading.Barrier(threads)

    def worker(index: int) -> None:
        start.wait()
        _observe_all(shared, bodies, f"curl {index}")

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    got, want = shared.of(HA3.key), expected.of(HA3.key)
    assert got.responses == want.responses == threads * len(bodies)
    assert got.statuses == want.statuses and got.params_sent == want.params_sent
    assert got.values_sent == want.values_sent
    assert got.drift == want.drift
    assert got.drift[DriftKey("field", "$.result[].odd", "int")] == threads * 40 * 3
    assert set(got.drift_examples) == set(got.drift)
    assert all(example.startswith("curl ") for example in got.drift_examples.values())
