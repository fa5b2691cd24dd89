"""Faulty variants of filtering: ignored, inverted or mismatched filters, OR for AND, labels, ZStack q."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ...apis.zstack import QUERYABLE_FIELDS
from ...filtering import Filter, label_map, rebuild
from ...pipeline import ListHandler, ListParams, RequestContext
from ...records import Record
from ...zstack_query import Condition, compile_condition, parse_condition
from ..registry import faulty, register
from ..wrappers import change_params

FilterChange = Callable[[Filter], Filter | None]  # None drops the filter


def _each_filter(param: str, change: FilterChange) -> Any:
    """A parse_params wrapper that changes (or drops) every filter of one query parameter."""

    def edit(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        edited = [change(f) if f.param == param else f for f in params.filters]
        params.filters = [f for f in edited if f is not None]

    return change_params(edit)


def _negated(original: Filter) -> Filter:
    def test(record: Record) -> bool:
        return not original.test(record)

    return Filter(original.param, original.kind, original.field, original.value, test)


def _ored(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if len(params.filters) < 2:
        return
    tests = [f.test for f in params.filters]
    first = params.filters[0]
    combined = Filter(first.param, first.kind, first.field, first.value, lambda r: any(t(r) for t in tests))
    params.filters = [combined]


def _label_value_ignored(original: Filter) -> Filter:
    return label_map(original.param, original.field or "Labels", dict.fromkeys(original.value))


def _label_key_only_literal(original: Filter) -> Filter:
    wanted: Mapping[str, str | None] = original.value

    def test(record: Record) -> bool:
        present = {label.get("LabelKey"): label.get("LabelValue") for label in record.doc.get("Labels") or []}
        # A null or "" value is compared literally instead of meaning "any value".
        return all(key in present and present[key] == value for key, value in wanted.items())

    return Filter(original.param, original.kind, original.field, original.value, test)


def _q_rewrite(rewrite: Callable[[Condition], Condition | None]) -> Any:
    """Rebuild each `q` condition after `rewrite` changed its operator or value (None: keep it)."""

    def edit(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
        rebuilt = []
        for flt in params.filters:
            if flt.kind == "zstack-q":
                changed = rewrite(parse_condition(flt.value))
                if changed is not None:
                    flt = compile_condition(changed, QUERYABLE_FIELDS, flt.value)
            rebuilt.append(flt)
        params.filters = rebuilt

    return change_params(edit)


def _op(source: str, target: str, value: Callable[[str], str] = lambda v: v) -> Any:
    def rewrite(condition: Condition) -> Condition | None:
        if condition.operator != source:
            return None
        return Condition(condition.field, target, value(condition.value))

    return _q_rewrite(rewrite)


def _only_first_q(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    conditions = [f for f in params.filters if f.kind == "zstack-q"]
    params.filters = [f for f in params.filters if f.kind != "zstack-q" or f is conditions[0]]


FILTER_VARIANTS = [
    faulty(
        "huawei-instances-name-exact",
        api="huawei-service-instances",
        cls="filter",
        description="the fuzzy `name` filter matches whole names only",
        breaks="seed 000: name is a fuzzy match (x-list filter name: substring)",
        sole_catcher="test_filter_returns_exactly_the_matching_items",
        stage="parse_params",
        change=_each_filter("name", lambda f: rebuild(f, "exact")),
    ),
    faulty(
        "huawei-instances-filters-ored",
        api="huawei-service-instances",
        cls="filter",
        description="two filters select items matching either one (OR)",
        breaks="seed 000: filters combine, every one must hold",
        sole_catcher="test_two_filters_combine_as_and",
        stage="parse_params",
        change=change_params(_ored),
    ),
    faulty(
        "huawei-endpoints-type-ignored",
        api="huawei-endpoints",
        cls="filter",
        description="the `type` filter is ignored",
        breaks="seed 001: type filters endpoints by type (x-list filter type: exact)",
        stage="parse_params",
        change=_each_filter("type", lambda f: None),
    ),
    faulty(
        "huawei-endpoints-visibility-inverted",
        api="huawei-endpoints",
        cls="filter",
        description="visibility=PRIVATE lists the PUBLIC endpoints and vice versa",
        breaks="seed 001: visibility filters endpoints by visibility (x-list filter visibility: exact)",
        stage="parse_params",
        change=_each_filter("visibility", _negated),
    ),
    faulty(
        "pai-eas-label-value-ignored",
        api="pai-eas-services",
        cls="filter",
        description="Label matches on the key alone, whatever value is asked",
        breaks="seed 002: Label {key: value} needs the key with that value (x-list filter Label: label-map)",
        sole_catcher="test_label_filter_matches_key_and_value",
        stage="parse_params",
        change=_each_filter("Label", _label_value_ignored),
    ),
    faulty(
        "ha3-name-inverted",
        api="opensearch-ha3-models",
        cls="filter",
        description="the `name` filter lists the models whose name does NOT match",
        breaks="seed 004: name selects the models with that name",
        stage="parse_params",
        change=_each_filter("name", _negated),
    ),
    faulty(
        "ha3-type-ignored",
        api="opensearch-ha3-models",
        cls="filter",
        description="the `type` filter is ignored",
        breaks="seed 004: type selects the models of that type (x-list filter type: exact)",
        stage="parse_params",
        change=_each_filter("type", lambda f: None),
    ),
    faulty(
        "zstack-q-ne-as-eq",
        api="zstack-model-services",
        cls="filter",
        description="q `!=` is evaluated as `=`",
        breaks="seed 003: q operator != means not equal",
        sole_catcher="test_query_condition_operator",
        stage="parse_params",
        change=_op("!=", "="),
    ),
    faulty(
        "zstack-q-gt-as-ge",
        api="zstack-model-services",
        cls="filter",
        description="q `>` is evaluated as `>=`",
        breaks="seed 003: q operator > means strictly greater",
        stage="parse_params",
        change=_op(">", ">="),
    ),
    faulty(
        "zstack-q-like-as-exact",
        api="zstack-model-services",
        cls="filter",
        description="q `~=` compares the pattern literally instead of as SQL LIKE",
        breaks="seed 003: q operator ~= is SQL LIKE with % wildcards",
        stage="parse_params",
        change=_op("~=", "="),
    ),
    faulty(
        "zstack-q-in-first-only",
        api="zstack-model-services",
        cls="filter",
        description="q `?=` only matches the first value of its comma list",
        breaks="seed 003: q operator ?= is IN over the whole comma-separated list",
        stage="parse_params",
        change=_op("?=", "=", lambda v: v.split(",")[0]),
    ),
    faulty(
        "zstack-q-is-null-inverted",
        api="zstack-model-services",
        cls="filter",
        description="q `is null` selects the inventories where the field is set",
        breaks="seed 003: q `<field> is null` selects inventories without the field",
        stage="parse_params",
        change=_op("is null", "not null"),
    ),
    faulty(
        "zstack-q-only-first-condition",
        api="zstack-model-services",
        cls="filter",
        description="only the first q condition applies; the others are ignored",
        breaks="seed 003: repeated q conditions are ANDed",
        stage="parse_params",
        change=change_params(_only_first_q),
    ),
    faulty(
        "pai-eas-label-key-only-literal",
        api="pai-eas-services",
        cls="api-specific",
        description=(
            'Label {key: null} or {key: ""} compares the value literally instead of matching the key alone'
        ),
        breaks="seed 002: a null or empty Label value means filter by key only",
        stage="parse_params",
        change=_each_filter("Label", _label_key_only_literal),
    ),
]

for _variant in FILTER_VARIANTS:
    register(_variant)
