"""The staging-sized conformant variants: lists of over 1,000 items where the default page holds 10, and
an answer time that differs per request (concurrent requests finish out of order)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from provider_client import ProviderClient, items_key

from reference_provider.variants import VARIANTS
from reference_provider.variants.conformant.data import ITEM_IDS, LARGE_LISTS
from reference_provider.variants.conformant.wire import JITTER_MAX_MS, jitter_ms

VariantProvider = Callable[[str], ProviderClient]
TOTAL = {
    "huawei-service-instances": "total",
    "huawei-endpoints": "total",
    "opensearch-ha3-models": "totalCount",
}
LARGE = {
    "ha3-large-list": ("opensearch-ha3-models",),
    "huawei-large-lists": ("huawei-service-instances", "huawei-endpoints"),
}


@pytest.mark.parametrize("name", [*LARGE, "latency-jitter"])
def test_the_records_are_conformant_and_name_their_silence(name: str) -> None:
    variant = VARIANTS[name]
    assert variant.conformant and not variant.breaks
    assert "silence" in variant.description


def test_large_lists_hold_over_a_thousand_items_on_ten_item_default_pages() -> None:
    assert all(count > 1000 for count in LARGE_LISTS.values())
    assert {api for apis in LARGE.values() for api in apis} == set(LARGE_LISTS)


@pytest.mark.parametrize(("name", "api"), [(name, api) for name, apis in LARGE.items() for api in apis])
def test_a_large_list_is_served_whole_and_consistently(
    variant_provider: VariantProvider, name: str, api: str
) -> None:
    client = variant_provider(name)
    first = client.json(api)
    assert first[TOTAL[api]] == LARGE_LISTS[api]
    assert len(first[items_key(api)]) == 10  # the default page
    items = client.walk(api)
    ids = {json.dumps(item[ITEM_IDS[api]]) for item in items}
    assert len(items) == len(ids) == LARGE_LISTS[api]
    assert variant_provider(name).walk(api) == items  # the same variant, the same items


def test_a_large_list_keeps_the_other_apis_and_the_documented_errors(
    variant_provider: VariantProvider, provider: ProviderClient
) -> None:
    client = variant_provider("ha3-large-list")
    assert client.json("huawei-endpoints") == provider.json("huawei-endpoints")
    assert client.get("opensearch-ha3-models", path_id="no-such-instance").status_code == 404
    huawei = variant_provider("huawei-large-lists")
    assert huawei.json("opensearch-ha3-models")["result"] == provider.json("opensearch-ha3-models")["result"]
    endpoint_ids = {item["id"] for item in huawei.walk("huawei-endpoints")}
    instances = huawei.walk("huawei-service-instances")
    # Instances name endpoints of the same deployment, as in the reference data.
    assert {item["endpoint_id"] for item in instances if item.get("endpoint_id")} <= endpoint_ids


def test_jitter_is_a_fixed_time_per_request_that_differs_between_pages() -> None:
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    def request(query: str) -> Request:
        return Request(
            EnvironBuilder(path="/openapi/ha3/instances/i/models", query_string=query).get_environ()
        )

    waits = [jitter_ms(request(f"pageNumber={page}&pageSize=10")) for page in range(1, 21)]
    assert all(0 <= wait <= JITTER_MAX_MS for wait in waits)
    assert len(set(waits)) > 5
    assert waits == [jitter_ms(request(f"pageNumber={page}&pageSize=10")) for page in range(1, 21)]


def test_jitter_delays_the_same_answers(variant_provider: VariantProvider, provider: ProviderClient) -> None:
    client = variant_provider("latency-jitter")
    pages = [client.json("opensearch-ha3-models", {"pageNumber": str(n)})["result"] for n in range(1, 5)]
    assert pages == [
        provider.json("opensearch-ha3-models", {"pageNumber": str(n)})["result"] for n in range(1, 5)
    ]
