"""contract_tests.oracles.model and .queries: the list model's prediction, each tolerance (applied
where the documents are silent, and not where they speak), and the documented queries drawn."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, find, given, settings

from contract_tests.model.semantics import ListFilter, ListSemantics, Pagination, Sort, SortField
from contract_tests.model.specs import all_specs
from contract_tests.oracles.model import (
    MISSING_SORT_KEY,
    OPEN_MATCH_RULE,
    PAST_END_REJECTED,
    TIE_ORDER,
    TOLERANCES,
    UNDOCUMENTED_MAX_SIZE,
    UNSORTED_ORDER,
    ListModel,
    Query,
    SortChoice,
)
from contract_tests.oracles.queries import (
    model_of,
    page_sizes,
    position_maximum,
    positions,
    queries,
    query_space,
    sort_choices,
)

CREATED = SortField(wire="created", field="created", compare="number")
SORT = Sort(
    style="field-and-order",
    field_param="sort_by",
    fields=(CREATED,),
    order_param="order",
    orders={"asc": "ASC", "desc": "DESC"},
    default_by="created",
    default_order="desc",
)
NAME = ListFilter(param="name", field="name", match="substring")
KIND = ListFilter(param="kind", field="kind", match="exact")


def _sem(
    *,
    sort: Sort | None = None,
    max_size: int | None = 5,
    min_size: int | None = 1,
    style: str = "offset",
    echo: bool = False,
    out_of_range: str = "reject-or-clamp",
) -> ListSemantics:
    paging = Pagination(
        style=style,  # type: ignore[arg-type]
        size_param="limit",
        offset_param="offset" if style == "offset" else None,
        page_param="page" if style == "page" else None,
        first_page=1,
        default_size=3,
        min_size=min_size,
        max_size=max_size,
        out_of_range=out_of_range,  # type: ignore[arg-type]
        echo_page="page_no" if echo else None,
        echo_size="page_size" if echo else None,
    )
    return ListSemantics(
        items="items", total="total", item_id="id", pagination=paging, filters=(NAME, KIND), sort=sort
    )


def _items(count: int = 8) -> list[dict[str, Any]]:
    return [
        {
            "id": f"i{n}",
            "name": f"{'Alpha' if n % 2 else 'beta'}-{n}",
            "kind": "a" if n < 4 else "b",
            "created": n,
        }
        for n in range(count)
    ]


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def _judge(
    model: ListModel, query: Query, items: list[Any] | None, total: Any, status: int = 200
) -> list[str]:
    prediction = model.predict(query)
    sent = {name: [str(value)] for name, value in query.params(model.sem)}
    body = {"items": items, "total": total}
    return model.judge(query, prediction, status=status, items=items, total=total, body=body, sent=sent)


def test_the_model_predicts_the_exact_page_of_an_unsorted_list() -> None:
    items = _items()
    model = ListModel(_sem(), items)
    query = Query(size=3, position=3)
    assert _judge(model, query, items[3:6], 8) == []
    assert UNSORTED_ORDER in model.predict(query).tolerances
    skipped = _judge(model, query, items[4:7], 8)
    assert any("items were skipped" in p for p in skipped)
    early = _judge(model, query, items[2:5], 8)
    assert any("starts too early" in p for p in early)
    assert any("`total` is 9" in p for p in _judge(model, query, items[3:6], 9))


def test_a_short_page_ends_the_list_and_fixes_the_total() -> None:
    items = _items()
    model = ListModel(_sem(), items)
    assert _judge(model, Query(size=3, position=6), items[6:8], 8) == []
    assert _judge(model, Query(size=3, position=3), items[3:5], 8) != []  # short, but item 5 remains
    assert _judge(model, Query(size=3, position=8), [], 8) == []
    assert any("is empty" in p for p in _judge(model, Query(size=3, position=0), [], 8))
    assert _judge(model, Query(size=3, position=3), items[3:6], 6) != []  # a total the page contradicts


def test_filters_select_by_their_match_kind_and_combine_as_and() -> None:
    items = _items()
    model = ListModel(_sem(sort=SORT), items)
    query = Query(filters=((KIND, "a"), (NAME, "Alpha")))  # kind a and "Alpha" in the name: i1, i3
    expected = sorted(
        (i for i in items if i["kind"] == "a" and "Alpha" in i["name"]), key=lambda i: -i["created"]
    )
    assert _judge(model, query, expected, 2) == []
    ored = [i for i in items if i["kind"] == "a" or "Alpha" in i["name"]][:3]
    assert any("rules out" in p for p in _judge(model, query, ored, 5))
    assert any("is empty" in p for p in _judge(model, Query(filters=((KIND, "a"),)), [], 0))


def test_open_match_rule_lets_a_case_insensitive_match_in_or_out() -> None:
    items = [{"id": "x", "name": "Alpha"}, {"id": "y", "name": "alphabet"}, {"id": "z", "name": "beta"}]
    model = ListModel(_sem(), items)
    query = Query(filters=((NAME, "alpha"),))  # substring, case undocumented: y must, x may
    prediction = model.predict(query)
    assert OPEN_MATCH_RULE in prediction.tolerances
    assert _judge(model, query, [items[1]], 1) == []
    assert _judge(model, query, items[:2], 2) == []
    assert _judge(model, query, [items[0]], 1) != []  # y must match
    assert _judge(model, query, [items[1], items[2]], 2) != []  # z never matches
    exact = Query(filters=((KIND, "a"),))
    assert OPEN_MATCH_RULE not in ListModel(_sem(), _items()).predict(exact).tolerances


def test_sorted_pages_follow_the_documented_order_and_ties_may_come_in_any_order() -> None:
    items = _items()
    model = ListModel(_sem(sort=SORT), items)
    newest = sorted(items, key=lambda i: -i["created"])
    assert _judge(model, Query(size=3), newest[:3], 8) == []  # the documented default order
    assert any("order" in p for p in _judge(model, Query(size=3), items[:3], 8))
    ascending = SortChoice(CREATED, "asc", (("sort_by", "created"), ("order", "ASC")), "field and order")
    assert _judge(model, Query(sort=ascending, size=3, position=3), items[3:6], 8) == []
    assert TIE_ORDER not in model.predict(Query(sort=ascending)).tolerances
    tied = [{**item, "created": item["created"] // 2} for item in items]  # pairs share a key
    tied_model = ListModel(_sem(sort=SORT), tied)
    assert TIE_ORDER in tied_model.predict(Query(sort=ascending)).tolerances
    swapped = [tied[1], tied[0], tied[2]]
    assert _judge(tied_model, Query(sort=ascending, size=3), swapped, 8) == []
    assert _judge(tied_model, Query(sort=ascending, size=3), [tied[0], tied[2], tied[3]], 8) != []


def test_items_without_the_sort_key_may_stand_anywhere() -> None:
    items = _items(6)
    del items[2]["created"]
    model = ListModel(_sem(sort=SORT), items)
    ascending = SortChoice(CREATED, "asc", (("sort_by", "created"), ("order", "ASC")), "field and order")
    prediction = model.predict(Query(sort=ascending))
    assert MISSING_SORT_KEY in prediction.tolerances
    keyed = [i for i in items if "created" in i]
    for where in (0, 3, 5):
        page = [*keyed[:where], items[2], *keyed[where:]][:5]
        assert _judge(model, Query(sort=ascending, size=5), page, 6) == [], where
    assert (
        MISSING_SORT_KEY not in ListModel(_sem(sort=SORT), _items()).predict(Query(sort=ascending)).tolerances
    )


def test_a_filtered_list_without_a_documented_order_may_come_in_any_order() -> None:
    items = _items()
    model = ListModel(_sem(), items)
    query = Query(filters=((KIND, "b"),))
    assert UNSORTED_ORDER in model.predict(query).tolerances
    assert _judge(model, query, list(reversed(items[4:7])), 4) == []
    # With a documented default order there is no such silence.
    assert UNSORTED_ORDER not in ListModel(_sem(sort=SORT), items).predict(query).tolerances


def test_undocumented_page_size_maximum_is_tolerated_only_without_a_documented_maximum() -> None:
    items = _items(12)
    open_model = ListModel(_sem(max_size=None), items)
    big = Query(size=6)
    prediction = open_model.predict(big)
    assert UNDOCUMENTED_MAX_SIZE in prediction.tolerances
    assert _judge(open_model, big, items[:3], 12) == []  # served at the default
    assert _judge(open_model, big, items[:6], 12) == []
    assert _judge(open_model, big, [], None, status=400) == []  # the caller checks the error body
    assert _judge(open_model, big, items[:2], 12) != []  # below the default: no provider's maximum
    documented = ListModel(_sem(max_size=8), items)
    assert UNDOCUMENTED_MAX_SIZE not in documented.predict(big).tolerances
    assert _judge(documented, big, items[:3], 12) != []
    assert _judge(documented, big, [], None, status=400) != []


def test_out_of_range_sizes_follow_the_documented_rule() -> None:
    items = _items()
    model = ListModel(_sem(max_size=5), items)
    assert _judge(model, Query(size=6), items[:5], 8) == []  # clamped to the maximum
    assert _judge(model, Query(size=6), [], None, status=400) == []  # or rejected
    assert _judge(model, Query(size=6), items[:6], 8) != []
    assert _judge(model, Query(size=0), items[:1], 8) == []  # clamped to the minimum
    assert _judge(model, Query(size=0), items[:3], 8) == []  # or to the default
    clamp_only = ListModel(_sem(max_size=5, out_of_range="clamp"), items)
    assert _judge(clamp_only, Query(size=6), [], None, status=400) != []


def test_a_page_past_the_end_may_be_rejected_only_where_no_maximum_position_is_documented() -> None:
    items = _items()
    query = Query(size=3, position=9)
    open_model = ListModel(_sem(), items)
    assert PAST_END_REJECTED in open_model.predict(query).tolerances
    assert _judge(open_model, query, [], None, status=400) == []
    assert _judge(open_model, query, [], 8) == []
    bounded = ListModel(_sem(), items, position_max=1000)
    assert PAST_END_REJECTED not in bounded.predict(query).tolerances
    assert _judge(bounded, query, [], None, status=400) != []
    assert _judge(bounded, query, [], 8) == []
    # The first page is never past the end, even of an empty selection.
    empty = Query(filters=((KIND, "zzz"),))
    assert PAST_END_REJECTED not in open_model.predict(empty).tolerances


def test_page_numbers_and_echoed_values() -> None:
    items = _items()
    model = ListModel(_sem(style="page", echo=True), items)
    query = Query(size=3, position=2)
    prediction = model.predict(query)
    assert prediction.start(3, model.sem) == 3
    sent = {"limit": ["3"], "page": ["2"]}
    good = {"items": items[3:6], "total": 8, "page_no": 2, "page_size": 3}
    assert model.judge(query, prediction, status=200, items=items[3:6], total=8, body=good, sent=sent) == []
    bad = {**good, "page_no": 1}
    problems = model.judge(query, prediction, status=200, items=items[3:6], total=8, body=bad, sent=sent)
    assert any("page_no" in p for p in problems)


def test_every_tolerance_names_its_silence() -> None:
    assert len({t.name for t in TOLERANCES}) == len(TOLERANCES)
    assert all(t.silence and "document" in t.silence for t in TOLERANCES)


def test_documented_spellings_sizes_and_positions_come_from_the_specs() -> None:
    specs = all_specs()
    zstack = sort_choices(specs["zstack-model-services"])
    assert {c.params[0][1][0] for c in zstack} == {"+", "-", "c", "l", "r", "s"}  # signed and bare
    assert {c.order for c in zstack if c.params[0][1][0] not in "+-"} == {"asc"}
    huawei = sort_choices(specs["huawei-service-instances"])
    alone = [c for c in huawei if len(c.params) == 1]
    assert alone and all(c.order == "desc" for c in alone)  # order_by defaults to DESC
    sem = specs["huawei-endpoints"].semantics
    assert {None, 1, 0, 10, 100, 101}.issubset(page_sizes(sem, 37))
    assert position_maximum(specs["huawei-service-instances"]) == 1_000_000_000
    assert position_maximum(specs["huawei-endpoints"]) is None
    assert 1_000_000_000 in positions(specs["huawei-service-instances"].semantics, 37, 10, 1_000_000_000)
    assert {None, 0, 10, 30, 36, 37, 38}.issubset(positions(sem, 37, 10, None))
    paged = specs["opensearch-ha3-models"].semantics
    assert {None, 1, 2, 4, 5}.issubset(positions(paged, 37, 10, None))


def test_drawn_queries_send_only_documented_parameters_and_are_judged_against_the_model() -> None:
    spec = all_specs()["huawei-service-instances"]
    items = [
        {
            "id": f"id{n}",
            "name": f"svc-{n}",
            "type": "LLM_MODEL",
            "visibility": "PUBLIC",
            "create_time": f"2024-01-0{n + 1}T00:00:00Z",
        }
        for n in range(5)
    ]
    model = model_of(spec, items)
    space = query_space(spec, items, random.Random(1))
    documented = set(spec.parameters)

    @settings(max_examples=40, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(queries(space, model))
    def check(query: Query) -> None:
        assert {name for name, _ in query.params(spec.semantics)} <= documented
        model.predict(query)

    check()


def test_queries_shrink_towards_no_parameters() -> None:
    spec = all_specs()["huawei-endpoints"]
    items = [{"id": f"e{n}", "name": f"ep-{n}", "type": "service", "visibility": "PUBLIC"} for n in range(4)]
    model = model_of(spec, items)
    space = query_space(spec, items, random.Random(2))
    found = find(queries(space, model), lambda q: True, settings=settings(database=None))
    assert found.params(spec.semantics) == []
