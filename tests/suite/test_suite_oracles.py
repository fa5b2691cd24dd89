"""contract_tests.oracles.filters/ordering and the match kinds: bounds per kind, datetimes, sort order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract_tests.kinds.field_conditions import conditions_bounds, parse_condition
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import all_specs
from contract_tests.oracles.bounds import Bounds
from contract_tests.oracles.filters import filter_bounds
from contract_tests.oracles.ordering import order_problems, parse_datetime
from contract_tests.runner.steps import (
    NOT_PROVEN,
    adaptive_page_sizes,
    item_problems,
    not_proven,
    runs_of_equal_keys,
    sequence_problems,
    without_enums,
)

# A field-conditions filter as a spec declares one: its operators in detection order.
OPERATORS = ("!=", ">=", "<=", "!?=", "!~=", "~=", "?=", "=", ">", "<")
Q = ListFilter(
    param="q",
    field=None,
    match="field-conditions",
    queryable_fields=("name", "cpu", "flag"),
    options=(("null-checks", ("is null", "not null")), ("operators", OPERATORS)),
)
LABEL = ListFilter(
    param="Label",
    field="Labels",
    match="label-map",
    options=(("key-field", "LabelKey"), ("value-field", "LabelValue")),
)

ITEMS: list[dict[str, Any]] = [
    {"id": "a", "name": "Alpha", "kind": "llm", "on": True, "n": 5, "meta": {"tag": "x"}},
    {"id": "b", "name": "alphabet", "kind": "LLM", "on": False, "n": 50, "meta": {"tag": "y"}},
    {"id": "c", "name": "beta", "kind": "cv", "on": True, "n": 5.5},
    {"id": "d", "name": None, "kind": "llm"},
    {"id": "e", "kind": None, "n": "7"},
]


def _ids(*names: str) -> frozenset[str]:
    return frozenset(repr(name) for name in names)


def _flt(match: str, field: str | None = "name", match_all: tuple[str, ...] = ()) -> ListFilter:
    return ListFilter(param="p", field=field, match=match, match_all=match_all)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("match", "field", "value", "must", "may"),
    [
        ("exact", "kind", "llm", ("a", "d"), ("a", "d")),
        ("exact", "on", "true", ("a", "c"), ("a", "c")),
        ("exact", "on", "false", ("b",), ("b",)),
        ("exact", "on", "True", (), ()),  # booleans compare as JSON booleans
        ("exact", "n", "5", ("a",), ("a",)),
        ("exact", "n", "7", ("e",), ("e",)),
        ("exact", "meta.tag", "y", ("b",), ("b",)),
        ("exact", "name", "alpha", (), ()),
        ("substring", "name", "lpha", ("a", "b"), ("a", "b")),
        ("substring", "name", "alpha", ("b",), ("a", "b")),  # case rule undocumented: either passes
        ("substring", "name", "zzz", (), ()),
        ("substring-ci", "name", "ALPHA", ("a", "b"), ("a", "b")),
        ("substring-ci", "kind", "Ll", ("a", "b", "d"), ("a", "b", "d")),
        ("exact-or-substring", "name", "Alpha", ("a",), ("a", "b")),
        ("exact-or-substring", "name", "bet", (), ("b", "c")),
        ("opaque", None, "anything", (), ("a", "b", "c", "d", "e")),
    ],
)
def test_filter_bounds(
    match: str, field: str | None, value: str, must: tuple[str, ...], may: tuple[str, ...]
) -> None:
    assert filter_bounds(_flt(match, field), ITEMS, "id", value) == Bounds(_ids(*must), _ids(*may))


def test_match_all_values_mean_no_filter() -> None:
    flt = _flt("exact", "kind", match_all=("ALL",))
    everything = _ids("a", "b", "c", "d", "e")
    assert filter_bounds(flt, ITEMS, "id", "ALL") == Bounds(everything, everything)
    assert filter_bounds(flt, ITEMS, "id", "cv") == Bounds(_ids("c"), _ids("c"))


LABELLED = [
    {
        "ServiceId": "s1",
        "Labels": [{"LabelKey": "env", "LabelValue": "prod"}, {"LabelKey": "team", "LabelValue": "a"}],
    },
    {"ServiceId": "s2", "Labels": [{"LabelKey": "env", "LabelValue": "dev"}]},
    {"ServiceId": "s3", "Labels": []},
    {"ServiceId": "s4"},
    {"ServiceId": "s5", "Labels": [{"LabelKey": "env", "LabelValue": ""}, "junk"]},
]


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ({"env": "prod"}, ("s1",)),
        ({"env": "dev"}, ("s2",)),
        ({"env": None}, ("s1", "s2", "s5")),
        ({"env": ""}, ("s1", "s2", "s5")),
        ({"env": "prod", "team": "a"}, ("s1",)),
        ({"env": "dev", "team": None}, ()),
        ({"missing": None}, ()),
    ],
)
def test_label_map_bounds(wanted: dict[str, Any], expected: tuple[str, ...]) -> None:
    bounds = filter_bounds(LABEL, LABELLED, "ServiceId", wanted)
    assert bounds.must == bounds.may == _ids(*expected)


def test_label_map_needs_an_object() -> None:
    with pytest.raises(ValueError, match="JSON object"):
        filter_bounds(LABEL, LABELLED, "ServiceId", "env")


def test_bounds_problems() -> None:
    bounds = Bounds(must=frozenset({"a", "b"}), may=frozenset({"a", "b", "c"}))
    assert bounds.problems({"a", "b"}, str) == []
    assert bounds.problems({"a", "b", "c"}, str) == []
    assert bounds.problems({"a"}, lambda k: f"<{k}>") == [
        "1 matching item(s) missing from the result, e.g. <b>"
    ]
    assert bounds.problems(["a", "b", "z", "y"], str) == ["2 item(s) that do not match were returned, e.g. y"]
    assert len(bounds.problems(["z"], str)) == 2


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("name!=x", ("name", "!=", "x")),
        ("size>=10", ("size", ">=", "10")),
        ("size<=10", ("size", "<=", "10")),
        ("name!?=a,b", ("name", "!?=", "a,b")),
        ("name!~=%a%", ("name", "!~=", "%a%")),
        ("name~=%a%", ("name", "~=", "%a%")),
        ("name?=a,b", ("name", "?=", "a,b")),
        ("name=a", ("name", "=", "a")),
        ("size>1", ("size", ">", "1")),
        ("size<1", ("size", "<", "1")),
        (" name = a b ", ("name", "=", " a b ")),  # the field is trimmed, the value is not
        ("name=", ("name", "=", "")),
        ("name=a>b", ("name", "=", "a>b")),
        ("name>a=b", ("name>a", "=", "b")),  # `=` is detected before `>`: the declared order
        ("name=x!=y", ("name=x", "!=", "y")),  # `!=` is detected first of all
        ("name~=a!~=b", ("name~=a", "!~=", "b")),
        ("name is null", ("name", "is null", "")),
        ("name not null  ", ("name", "not null", "")),
        ("model name is null", ("model name", "is null", "")),
    ],
)
def test_parse_condition(condition: str, expected: tuple[str, str, str]) -> None:
    assert parse_condition(Q, condition) == expected


@pytest.mark.parametrize("condition", ["name", "nameis null", "name isnull", "", "name like x"])
def test_parse_condition_without_operator(condition: str) -> None:
    with pytest.raises(ValueError, match="has no operator"):
        parse_condition(Q, condition)


@given(
    field=st.from_regex(r"[a-zA-Z][a-zA-Z0-9]{0,8}", fullmatch=True),
    operator=st.sampled_from(OPERATORS),
    value=st.text(alphabet="abcXYZ019 ,%_.", max_size=12),
)
def test_parse_condition_round_trip(field: str, operator: str, value: str) -> None:
    assert parse_condition(Q, f"{field}{operator}{value}") == (field, operator, value)


Z = [
    {"uuid": "1", "name": "Llama", "cpu": 4, "flag": True},
    {"uuid": "2", "name": "llama", "cpu": 8, "flag": False},
    {"uuid": "3", "name": "qwen", "cpu": 16},
    {"uuid": "4", "name": None, "cpu": None},
    {"uuid": "5", "cpu": "2"},
    {"uuid": "6", "name": "ll_ma", "cpu": 4.0},
]


def _z(*conditions: str) -> Bounds:
    return conditions_bounds(Q, list(conditions), Z, "uuid")


@pytest.mark.parametrize(
    ("condition", "must", "may"),
    [
        ("name=llama", ("2",), ("1", "2")),  # a case-insensitive collation may match more
        ("name=Llama", ("1",), ("1", "2")),
        ("name!=llama", ("3", "6"), ("1", "3", "4", "5", "6")),  # NULLs may or may not drop out
        ("name?=qwen,Llama", ("1", "3"), ("1", "2", "3")),
        ("name!?=qwen,Llama", ("6",), ("2", "4", "5", "6")),
        ("name~=ll%", ("2", "6"), ("1", "2", "6")),
        ("name~=%a", ("1", "2", "6"), ("1", "2", "6")),
        ("name~=ll_ma", ("2", "6"), ("1", "2", "6")),  # `_` is any single character
        ("name~=ll.ma", (), ()),  # regex characters are literal
        ("name!~=ll%", ("3",), ("1", "3", "4", "5")),
        ("cpu=4", ("1", "6"), ("1", "6")),
        ("cpu?=2,16", ("3", "5"), ("3", "5")),
        ("cpu>4", ("2", "3"), ("2", "3")),
        ("cpu>=4", ("1", "2", "3", "6"), ("1", "2", "3", "6")),
        ("cpu<8", ("1", "5", "6"), ("1", "5", "6")),
        ("cpu<=2", ("5",), ("5",)),
        ("cpu>abc", (), ()),
        ("flag=true", ("1",), ("1",)),
        ("name is null", ("4", "5"), ("4", "5")),
        ("name not null", ("1", "2", "3", "6"), ("1", "2", "3", "6")),
        ("flag is null", ("3", "4", "5", "6"), ("3", "4", "5", "6")),
    ],
)
def test_conditions_bounds(condition: str, must: tuple[str, ...], may: tuple[str, ...]) -> None:
    assert _z(condition) == Bounds(_ids(*must), _ids(*may))


def test_conditions_conditions_are_anded() -> None:
    assert _z("name~=%l%", "cpu>=8") == Bounds(_ids("2"), _ids("2"))
    assert _z("name=llama", "cpu<8") == Bounds(frozenset(), _ids("1"))
    assert _z() == Bounds(_ids(*"123456"), _ids(*"123456"))
    with pytest.raises(ValueError, match="no operator"):
        _z("cpu")


def test_conditions_filter_bounds_accepts_one_or_many_conditions() -> None:
    flt = Q
    assert filter_bounds(flt, Z, "uuid", "cpu>4") == _z("cpu>4")
    assert filter_bounds(flt, Z, "uuid", ["cpu>4", "name=qwen"]) == Bounds(_ids("3"), _ids("3"))


UTC_MOMENT = datetime(2025, 10, 28, 14, 9, 26, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-28T14:09:26Z", UTC_MOMENT),
        ("2025-10-28T14:09:26.250Z", UTC_MOMENT + timedelta(milliseconds=250)),
        ("2025-10-28T22:09:26+08:00", UTC_MOMENT),
        ("2025-10-28 14:09:26", UTC_MOMENT),
        (" 2025-10-28 14:09:26 ", UTC_MOMENT),
        ("Oct 28, 2025 2:09:26 PM", UTC_MOMENT),
        ("Oct 28, 2025 12:09:26 AM", UTC_MOMENT.replace(hour=0)),
        ("Jan 5, 2024 9:00:00 AM", datetime(2024, 1, 5, 9, tzinfo=UTC)),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed is not None and parsed.moment == expected and parsed.nanos == 0
    assert parsed.moment.tzinfo is not None


def test_rfc3339_lower_case_t_z_and_nanoseconds_are_instants() -> None:
    """RFC 3339 §5.6: T and Z may be lower case; fractions beyond microseconds still order."""
    assert parse_datetime("2025-10-28t14:09:26z") == parse_datetime("2025-10-28T22:09:26+08:00")
    early, late = (
        parse_datetime("2025-10-28T14:09:26.125z"),
        parse_datetime("2025-10-28T22:09:26.125000789+08:00"),
    )
    assert early is not None and late is not None and early < late and late.nanos == 789
    assert str(late) == "2025-10-28T14:09:26.125000+00:00 +789ns"


@pytest.mark.parametrize(
    "value", ["garbage", "", "2025-13-40T00:00:00Z", "28/10/2025", None, 1730124566, ["x"]]
)
def test_parse_datetime_rejects(value: Any) -> None:
    assert parse_datetime(value) is None


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_parse_datetime_formats_agree(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    rfc = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    plain = moment.strftime("%Y-%m-%d %H:%M:%S")
    gson = f"{moment:%b} {moment.day}, {moment.year} {int(moment.strftime('%I'))}:{moment:%M:%S %p}"
    parsed = [parse_datetime(text) for text in (rfc, plain, gson)]
    assert all(p is not None and p.moment == moment for p in parsed)
    offset = moment.astimezone(timezone(timedelta(hours=8))).isoformat()
    assert parse_datetime(offset) == parsed[0]


ROWS = [
    {"id": "a", "t": "2025-01-01T00:00:00Z", "n": 1, "s": "apple"},
    {"id": "b", "t": "2025-01-02 00:00:00", "n": 2, "s": "banana"},
    {"id": "c", "t": None, "n": None, "s": None},
    {"id": "d", "t": "Jan 2, 2025 12:00:00 AM", "n": 2, "s": "banana"},
    {"id": "e", "t": "2025-01-03T00:00:00+00:00", "n": 10, "s": "cherry"},
]


@pytest.mark.parametrize(("field", "compare"), [("t", "datetime"), ("n", "number"), ("s", "string")])
def test_order_problems_ascending_with_ties_and_gaps(field: str, compare: str) -> None:
    assert order_problems(ROWS, field, compare, "asc", "id") == []
    assert order_problems(list(reversed(ROWS)), field, compare, "desc", "id") == []
    problems = order_problems(ROWS, field, compare, "desc", "id")
    assert len(problems) == 1 and problems[0].startswith(f"not in desc order of `{field}`: 'a' (")
    assert "comes before 'b'" in problems[0]


def test_order_problems_numbers_are_not_strings() -> None:
    rows = [{"id": i, "n": n} for i, n in enumerate(["9", 10, "100"])]
    assert order_problems(rows, "n", "number", "asc", "id") == []
    assert order_problems(rows, "n", "string", "asc", "id") != []  # "9" > "10" as text


def test_order_problems_reports_the_first_inversion_only() -> None:
    rows = [{"id": i, "n": n} for i, n in enumerate([1, 3, 2, 5, 4])]
    assert order_problems(rows, "n", "number", "asc", "id") == [
        "not in asc order of `n`: 1 (3.0) comes before 2 (2.0)"
    ]


def test_order_problems_skips_unparseable_values() -> None:
    rows = [
        {"id": 1, "t": "2025-01-01T00:00:00Z"},
        {"id": 2, "t": "soon"},
        {"id": 3, "t": "2025-02-01T00:00:00Z"},
    ]
    assert order_problems(rows, "t", "datetime", "asc", "id") == []
    assert order_problems([], "t", "datetime", "asc", "id") == []


# --- steps: page sizes from the data, tie-aware sequences, item schemas without enums -----------------

SPECS = all_specs()


@pytest.mark.parametrize(
    ("key", "total", "sizes"),
    [
        ("zstack-model-services", 12, [4, 1, 13]),
        ("zstack-model-services", 3217, [1072, 1, 3218]),
        ("huawei-endpoints", 37, [12, 1, 38]),
        ("huawei-endpoints", 400, [100, 1]),  # the documented maximum bounds total + 1
        ("opensearch-ha3-models", 2, [1, 3]),
    ],
)
def test_page_sizes_come_from_the_total(key: str, total: int, sizes: list[int]) -> None:
    assert adaptive_page_sizes(SPECS[key], total) == sizes


def test_runs_group_equal_neighbours_only() -> None:
    items = [{"id": i, "k": k} for i, k in enumerate([1, 1, 2, 1])]
    runs = runs_of_equal_keys(items, lambda item: item["k"], "id")
    assert [(key, len(ids)) for key, ids in runs] == [(1, 2), (2, 1), (1, 1)]


def test_sequences_compare_ties_as_sets_under_a_default_sort() -> None:
    spec = SPECS["huawei-service-instances"]  # default sort CREATE_TIME desc
    a = [
        {"id": "x", "create_time": "2024-01-02T00:00:00Z"},
        {"id": "y", "create_time": "2024-01-02T00:00:00Z"},
    ]
    assert sequence_problems(spec, a, list(reversed(a)), "walk") == []
    b = [
        {"id": "x", "create_time": "2024-01-02T00:00:00Z"},
        {"id": "y", "create_time": "2024-01-01T00:00:00Z"},
    ]
    assert sequence_problems(spec, b, list(reversed(b)), "walk")
    assert sequence_problems(spec, b, b[:1], "walk") == ["walk: 1 items instead of 2"]


def test_sequences_compare_exactly_without_a_default_sort() -> None:
    spec = SPECS["opensearch-ha3-models"]
    items = [{"name": "a"}, {"name": "b"}]
    assert sequence_problems(spec, items, items, "walk") == []
    assert sequence_problems(spec, items, list(reversed(items)), "walk")


def test_item_schema_checks_types_but_leaves_enums_to_the_enum_test() -> None:
    spec = SPECS["pai-eas-services"]
    assert item_problems(spec, {"ServiceId": "s", "Memory": 1024, "Status": "NoSuchStatus"}, "$") == []
    problems = item_problems(spec, {"ServiceId": "s", "Memory": "1024"}, "Services[3]")
    assert problems and problems[0].startswith("Services[3].Memory")
    assert without_enums({"a": {"enum": [1], "type": "integer"}, "b": [{"enum": []}]}) == {
        "a": {"type": "integer"},
        "b": [{}],
    }


def test_not_proven_is_a_skip_with_the_shared_prefix() -> None:
    with pytest.raises(pytest.skip.Exception, match=f"^{NOT_PROVEN} the data is tied$"):
        not_proven("the data is tied")
