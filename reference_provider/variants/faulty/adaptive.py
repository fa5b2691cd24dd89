"""Faulty variants that only data-adaptive and metamorphic tests catch.

The first three run on a 12-item deployment, where a suite sized for the reference's data used to
skip or pass; the others break a relation between two answers (explicit defaults, two page sizes,
a filter's parts, the two sort orders) or a field type deep in the walk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from ...paging import Window, offset_window
from ...pipeline import ListHandler, ListParams, Page, RequestContext
from ...records import Record
from ...sorting import Ordering
from ..conformant.data import SMALL_DEPLOYMENT, reshape_hook, small_deployment
from ..hooks import stage_hook
from ..registry import faulty, register
from ..wrappers import change_body, change_params

MISSING_SIZE_EVERY = 5


def _limit_ignored(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    params.window = offset_window(params.window.offset, handler.default_size)


def _second_page_by_default(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if "pageNumber" not in ctx.request.args:
        params.window = Window(offset=params.window.offset + params.window.size, size=params.window.size)


def _no_offset_second_page(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if "offset" not in ctx.request.args:
        params.window = offset_window(params.window.size, params.window.size)


def _explicit_size_oldest_first(params: ListParams, ctx: RequestContext, handler: ListHandler) -> None:
    if ctx.request.args.get("PageSize") not in (None, str(handler.default_size)) and params.ordering:
        params.ordering = dataclasses.replace(params.ordering, descending=not params.ordering.descending)


def _total_ignores_enum_filters(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def render_body(page: Page, params: ListParams, ctx: RequestContext) -> dict[str, Any]:
        body: dict[str, Any] = original(page, params, ctx)
        if any(f.param in ("type", "visibility") for f in params.filters):
            workspace = handler.datasets.huawei_endpoints.get(ctx.path_args.get("workspace_id", ""), ())
            body["total"] = len(workspace)
        return body

    return render_body


def _some_without_size(records: Sequence[Record], handler: ListHandler) -> Sequence[Record]:
    changed = []
    for record in records:
        if record.index % MISSING_SIZE_EVERY:
            changed.append(record)
            continue
        doc = {key: value for key, value in record.doc.items() if key != "size"}
        changed.append(dataclasses.replace(record, doc=doc))
    return changed


def _missing_size_first(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
    def order(records: list[Record], params: ListParams) -> list[Record]:
        ordered: list[Record] = original(records, params)
        ordering: Ordering | None = params.ordering
        if ordering is None or ordering.field != "size":
            return ordered
        # NULLs first in both directions: descending is then not ascending reversed.
        return [r for r in ordered if "size" not in r.doc] + [r for r in ordered if "size" in r.doc]

    return order


def _apply_nulls_first(app: Any) -> None:
    reshape_hook("zstack-model-services", _some_without_size)(app)
    stage_hook("zstack-model-services", "order", _missing_size_first)(app)


def _memory_text_on_late_default_pages(
    body: dict[str, Any], page: Page, params: ListParams, ctx: RequestContext
) -> None:
    """On pages 3+ of a default walk (PageNumber alone), the first service's Memory is a string: the
    walk reaches it, a fuzzed request with any other parameter never does."""
    args = ctx.request.args
    if set(args) != {"PageNumber"} or args.get("PageNumber", "") not in ("3", "4"):
        return
    services = body.get("Services") or []
    if services:
        first_service = dict(services[0])
        first_service["Memory"] = str(first_service.get("Memory"))
        body["Services"] = [first_service, *services[1:]]


ADAPTIVE_VARIANTS = [
    faulty(
        "zstack-small-limit-ignored",
        api="zstack-model-services",
        cls="pagination",
        description=(
            f"{SMALL_DEPLOYMENT} inventories; `limit` is ignored, every page is served at the default 1000 "
            "(a 12-item target used to skip the tests that catch it)"
        ),
        breaks="seed 003: limit sets the number of inventories served (x-list.pagination.size-param)",
        apply=small_deployment("zstack-model-services", ("parse_params", change_params(_limit_ignored))),
    ),
    faulty(
        "ha3-small-default-page-two",
        api="opensearch-ha3-models",
        cls="pagination",
        description=f"{SMALL_DEPLOYMENT} models; without pageNumber the second page is served",
        breaks="seed 004: pageNumber defaults to 1 (x-list.pagination.first-page)",
        apply=small_deployment(
            "opensearch-ha3-models", ("parse_params", change_params(_second_page_by_default))
        ),
    ),
    faulty(
        "huawei-instances-no-offset-second-page",
        api="huawei-service-instances",
        cls="pagination",
        description="without offset the second page is served (offset defaults to limit, not 0)",
        breaks="seed 000: offset defaults to 0 (provider-facts A, x-list default)",
        sole_catcher="test_documented_defaults_sent_explicitly_give_the_same_page",
        stage="parse_params",
        change=change_params(_no_offset_second_page),
    ),
    faulty(
        "pai-eas-explicit-size-oldest-first",
        api="pai-eas-services",
        cls="sort",
        description="with a PageSize other than 100 the list comes oldest first",
        breaks="seed 002: the order is CreateTime desc whatever the page size (x-list sort default)",
        sole_catcher="test_full_walks_at_two_page_sizes_agree",
        stage="parse_params",
        change=change_params(_explicit_size_oldest_first),
    ),
    faulty(
        "huawei-endpoints-filtered-total-unfiltered",
        api="huawei-endpoints",
        cls="pagination",
        description="with a type or visibility filter, total still counts every endpoint of the workspace",
        breaks="seed 001: total is the number of endpoints matching the query",
        sole_catcher="test_enum_filter_values_partition_the_list",
        stage="render_body",
        change=_total_ignores_enum_filters,
    ),
    faulty(
        "zstack-nulls-first-both-ways",
        api="zstack-model-services",
        cls="sort",
        description=(
            f"every {MISSING_SIZE_EVERY}th inventory has no size; sort=+size and sort=-size both list those "
            "first"
        ),
        breaks=(
            "seed 003 (provider-facts D): sort=+field ascends and -field descends the same order, reversed"
        ),
        sole_catcher="test_ascending_is_the_reverse_of_descending",
        apply=_apply_nulls_first,
    ),
    faulty(
        "pai-eas-late-page-memory-as-string",
        api="pai-eas-services",
        cls="type",
        description=(
            "on pages 3 and 4 of a default walk (PageNumber alone) the first service "
            "carries Memory as a string"
        ),
        breaks="seed 002: Memory is an integer",
        sole_catcher="test_every_item_matches_its_schema",
        stage="render_body",
        change=change_body(_memory_text_on_late_default_pages),
    ),
]

for _variant in ADAPTIVE_VARIANTS:
    register(_variant)
