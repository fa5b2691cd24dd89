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
from ..registry import Variant, register
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
    Variant(
        "zstack-small-limit-ignored",
        "zstack-model-services",
        "pagination",
        f"{SMALL_DEPLOYMENT} inventories; `limit` is ignored, every page is served at the default 1000 "
        "(a 12-item target used to skip the tests that catch it)",
        "seed 003: limit sets the number of inventories served (x-list.pagination.size-param)",
        False,
        small_deployment("zstack-model-services", ("parse_params", change_params(_limit_ignored))),
    ),
    Variant(
        "ha3-small-default-page-two",
        "opensearch-ha3-models",
        "pagination",
        f"{SMALL_DEPLOYMENT} models; without pageNumber the second page is served",
        "seed 004: pageNumber defaults to 1 (x-list.pagination.first-page)",
        False,
        small_deployment("opensearch-ha3-models", ("parse_params", change_params(_second_page_by_default))),
    ),
    Variant(
        "huawei-instances-no-offset-second-page",
        "huawei-service-instances",
        "pagination",
        "without offset the second page is served (offset defaults to limit, not 0) "
        "(meant to be caught by test_documented_defaults_sent_explicitly_give_the_same_page alone)",
        "seed 000: offset defaults to 0 (provider-facts A, x-list default)",
        False,
        stage_hook("huawei-service-instances", "parse_params", change_params(_no_offset_second_page)),
    ),
    Variant(
        "pai-eas-explicit-size-oldest-first",
        "pai-eas-services",
        "sort",
        "with a PageSize other than 100 the list comes oldest first "
        "(meant to be caught by test_full_walks_at_two_page_sizes_agree alone)",
        "seed 002: the order is CreateTime desc whatever the page size (x-list sort default)",
        False,
        stage_hook("pai-eas-services", "parse_params", change_params(_explicit_size_oldest_first)),
    ),
    Variant(
        "huawei-endpoints-filtered-total-unfiltered",
        "huawei-endpoints",
        "pagination",
        "with a type or visibility filter, total still counts every endpoint of the workspace "
        "(meant to be caught by test_enum_filter_values_partition_the_list alone)",
        "seed 001: total is the number of endpoints matching the query",
        False,
        stage_hook("huawei-endpoints", "render_body", _total_ignores_enum_filters),
    ),
    Variant(
        "zstack-nulls-first-both-ways",
        "zstack-model-services",
        "sort",
        f"every {MISSING_SIZE_EVERY}th inventory has no size; sort=+size and sort=-size both list those "
        "first (meant to be caught by test_ascending_is_the_reverse_of_descending alone)",
        "seed 003 (provider-facts D): sort=+field ascends and -field descends the same order, reversed",
        False,
        _apply_nulls_first,
    ),
    Variant(
        "pai-eas-late-page-memory-as-string",
        "pai-eas-services",
        "type",
        "on pages 3 and 4 of a default walk (PageNumber alone) the first service carries Memory as a "
        "string "
        "(meant to be caught by test_every_item_matches_its_schema alone)",
        "seed 002: Memory is an integer",
        False,
        stage_hook("pai-eas-services", "render_body", change_body(_memory_text_on_late_default_pages)),
    ),
]

for _variant in ADAPTIVE_VARIANTS:
    register(_variant)
