"""contract_tests.runner.steps on a small fixture spec: page sizes from the data, tie-aware sequence
comparison, documented error bodies, item schema problems, and the "not proven" verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from contract_tests.model.body import schema_at, schema_properties
from contract_tests.model.specs import ApiSpec, load_spec
from contract_tests.oracles.walk import Walk
from contract_tests.runner import steps
from contract_tests.transport.client import ListResponse

THING = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        "state": {"type": "string", "enum": ["A", "B"]},
        "created": {"type": "string"},
        "size": {"type": "integer"},
    },
}


def _spec(tmp_path: Path, *, sort_default: bool = True, max_size: int | None = 50) -> ApiSpec:
    pagination: dict[str, Any] = {
        "style": "offset",
        "offset-param": "offset",
        "size-param": "limit",
        "default-size": 3,
        "min-size": 1,
        "out-of-range": "clamp",
    }
    if max_size is not None:
        pagination["max-size"] = max_size
    sort: dict[str, Any] = {
        "style": "field-and-order",
        "field-param": "sort_by",
        "order-param": "order",
        "orders": {"asc": "ASC", "desc": "DESC"},
        "fields": {"SIZE": {"field": "size", "compare": "number"}},
    }
    if sort_default:
        sort["default"] = {"by": "SIZE", "order": "asc"}
    body = {
        "type": "object",
        "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}},
    }
    error = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "things", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "ListThings",
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": body}}},
                        "400": {"description": "bad", "content": {"application/json": {"schema": error}}},
                        "404": {"description": "no such thing", "content": {"text/plain": {}}},
                    },
                    "x-list": {"items": "data", "item-id": "id", "pagination": pagination, "sort": sort},
                }
            }
        },
        "components": {"schemas": {"Thing": THING}},
    }
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "things.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_spec(path)


def _page(status: int, body: Any, content_type: str = "application/json") -> ListResponse:
    response = requests.Response()
    response.status_code = status
    response.headers["Content-Type"] = content_type
    response.request = requests.Request("GET", "http://127.0.0.1:9/things").prepare()
    return ListResponse(response=response, body=body, items=None, total=None)


def _things(*pairs: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"id": ident, "size": size} for ident, size in pairs]


class TestPageSizes:
    def test_sizes_come_from_the_total_inside_the_documented_bounds(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        assert steps.adaptive_page_sizes(spec, 12) == [4, 1, 13]
        assert steps.adaptive_page_sizes(spec, 3000) == [50, 1]  # a third and all+1 both clamp to 50
        assert steps.adaptive_page_sizes(spec, 1) == [1, 2]

    def test_without_a_maximum_only_the_minimum_clamps(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path, max_size=None)
        assert steps.clamp_size(spec, 0) == 1
        assert steps.clamp_size(spec, 5000) == 5000
        assert steps.page_size(spec) == 3

    def test_an_assured_size_stays_at_the_default_where_no_maximum_is_documented(
        self, tmp_path: Path
    ) -> None:
        assert steps.assured_size(_spec(tmp_path / "a", max_size=None), 40) == 3
        assert steps.assured_size(_spec(tmp_path / "b", max_size=None), 2) == 2
        assert steps.assured_size(_spec(tmp_path / "c", max_size=50), 40) == 40

    def test_the_known_total_is_the_reported_one_else_the_items_seen(self) -> None:
        counted = Walk(size=None, params=[], pages=[_page(200, {})], items=[1, 2])
        assert steps.known_total(counted) == 2
        reported = Walk(size=None, params=[], pages=[ListResponse(counted.first.response, {}, [], 7)])
        assert steps.known_total(reported) == 7
        flagged = Walk(
            size=None, params=[], pages=[ListResponse(counted.first.response, {}, [], True)], items=[1]
        )
        assert steps.known_total(flagged) == 1  # a boolean is not a count


class TestSequences:
    def test_ties_of_the_default_order_may_come_in_any_order(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        expected = _things(("a", 1), ("b", 2), ("c", 2), ("d", 3))
        swapped_tie = _things(("a", 1), ("c", 2), ("b", 2), ("d", 3))
        assert steps.sequence_problems(spec, expected, swapped_tie, "page") == []

    def test_a_swap_across_sort_keys_is_reported(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        expected = _things(("a", 1), ("b", 2), ("d", 3))
        swapped = _things(("b", 2), ("a", 1), ("d", 3))
        assert steps.sequence_problems(spec, expected, swapped, "page") == [
            "page: the sequences part at run 1 of equal keys, e.g. item 'a'"
        ]

    def test_without_a_default_order_the_order_itself_is_compared(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path, sort_default=False)
        expected = _things(("a", 1), ("b", 1))
        assert steps.sequence_problems(spec, expected, list(reversed(expected)), "walk") != []
        assert steps.sequence_problems(spec, expected, expected[:1], "walk") == ["walk: 1 items instead of 2"]

    def test_runs_group_adjacent_equal_keys_only(self) -> None:
        items = _things(("a", 1), ("b", 1), ("c", 2), ("d", 1))
        runs = steps.runs_of_equal_keys(items, lambda item: item["size"], "id")
        assert runs == [(1, frozenset({"'a'", "'b'"})), (2, frozenset({"'c'"})), (1, frozenset({"'d'"}))]


class TestDocumentedErrors:
    def test_a_documented_status_with_its_body_passes(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        assert steps.documented_error_problems(spec, 400, _page(400, {"code": "Bad", "extra": 1})) == []
        assert steps.documented_error_problems(spec, 400, _page(400, {}, "application/problem+json")) != []

    def test_an_undocumented_status_a_wrong_media_type_or_body_is_reported(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        assert steps.documented_error_problems(spec, 500, _page(500, {})) == [
            "HTTP 500 is not a documented status of ListThings"
        ]
        assert steps.documented_error_problems(spec, 400, _page(400, None, "text/html")) == [
            "HTTP 400 came as `text/html`, documented `application/json`"
        ]
        assert steps.documented_error_problems(spec, 400, _page(400, None)) == ["HTTP 400 body is not JSON"]
        assert steps.documented_error_problems(spec, 400, _page(400, {"code": 5})) != []

    def test_a_media_type_is_compared_exactly_outside_json(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        assert steps.documented_error_problems(spec, 404, _page(404, None, "text/plain")) == []
        assert steps.documented_error_problems(spec, 404, _page(404, None, "text/html")) != []


class TestItems:
    def test_enum_values_are_left_to_the_enum_test(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        assert steps.item_problems(spec, {"id": "a", "state": "Z"}, "data[0]") == []
        assert steps.without_enums({"a": [{"enum": [1], "type": "integer"}]}) == {"a": [{"type": "integer"}]}

    def test_a_wrong_type_or_missing_required_field_is_reported_with_its_path(self, tmp_path: Path) -> None:
        spec = _spec(tmp_path)
        problems = steps.item_problems(spec, {"size": "big"}, "data[0]")
        assert problems == [
            "data[0]: 'id' is a required property",
            "data[0].size: 'big' is not of type 'integer'",
        ]
        assert len(steps.item_problems(spec, {"size": "x"}, "data[0]", limit=1)) == 1


def test_not_proven_is_a_skip_with_the_prefix_the_summary_counts() -> None:
    with pytest.raises(pytest.skip.Exception, match=f"^{steps.NOT_PROVEN} ties everywhere$"):
        steps.not_proven("ties everywhere")


def test_a_schema_path_follows_refs_arrays_and_all_of_members(tmp_path: Path) -> None:
    spec = _spec(tmp_path)
    assert spec.item_schema == THING
    assert spec.item_field_schema("size") == {"type": "integer"}
    assert spec.item_field_schema("no.such") == {}
    document = {"a": {"type": "array", "items": {"allOf": [{"properties": {"b": {"type": "string"}}}]}}}
    resolve = spec.resolve
    assert schema_at({"properties": document}, "a.b", resolve) == {"type": "string"}
    assert schema_properties({"anyOf": [{"properties": {"x": {}}}], "properties": {"y": {}}}, resolve) == {
        "y": {},
        "x": {},
    }
