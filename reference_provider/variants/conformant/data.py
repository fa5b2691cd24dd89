"""Conformant data shapes: the same rules over other data than the reference's 37/347/3217 items.

A suite sized for the reference's data skips or proves nothing on a small, empty, tied or sparse
target; each variant here is a realistic deployment the suite must pass (and test, not skip).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...data.ha3 import build_models
from ...data.huawei import build_endpoints, build_instances
from ...pipeline import ListHandler, RequestContext
from ...records import Record
from ..hooks import stage_hook, wrap_stage
from ..registry import conformant, register

Reshape = Callable[[Sequence[Record], ListHandler], Sequence[Record]]

# The item id each API's list is keyed by (specs' x-list.item-id): never dropped from an item.
ITEM_IDS: Mapping[str, str] = {
    "huawei-service-instances": "id",
    "huawei-endpoints": "id",
    "pai-eas-services": "ServiceId",
    "opensearch-ha3-models": "name",
    "zstack-model-services": "uuid",
}
# Each API's documented sort fields (x-list.sort) plus the other timestamps, by item field name.
SORT_KEYS: Mapping[str, tuple[str, ...]] = {
    "huawei-service-instances": ("create_time", "update_time", "duration"),
    "huawei-endpoints": ("create_time", "update_time"),
    "pai-eas-services": ("CreateTime", "UpdateTime"),
    "opensearch-ha3-models": ("createTime", "updateTime"),
    "zstack-model-services": ("createDate", "lastOpDate", "requestCpu", "requestMemory", "size"),
}
TIE_GROUP = 4
SMALL_DEPLOYMENT = 12
MANY_PAGES_COUNT = 250
# A production account's worth of items on the APIs whose default page holds 10: over 100 default
# pages each, more than a walk bounded by a page count would ever read.
LARGE_LISTS: Mapping[str, int] = {
    "huawei-service-instances": 1111,
    "huawei-endpoints": 1050,
    "opensearch-ha3-models": 1234,
}


def reshape_hook(scope: str, reshape: Reshape) -> Callable[[Any], None]:
    """A variant `apply`: every handler in scope serves reshape(records) of the scope it resolves.

    The reshaped tuple is built once per original tuple (datasets are shared and immutable), so
    records keep their identity between requests and pages stay consistent.
    """

    def wrapper(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
        built: dict[int, tuple[Sequence[Record], Sequence[Record]]] = {}

        def resolve_scope(ctx: RequestContext) -> Sequence[Record]:
            records: Sequence[Record] = original(ctx)
            key = id(records)
            if key not in built:
                built[key] = (records, tuple(reshape(records, handler)))  # keep `records` alive
            return built[key][1]

        return resolve_scope

    return stage_hook(scope, "resolve_scope", wrapper)


def small_deployment(scope: str, *stages: tuple[str, Callable[..., Any]]) -> Callable[[Any], None]:
    """A 12-item deployment of `scope`, with some stages changed: small enough that a page size above
    the default reaches every item."""

    def apply(app: Any) -> None:
        reshape_hook(scope, first(SMALL_DEPLOYMENT))(app)
        for stage, wrapper in stages:
            stage_hook(scope, stage, wrapper)(app)

    return apply


def first(count: int | Callable[[ListHandler], int]) -> Reshape:
    """The `count` first-created records (a smaller deployment of the same data)."""

    def reshape(records: Sequence[Record], handler: ListHandler) -> Sequence[Record]:
        wanted = count(handler) if callable(count) else count
        return records[:wanted]

    return reshape


def _without_optional_fields(records: Sequence[Record], handler: ListHandler) -> Sequence[Record]:
    # The item schemas require no field (specs/NOTES.md "required only on the list envelope"): every
    # other item keeps only its id; filters and sorts see the same sparse item the client sees.
    keep = ITEM_IDS[handler.api]
    sparse = []
    for record in records:
        if record.index % 2:
            sparse.append(record)
            continue
        doc = {keep: record.doc[keep]}
        sparse.append(dataclasses.replace(record, doc=doc, keys={}))
    return sparse


def _tied_sort_keys(records: Sequence[Record], handler: ListHandler) -> Sequence[Record]:
    # Groups of TIE_GROUP consecutive items share every sort key (the group leader's values).
    fields = SORT_KEYS[handler.api]
    tied = []
    for position, record in enumerate(records):
        leader = records[position - position % TIE_GROUP]
        doc = dict(record.doc)
        keys = dict(record.keys)
        for field in fields:
            if field in leader.doc:
                doc[field] = leader.doc[field]
            if field in leader.keys:
                keys[field] = leader.keys[field]
        tied.append(dataclasses.replace(record, doc=doc, keys=keys))
    return tied


def other_deployment(counts: Mapping[str, int], seed: int) -> Callable[[Any], None]:
    """A variant `apply`: Huawei instances, endpoints and HA3 models (those in `counts`) replaced by
    another deployment's `counts[api]` items, generated from `seed` (the same seed, the same items)."""

    def apply(app: Any) -> None:
        # Instances name endpoints, so the endpoints are built whenever either Huawei list is replaced;
        # their hidden model ids (the model_id filter) travel with the replacement records.
        endpoint_count = counts.get("huawei-endpoints", counts.get("huawei-service-instances"))
        endpoints = build_endpoints(seed + 1, endpoint_count)[0] if endpoint_count else []
        for api, count in counts.items():
            if api == "huawei-endpoints":
                records = endpoints
            elif api == "huawei-service-instances":
                records = build_instances(seed + 2, count, [str(r.doc["id"]) for r in endpoints])
            else:
                records = build_models(seed + 4, count)
            wrap_stage(app.handlers[api], "resolve_scope", _serving(tuple(records)))

    return apply


def _serving(
    replacement: Sequence[Record],
) -> Callable[[Callable[..., Any], ListHandler], Callable[..., Any]]:
    def wrapper(original: Callable[..., Any], handler: ListHandler) -> Callable[..., Any]:
        def resolve_scope(ctx: RequestContext) -> Sequence[Record]:
            original(ctx)  # unknown workspaces and instances keep their documented errors
            return replacement

        return resolve_scope

    return wrapper


def _default_size(handler: ListHandler) -> int:
    return handler.default_size


def _one_more_than_a_page(handler: ListHandler) -> int:
    return handler.default_size + 1


DATA_VARIANTS = [
    conformant(
        "empty-lists",
        api="all",
        cls="data",
        description=(
            "every API lists no item at all (total 0); silence: no document requires a non-empty list"
        ),
        apply=reshape_hook("all", first(0)),
    ),
    conformant(
        "seven-items",
        api="all",
        cls="data",
        description=(
            "7 items per API, fewer than one default page of any API; silence: the documents fix no data size"
        ),
        apply=reshape_hook("all", first(7)),
    ),
    conformant(
        "twelve-items",
        api="all",
        cls="data",
        description=(
            "12 items per API (one page and a bit for Huawei/HA3, part of one page for PAI-EAS/ZStack); "
            "silence: the documents fix no data size"
        ),
        apply=reshape_hook("all", first(SMALL_DEPLOYMENT)),
    ),
    conformant(
        "exactly-one-page",
        api="all",
        cls="data",
        description=(
            "exactly one default page of items per API (10, 10, 100, 10, 1000), the walk ends on a full "
            "page; silence: the documents fix no data size"
        ),
        apply=reshape_hook("all", first(_default_size)),
    ),
    conformant(
        "one-more-than-a-page",
        api="all",
        cls="data",
        description=(
            "one default page plus one item per API, the last page holds one; silence: no data size is fixed"
        ),
        apply=reshape_hook("all", first(_one_more_than_a_page)),
    ),
    conformant(
        "many-pages",
        api="all",
        cls="data",
        description=f"{MANY_PAGES_COUNT} Huawei instances, endpoints and HA3 models: 25 default pages each "
        "(PAI-EAS and ZStack already serve 4); silence: the documents fix no data size",
        apply=other_deployment(
            {
                "huawei-service-instances": MANY_PAGES_COUNT,
                "huawei-endpoints": MANY_PAGES_COUNT,
                "opensearch-ha3-models": MANY_PAGES_COUNT,
            },
            9000,
        ),
    ),
    conformant(
        "ha3-large-list",
        api="opensearch-ha3-models",
        cls="data",
        description=f"{LARGE_LISTS['opensearch-ha3-models']:,} HA3 models: "
        f"{math.ceil(LARGE_LISTS['opensearch-ha3-models'] / 10)} pages at the default pageSize 10, and no "
        "documented maximum to read them faster; silence: the documents fix no data size",
        apply=other_deployment({"opensearch-ha3-models": LARGE_LISTS["opensearch-ha3-models"]}, 9100),
    ),
    conformant(
        "huawei-large-lists",
        api="huawei",
        cls="data",
        description=f"{LARGE_LISTS['huawei-service-instances']:,} service instances and "
        f"{LARGE_LISTS['huawei-endpoints']:,} endpoints: over 100 pages each at the default limit 10, "
        "12 and 11 at the largest limit 100; silence: the documents fix no data size",
        apply=other_deployment(
            {api: LARGE_LISTS[api] for api in ("huawei-service-instances", "huawei-endpoints")}, 9200
        ),
    ),
    conformant(
        "sparse-optional-fields",
        api="all",
        cls="data",
        description="every other item carries only its id; silence: the item schemas require no field "
        "(specs/NOTES.md, rules that hold for every spec, row 1)",
        apply=reshape_hook("all", _without_optional_fields),
    ),
    conformant(
        "ties-on-sort-keys",
        api="all",
        cls="data",
        description=(
            f"groups of {TIE_GROUP} items share every sort key and timestamp; silence: no document orders "
            "ties, so any order among equal keys is conformant while pages stay consistent"
        ),
        apply=reshape_hook("all", _tied_sort_keys),
    ),
]

for _variant in DATA_VARIANTS:
    register(_variant)
