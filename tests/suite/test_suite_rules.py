"""contract_tests.oracles.rules: the per-response rules behind the custom checks and the semantic tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pinned import pinned_specs

from contract_tests.model.semantics import ListSemantics, Pagination, RequestId, SuccessFlag
from contract_tests.oracles.rules import (
    echo_problems,
    effective_page_size,
    enum_problems,
    page_size_problems,
    page_start,
    parse_int,
    request_id_problems,
    success_flag_problems,
    total_problems,
)

SPECS = pinned_specs()
HUAWEI = SPECS["huawei-service-instances"].semantics
PAI = SPECS["pai-eas-services"].semantics
ZSTACK = SPECS["zstack-model-services"].semantics
BOUNDED = Pagination(
    style="offset", size_param="limit", offset_param="offset", default_size=10, min_size=5, max_size=50
)


def _sem(**changes: Any) -> ListSemantics:
    base: dict[str, Any] = {"items": "items", "total": "total", "item_id": "id", "pagination": BOUNDED}
    return ListSemantics(**{**base, **changes})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (5, 5),
        (-3, -3),
        ("12", 12),
        (" 7 ", 7),
        ("+4", 4),
        ("-4", -4),
        ("0", 0),
        (True, None),
        (False, None),
        (2.0, None),
        ("2.5", None),
        ("abc", None),
        ("", None),
        ("   ", None),
        ("1 2", None),
        (None, None),
        (["3"], None),
    ],
)
def test_parse_int(raw: Any, expected: int | None) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["--5", "+-1", "²", "1²"])
def test_parse_int_never_raises_on_odd_digits(raw: str) -> None:
    assert parse_int(raw) is None


@given(st.integers(-(10**12), 10**12))
def test_parse_int_round_trips_integers(number: int) -> None:
    assert parse_int(str(number)) == number
    assert parse_int(number) == number


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, (10, True)),  # default size
        ({"limit": "20"}, (20, True)),
        ({"limit": 5}, (5, True)),
        ({"limit": "50"}, (50, True)),
        ({"limit": "51"}, (50, False)),  # above max: a clamp serves at most the max
        ({"limit": "1000"}, (50, False)),
        ({"limit": "4"}, (10, False)),  # below min: the larger of min and default
        ({"limit": "-1"}, (10, False)),
        ({"limit": "abc"}, (None, False)),
        ({"limit": ["20"]}, (20, True)),  # a single repeated value reads as the value
        ({"limit": ["20", "30"]}, (10, True)),  # ambiguous repeats read as absent
    ],
)
def test_effective_page_size(query: dict[str, Any], expected: tuple[int | None, bool]) -> None:
    assert effective_page_size(BOUNDED, query) == expected


def test_effective_page_size_without_documented_bounds() -> None:
    open_ended = Pagination(style="page", size_param="s", page_param="p", default_size=None)
    assert effective_page_size(open_ended, {"s": "100000"}) == (100000, True)
    assert effective_page_size(open_ended, {"s": "0"}) == (None, False)  # below the implicit minimum of 1
    assert effective_page_size(open_ended, {}) == (None, True)


@pytest.mark.parametrize(
    ("query", "count", "fragment"),
    [
        ({"limit": "20"}, 20, None),
        ({"limit": "20"}, 21, "asked limit=20, got 21 items (at most 20 allowed)"),
        ({}, 11, "asked no limit (default 10), got 11 items"),
        ({"limit": "500"}, 50, None),
        ({"limit": "500"}, 51, "at most 50 allowed"),
        ({"limit": "abc"}, 500, None),  # not an integer: nothing to check against
    ],
)
def test_page_size_problems(query: dict[str, Any], count: int, fragment: str | None) -> None:
    problems = page_size_problems(_sem(), query, [{}] * count)
    if fragment is None:
        assert problems == []
    else:
        assert len(problems) == 1 and fragment in problems[0]


def test_page_size_problems_unpaged() -> None:
    assert page_size_problems(_sem(pagination=Pagination(style="none")), {}, [{}] * 10_000) == []


@pytest.mark.parametrize(
    ("paging", "query", "size", "expected"),
    [
        (BOUNDED, {}, 10, 0),
        (BOUNDED, {"offset": "30"}, 10, 30),
        (BOUNDED, {"offset": "-1"}, 10, None),
        (PAI.pagination, {}, 100, 0),
        (PAI.pagination, {"PageNumber": "3"}, 20, 40),
        (PAI.pagination, {"PageNumber": "0"}, 20, None),
        (PAI.pagination, {"PageNumber": "2"}, None, None),
        (Pagination(style="none"), {}, 10, None),
    ],
)
def test_page_start(
    paging: Pagination, query: dict[str, Any], size: int | None, expected: int | None
) -> None:
    assert page_start(paging, query, size) == expected


def _body(total: Any, **extra: Any) -> dict[str, Any]:
    return {"items": [], "total": total, **extra}


@pytest.mark.parametrize(
    ("sem", "query", "body", "count", "fragments"),
    [
        (_sem(), {}, _body(5), 5, []),
        (_sem(), {}, {"items": []}, 0, ["total `total` is missing although the request asked for it"]),
        (_sem(), {}, _body(None), 0, ["is missing"]),
        (_sem(), {}, _body("5"), 0, ["total `total` must be an integer, got str '5'"]),
        (_sem(), {}, _body(True), 1, ["must be an integer, got bool True"]),
        (_sem(), {}, _body(5.0), 0, ["must be an integer, got float"]),
        (
            _sem(),
            {},
            _body(3),
            4,
            [
                "total `total`=3 is smaller than the 4 items on this page",
                "cannot hold a page that starts at item 0",
            ],
        ),
        (
            _sem(),
            {"limit": "1000"},
            _body(3),
            4,
            ["total `total`=3 is smaller than the 4 items on this page"],
        ),
        (
            _sem(),
            {"offset": "20", "limit": "10"},
            _body(25),
            10,
            ["cannot hold a page that starts at item 20"],
        ),
        (_sem(), {"offset": "20", "limit": "10"}, _body(30), 10, []),
        (_sem(), {"offset": "20", "limit": "500"}, _body(25), 10, []),  # out of range: start undefined
        (_sem(total=None), {}, {"items": []}, 3, []),
        (ZSTACK, {}, {"inventories": []}, 2, []),  # total not asked for
        (ZSTACK, {"replyWithCount": "true"}, {"inventories": []}, 2, ["is missing although"]),
        (ZSTACK, {"replyWithCount": True}, {"inventories": []}, 2, ["is missing although"]),
        (ZSTACK, {"replyWithCount": "TRUE"}, {"inventories": []}, 2, ["is missing although"]),
        (ZSTACK, {"replyWithCount": "false"}, {"inventories": []}, 2, []),
        (PAI, {"PageNumber": "3", "PageSize": "10"}, {"TotalCount": 21}, 1, []),
        (
            PAI,
            {"PageNumber": "3", "PageSize": "10"},
            {"TotalCount": 20},
            1,
            ["cannot hold a page that starts at item 20"],
        ),
    ],
)
def test_total_problems(
    sem: ListSemantics, query: dict[str, Any], body: Any, count: int, fragments: list[str]
) -> None:
    problems = total_problems(sem, query, body, [{}] * count)
    assert len(problems) == len(fragments), problems
    for problem, fragment in zip(problems, fragments, strict=True):
        assert fragment in problem


def test_total_problems_non_dict_body() -> None:
    assert total_problems(_sem(), {}, ["not", "a", "dict"], []) == []


@pytest.mark.parametrize(
    ("query", "body", "fragments"),
    [
        ({}, {"PageNumber": 1, "PageSize": 100}, []),  # defaults when nothing was sent
        ({"PageNumber": "2", "PageSize": "5"}, {"PageNumber": 2, "PageSize": 5}, []),
        (
            {"PageNumber": "2", "PageSize": "5"},
            {"PageNumber": 1, "PageSize": 5},
            ["`PageNumber`=1 does not echo"],
        ),
        (
            {},
            {"PageSize": 100},
            ["`PageNumber` does not echo `PageNumber`: the field is missing (expected 1)"],
        ),
        (
            {},
            {"PageNumber": 1, "PageSize": 10},
            ["`PageSize`=10 does not echo the request's `PageSize` (expected 100)"],
        ),
        ({}, {"PageNumber": True, "PageSize": 100}, ["`PageNumber`=True does not echo"]),
        # No maximum is documented: above the default, the size a provider's own maximum served echoes.
        ({"PageSize": "2147483648"}, {"PageNumber": 1, "PageSize": 1000}, []),
        ({"PageSize": "300"}, {"PageNumber": 1, "PageSize": 300}, []),
        (
            {"PageSize": "300"},
            {"PageNumber": 1, "PageSize": 50},
            ["`PageSize`=50 does not echo the request's `PageSize` (expected 100..300)"],
        ),
        (
            {"PageSize": "300"},
            {"PageNumber": 1, "PageSize": 301},
            ["`PageSize`=301 does not echo the request's `PageSize` (expected 100..300)"],
        ),
        # Beyond int32 (the documented format) a page number may be clamped and the served page echoed.
        ({"PageNumber": "2147483648"}, {"PageNumber": 2147483647, "PageSize": 100}, []),
        ({"PageNumber": "2147483648"}, {"PageNumber": 2147483648, "PageSize": 100}, []),
        (
            {"PageNumber": "2147483648"},
            {"PageNumber": 1, "PageSize": 100},
            ["`PageNumber`=1 does not echo the request's `PageNumber` (expected 2147483647..2147483648)"],
        ),
        ({"PageNumber": "0", "PageSize": "0"}, {}, []),  # out of range: nothing to echo
        ({"PageNumber": "x"}, {"PageSize": 100}, []),
    ],
)
def test_echo_problems(query: dict[str, Any], body: dict[str, Any], fragments: list[str]) -> None:
    problems = echo_problems(PAI, query, body)
    assert len(problems) == len(fragments), problems
    for problem, fragment in zip(problems, fragments, strict=True):
        assert fragment in problem


def test_the_position_ceiling_comes_from_the_parameter_not_from_int32() -> None:
    paging = replace(PAI.pagination, max_position=1000)  # as a spec documenting `maximum: 1000` would
    pai = replace(PAI, pagination=paging)
    assert echo_problems(pai, {"PageNumber": "1001"}, {"PageNumber": 1000, "PageSize": 100}) == []
    assert echo_problems(pai, {"PageNumber": "1001"}, {"PageNumber": 999, "PageSize": 100})
    unbounded = replace(PAI, pagination=replace(paging, max_position=None))
    huge = str(2**40)
    assert echo_problems(unbounded, {"PageNumber": huge}, {"PageNumber": 2**40, "PageSize": 100}) == []
    assert echo_problems(unbounded, {"PageNumber": huge}, {"PageNumber": 2**31 - 1, "PageSize": 100})


def test_echo_problems_without_echo() -> None:
    assert echo_problems(HUAWEI, {}, {}) == []
    assert echo_problems(PAI, {}, "text") == []


FLAG = _sem(success_flag=SuccessFlag(field="success", error_field="error"))


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"success": True, "error": None}, None),
        ({"success": False, "error": {"code": "x"}}, None),
        ({"success": True, "error": {"code": "x"}}, "`success`=true disagrees with `error` being set"),
        ({"success": False, "error": None}, "`success`=false disagrees with `error` being null"),
        ({"success": "true", "error": None}, "`success` must be a boolean, got 'true'"),
        ({"success": True}, None),  # one of the pair absent: nothing to compare
        ({"error": None}, None),
        ("plain text", None),
    ],
)
def test_success_flag_problems(body: Any, fragment: str | None) -> None:
    problems = success_flag_problems(FLAG, body)
    assert problems == ([] if fragment is None else [fragment])


def test_success_flag_absent_from_semantics() -> None:
    assert success_flag_problems(HUAWEI, {"success": "nonsense", "error": 1}) == []
    assert success_flag_problems(ZSTACK, {"success": False, "error": None}) != []


HEADER_ID = _sem(request_id=RequestId(location="header", name="X-Request-Id"))
BODY_ID = _sem(request_id=RequestId(location="body", name="meta.RequestId"))


@pytest.mark.parametrize(
    ("sem", "headers", "body", "ok"),
    [
        (HEADER_ID, {"X-Request-Id": "abc"}, {}, True),
        (HEADER_ID, {"x-request-id": "abc"}, {}, True),
        (HEADER_ID, {"X-REQUEST-ID": "abc"}, {}, True),
        (HEADER_ID, {}, {"X-Request-Id": "abc"}, False),
        (HEADER_ID, {"X-Request-Id": ""}, {}, False),
        (HEADER_ID, {"X-Request-Id": "  "}, {}, False),
        (BODY_ID, {}, {"meta": {"RequestId": "r-1"}}, True),
        (BODY_ID, {"meta.RequestId": "r-1"}, {}, False),
        (BODY_ID, {}, {"meta": {"RequestId": ""}}, False),
        (BODY_ID, {}, {"meta": {"RequestId": 12}}, False),
        (BODY_ID, {}, {"meta": {"RequestId": None}}, False),
        (BODY_ID, {}, "text", False),
        (_sem(), {}, {}, True),  # no request id documented
    ],
)
def test_request_id_problems(sem: ListSemantics, headers: dict[str, str], body: Any, ok: bool) -> None:
    problems = request_id_problems(sem, headers, body)
    if ok:
        assert problems == []
    else:
        assert problems == [
            f"request id `{sem.request_id.name}` ({sem.request_id.location}) is missing or empty"
        ]  # type: ignore[union-attr]


def _identity(node: Any) -> Any:
    return node


COLOR = {"type": "string", "enum": ["red", "green"]}
NESTED = {
    "type": "object",
    "properties": {
        "color": COLOR,
        "inner": {"type": "object", "properties": {"color": COLOR}},
        "list": {"type": "array", "items": {"type": "object", "properties": {"color": COLOR}}},
        "mixed": {"allOf": [{"type": "object"}, {"properties": {"color": COLOR}}]},
    },
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"color": "red", "inner": {"color": "green"}, "list": [{"color": "red"}]}, []),
        ({"color": None, "inner": None, "list": [None, {"color": None}]}, []),  # nulls are skipped
        ({"color": "blue"}, ["$.color = 'blue' is not a documented value (red, green)"]),
        ({"inner": {"color": "RED"}}, ["$.inner.color = 'RED' is not a documented value (red, green)"]),
        (
            {"list": [{"color": "red"}, {"color": "pink"}, {"color": "grey"}]},
            ["$.list[1].color = 'pink' is not", "$.list[2].color = 'grey' is not"],
        ),
        ({"mixed": {"color": "teal"}}, ["$.mixed.color = 'teal' is not"]),
        ({"unknown": "blue", "color": "green"}, []),
    ],
)
def test_enum_problems(value: Any, expected: list[str]) -> None:
    problems = enum_problems(NESTED, value, _identity)
    assert len(problems) == len(expected), problems
    for problem, fragment in zip(problems, expected, strict=True):
        assert problem.startswith(fragment)


def test_enum_problems_limit_and_long_enum() -> None:
    schema = {"type": "array", "items": {"enum": [str(i) for i in range(20)]}}
    problems = enum_problems(schema, ["x"] * 30, _identity, limit=3)
    assert len(problems) == 3
    assert problems[0].endswith("(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …)")


def test_enum_problems_through_real_refs() -> None:
    spec = SPECS["huawei-service-instances"]
    item = {"id": "i1", "visibility": "PUBLIC", "type": "LLM_MODEL", "status": "RUNNING"}
    assert enum_problems(spec.item_schema, item, spec.resolve) == []
    bad = {**item, "visibility": "SECRET", "type": "llm_model"}
    problems = enum_problems(spec.item_schema, bad, spec.resolve, where="service_instances[0]")
    assert [p.split(" = ")[0] for p in problems] == [
        "service_instances[0].visibility",
        "service_instances[0].type",
    ]
    # The whole 200 body, from its $ref'd schema down to each item.
    body_schema = spec.response_media(200)[1]  # type: ignore[index]
    problems = enum_problems(body_schema, {"service_instances": [item, bad], "total": 2}, spec.resolve)
    assert {p.split(" = ")[0] for p in problems} == {
        "$.service_instances[1].visibility",
        "$.service_instances[1].type",
    }
