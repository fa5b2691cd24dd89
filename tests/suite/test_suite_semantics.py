"""contract_tests.model.semantics: parsing x-list blocks (real and malformed), pagination/sort helpers."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.model.semantics import (
    ErrorCase,
    Pagination,
    SemanticsError,
    Sort,
    SortField,
    parse_error_cases,
    parse_list_semantics,
)
from contract_tests.model.specs import ApiSpec, all_specs

SPEC_KEYS = tuple(all_specs())

BASE: dict[str, Any] = {
    "items": "items",
    "total": "total",
    "item-id": "id",
    "pagination": {"style": "offset", "offset-param": "offset", "size-param": "limit", "default-size": 10},
    "filters": [{"param": "name", "field": "name", "match": "substring"}],
    "sort": {
        "style": "field-and-order",
        "field-param": "sort_by",
        "order-param": "order_by",
        "orders": {"asc": "ASC", "desc": "DESC"},
        "fields": {"CREATE_TIME": {"field": "create_time", "compare": "datetime"}},
        "default": {"by": "CREATE_TIME", "order": "desc"},
    },
}


def _raw(spec: ApiSpec) -> dict[str, Any]:
    return spec.operation["x-list"]


def test_base_fixture_parses() -> None:
    sem = parse_list_semantics(BASE)
    assert sem.pagination.style == "offset"
    assert sem.sort is not None and sem.sort.default_by == "CREATE_TIME"


@pytest.mark.parametrize("key", SPEC_KEYS)
def test_real_specs_parse(specs: dict[str, ApiSpec], key: str) -> None:
    sem = parse_list_semantics(_raw(specs[key]))
    loaded = specs[key].semantics
    # The position's ceiling comes from its parameter's schema, not from x-list.
    assert sem == replace(loaded, pagination=replace(loaded.pagination, max_position=None))
    assert sem.items and sem.item_id
    for flt in sem.filters:
        assert flt.param in specs[key].parameters, f"{key}: filter {flt.param} is not a parameter"


@pytest.mark.parametrize(
    ("key", "ceiling"),
    [
        ("huawei-service-instances", 1_000_000_000),  # the offset's documented maximum
        ("pai-eas-services", 2**31 - 1),  # PageNumber: format int32, no maximum
    ],
)
def test_position_ceiling_comes_from_the_parameter_schema(
    specs: dict[str, ApiSpec], key: str, ceiling: int
) -> None:
    assert specs[key].semantics.pagination.max_position == ceiling


@pytest.mark.parametrize(
    ("key", "style", "size", "position", "default", "min_size", "max_size"),
    [
        ("huawei-endpoints", "offset", "limit", "offset", 10, 1, 100),
        ("huawei-service-instances", "offset", "limit", "offset", 10, 1, 100),
        ("opensearch-ha3-models", "page", "pageSize", "pageNumber", 10, None, None),
        ("pai-eas-services", "page", "PageSize", "PageNumber", 100, None, None),
        ("zstack-model-services", "offset", "limit", "start", 1000, None, None),
    ],
)
def test_real_pagination(
    specs: dict[str, ApiSpec],
    key: str,
    style: str,
    size: str,
    position: str,
    default: int,
    min_size: int | None,
    max_size: int | None,
) -> None:
    paging = specs[key].semantics.pagination
    assert (paging.style, paging.size_param, paging.position_param) == (style, size, position)
    assert (paging.default_size, paging.min_size, paging.max_size) == (default, min_size, max_size)
    assert paging.out_of_range == "reject-or-clamp"


def test_real_specific_semantics(specs: dict[str, ApiSpec]) -> None:
    pai = specs["pai-eas-services"].semantics
    assert (pai.pagination.echo_page, pai.pagination.echo_size) == ("PageNumber", "PageSize")
    assert pai.request_id is not None and (pai.request_id.location, pai.request_id.name) == (
        "body",
        "RequestId",
    )
    label = next(f for f in pai.filters if f.param == "Label")
    assert (label.match, label.field) == ("label-map", "Labels")
    zstack = specs["zstack-model-services"].semantics
    assert zstack.total_requires == {"replyWithCount": "true"}
    assert zstack.success_flag is not None and zstack.success_flag.error_field == "error"
    assert zstack.sort is not None and zstack.sort.style == "signed-field" and zstack.sort.default_by is None
    q = zstack.filters[0]
    assert q.match == "field-conditions" and "requestCpu" in q.queryable_fields
    assert q.option("operators")[0] == "!=" and q.option("null-checks") == ("is null", "not null")
    assert label.option("key-field") == "LabelKey" and label.option("value-field") == "LabelValue"
    endpoints = specs["huawei-endpoints"].semantics
    visibility = next(f for f in endpoints.filters if f.param == "visibility")
    assert visibility.match_all == ("ALL",)
    model_id = next(f for f in endpoints.filters if f.param == "model_id")
    assert model_id.match == "opaque"
    assert endpoints.request_id is None  # the document names no request id (NOTES)
    assert specs["huawei-service-instances"].semantics.request_id is None


def _mutate(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(BASE)
    node: Any = raw
    for part in path[:-1]:
        node = node[part]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return raw


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("pagination", "style"), "cursor", "unknown pagination style 'cursor'"),
        (("pagination",), {"style": "page", "page-param": "p"}, "pagination style page needs its size"),
        (("pagination",), {"style": "page", "size-param": "s"}, "pagination style page needs its size"),
        (("pagination", "offset-param"), _DELETE, "pagination style offset needs its size"),
        (("sort", "orders"), {"asc": "ASC"}, "field-and-order sort needs order-param and both orders"),
        (("sort", "order-param"), _DELETE, "field-and-order sort needs order-param and both orders"),
        (("sort", "default"), {"by": "NAME"}, "sort default 'NAME' is not one of the sort fields"),
        (("items",), _DELETE, "x-list is malformed: missing or mistyped 'items'"),
        (("item-id",), _DELETE, "x-list is malformed: missing or mistyped 'item-id'"),
        (("sort", "fields"), _DELETE, "x-list is malformed: missing or mistyped 'fields'"),
    ],
)
def test_malformed_semantics(path: tuple[str | int, ...], value: Any, message: str) -> None:
    with pytest.raises(SemanticsError) as info:
        parse_list_semantics(_mutate(path, value))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_no_pagination_means_style_none() -> None:
    sem = parse_list_semantics(_mutate(("pagination",), _DELETE))
    assert sem.pagination.style == "none" and sem.pagination.position_param is None


def test_signed_field_sort_needs_no_order_param() -> None:
    sort = {"style": "signed-field", "field-param": "sort", "fields": {"size": {"field": "size"}}}
    sem = parse_list_semantics(_mutate(("sort",), sort))
    assert sem.sort is not None and sem.sort.fields == (SortField("size", "size", "string"),)


OFFSET = Pagination(style="offset", size_param="limit", offset_param="offset", default_size=10)
PAGE = Pagination(
    style="page", size_param="PageSize", page_param="PageNumber", first_page=1, default_size=100
)
PAGE0 = Pagination(style="page", size_param="s", page_param="p", first_page=0, default_size=5)


@pytest.mark.parametrize(
    ("paging", "index", "size", "expected"),
    [
        (OFFSET, 0, 10, 0),
        (OFFSET, 3, 7, 21),
        (PAGE, 0, 10, 1),
        (PAGE, 4, 10, 5),
        (PAGE0, 0, 5, 0),
        (PAGE0, 2, 5, 2),
    ],
)
def test_position_for(paging: Pagination, index: int, size: int, expected: int) -> None:
    assert paging.position_for(index, size) == expected


@pytest.mark.parametrize(
    ("paging", "index", "size", "expected"),
    [
        (OFFSET, 2, 5, {"offset": 10, "limit": 5}),
        (OFFSET, 2, None, {"offset": 20}),  # default size drives the offset, the size is not sent
        (PAGE, 1, 7, {"PageNumber": 2, "PageSize": 7}),
        (PAGE, 0, None, {"PageNumber": 1}),
    ],
)
def test_page_params(paging: Pagination, index: int, size: int | None, expected: dict[str, int]) -> None:
    assert paging.page_params(index, size) == expected


@given(index=st.integers(0, 1000), size=st.integers(1, 1000))
def test_offset_positions_are_contiguous(index: int, size: int) -> None:
    assert OFFSET.position_for(index + 1, size) - OFFSET.position_for(index, size) == size
    assert PAGE.position_for(index + 1, size) - PAGE.position_for(index, size) == 1


CREATE = SortField("CREATE_TIME", "create_time", "datetime")


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        (
            Sort("field-and-order", "sort_by", (CREATE,), "order_by", {"asc": "ASC", "desc": "DESC"}),
            "asc",
            {"sort_by": "CREATE_TIME", "order_by": "ASC"},
        ),
        (
            Sort("field-and-order", "Sort", (CREATE,), "Order", {"asc": "asc", "desc": "desc"}),
            "desc",
            {"Sort": "CREATE_TIME", "Order": "desc"},
        ),
        (Sort("signed-field", "sort", (CREATE,)), "asc", {"sort": "+CREATE_TIME"}),
        (Sort("signed-field", "sort", (CREATE,)), "desc", {"sort": "-CREATE_TIME"}),
    ],
)
def test_sort_params(sort: Sort, order: str, expected: dict[str, str]) -> None:
    assert sort.params(CREATE, order) == expected  # type: ignore[arg-type]


def test_real_sort_params(specs: dict[str, ApiSpec]) -> None:
    sort = specs["zstack-model-services"].semantics.sort
    assert sort is not None
    assert sort.params(sort.field_by_wire("size"), "desc") == {"sort": "-size"}
    pai = specs["pai-eas-services"].semantics.sort
    assert pai is not None
    assert pai.params(pai.field_by_wire("CreateTime"), "asc") == {"Sort": "CreateTime", "Order": "asc"}
    with pytest.raises(SemanticsError, match="'nope' is not one of the sort fields"):
        pai.field_by_wire("nope")


def test_parse_error_cases() -> None:
    raw = {
        "wrong-type": {"param": "limit", "value": "abc", "status": [400]},
        "x-note": {"anything": True},
        "numeric-value": {"param": "limit", "value": 0, "status": ["400", 422]},
        "missing-credentials": {"status": [401]},
    }
    assert parse_error_cases(raw) == (
        ErrorCase("wrong-type", (400,), "limit", "abc"),
        ErrorCase("numeric-value", (400, 422), "limit", "0"),
        ErrorCase("missing-credentials", (401,)),
    )
    assert parse_error_cases(None) == ()
