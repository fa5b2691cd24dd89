"""The conformance-space catalogue: each data, wire and validation variant does what it says."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from provider_client import ProviderClient, items_key

from reference_provider.apis import API_NAMES
from reference_provider.variants import VARIANTS
from reference_provider.variants.conformant.data import ITEM_IDS, MANY_PAGES_COUNT
from reference_provider.variants.conformant.wire import RATE_LIMIT_EVERY

VariantProvider = Callable[[str], ProviderClient]
NEW_CONFORMANT = {
    "empty-lists",
    "seven-items",
    "twelve-items",
    "exactly-one-page",
    "one-more-than-a-page",
    "many-pages",
    "sparse-optional-fields",
    "ties-on-sort-keys",
    "json-pretty",
    "json-keys-sorted",
    "json-keys-reversed",
    "chunked-transfer",
    "connection-close",
    "json-charset-parameter",
    "rate-limit-every-7th",
    "timestamps-with-offsets",
}
ORIGINAL_CONFORMANT = {"extra-fields", "clamp-page-size", "gzip", "latency-50ms", "empty-workspace"}
TOTAL = {
    "huawei-service-instances": "total",
    "huawei-endpoints": "total",
    "pai-eas-services": "TotalCount",
    "opensearch-ha3-models": "totalCount",
}


def total_of(client: ProviderClient, api: str) -> int:
    if api == "zstack-model-services":
        return int(client.json(api, {"replyWithCount": "true", "limit": "1"})["total"])
    return int(client.json(api)[TOTAL[api]])


def test_every_conformant_variant_names_the_silence_it_explores() -> None:
    conformant = {name: v for name, v in VARIANTS.items() if v.conformant}
    assert set(conformant) >= NEW_CONFORMANT
    assert len(conformant) >= 35
    for name, variant in conformant.items():
        assert name in ORIGINAL_CONFORMANT or "silence" in variant.description, name


@pytest.mark.parametrize(
    ("name", "count"),
    [("empty-lists", 0), ("seven-items", 7), ("twelve-items", 12)],
)
def test_small_deployments(variant_provider: VariantProvider, name: str, count: int) -> None:
    client = variant_provider(name)
    for api in API_NAMES:
        assert total_of(client, api) == count, api
        assert len(client.walk(api)) == count, api


def test_page_sized_deployments(variant_provider: VariantProvider) -> None:
    one_page, one_more = variant_provider("exactly-one-page"), variant_provider("one-more-than-a-page")
    for api, default in (
        ("huawei-service-instances", 10),
        ("pai-eas-services", 100),
        ("opensearch-ha3-models", 10),
        ("zstack-model-services", 1000),
    ):
        assert total_of(one_page, api) == default, api
        assert total_of(one_more, api) == default + 1, api


def test_many_pages(variant_provider: VariantProvider) -> None:
    client = variant_provider("many-pages")
    for api in ("huawei-service-instances", "huawei-endpoints", "opensearch-ha3-models"):
        assert total_of(client, api) == MANY_PAGES_COUNT
        items = client.walk(api)
        assert len({json.dumps(item[ITEM_IDS[api]]) for item in items}) == MANY_PAGES_COUNT


def test_sparse_items_keep_their_id(variant_provider: VariantProvider) -> None:
    client = variant_provider("sparse-optional-fields")
    for api in API_NAMES:
        items = client.walk(api)
        bare = [item for item in items if set(item) == {ITEM_IDS[api]}]
        assert bare and len(bare) < len(items), api


def test_ties_share_every_sort_key(variant_provider: VariantProvider) -> None:
    items = variant_provider("ties-on-sort-keys").walk("huawei-service-instances", {"sort_by": "DURATION"})
    durations = [item["duration"] for item in items]
    assert len(set(durations)) < len(durations)
    assert durations == sorted(durations, reverse=True)


def test_json_formatting_variants_keep_the_document(
    variant_provider: VariantProvider, provider: ProviderClient
) -> None:
    expected = provider.json("opensearch-ha3-models")["result"]
    pretty = variant_provider("json-pretty").get("opensearch-ha3-models")
    assert b"\n  " in pretty.get_data()
    assert pretty.json["result"] == expected
    reversed_keys = variant_provider("json-keys-reversed").get("opensearch-ha3-models")
    assert list(reversed_keys.json) == list(reversed(list(provider.json("opensearch-ha3-models"))))
    assert list(variant_provider("json-keys-sorted").json("opensearch-ha3-models")) == sorted(
        provider.json("opensearch-ha3-models")
    )


def test_wire_headers(variant_provider: VariantProvider) -> None:
    assert "Content-Length" not in variant_provider("chunked-transfer").get("zstack-model-services").headers
    assert variant_provider("connection-close").get("opensearch-ha3-models").headers["Connection"] == "close"
    charset = variant_provider("json-charset-parameter").get("pai-eas-services")
    assert charset.headers["Content-Type"] == "application/json;charset=UTF-8"


def test_rate_limit_is_deterministic(variant_provider: VariantProvider) -> None:
    client = variant_provider("rate-limit-every-7th")
    statuses = [client.get("opensearch-ha3-models").status_code for _ in range(2 * RATE_LIMIT_EVERY)]
    assert [index + 1 for index, status in enumerate(statuses) if status == 429] == [7, 14]
    refused = [client.get("opensearch-ha3-models") for _ in range(RATE_LIMIT_EVERY)][-1]
    assert refused.status_code == 429 and refused.headers["Retry-After"] in ("0", "1")


def test_timestamps_with_offsets(variant_provider: VariantProvider, provider: ProviderClient) -> None:
    client = variant_provider("timestamps-with-offsets")
    assert client.json("huawei-service-instances")["service_instances"][0]["create_time"].endswith("+08:00")
    assert client.json("pai-eas-services")["Services"][0]["CreateTime"].endswith("+00:00")
    assert client.json("opensearch-ha3-models")["result"] == provider.json("opensearch-ha3-models")["result"]


def test_lenient_unknown_enum_filter_values(variant_provider: VariantProvider) -> None:
    huawei = variant_provider("huawei-unknown-enum-filter-empty")
    assert huawei.json("huawei-endpoints", {"visibility": "AAA"}) == {"total": 0, "endpoints": []}
    pai = variant_provider("pai-eas-unknown-enum-filter-empty")
    body = pai.json("pai-eas-services", {"TrafficState": "AAA"})
    assert (body["TotalCount"], body["Services"]) == (0, [])


def test_label_with_non_string_value(variant_provider: VariantProvider, provider: ProviderClient) -> None:
    label = json.dumps({"key1": 1})
    assert provider.get("pai-eas-services", {"Label": label}).status_code == 400
    assert (
        variant_provider("pai-eas-label-any-json-value").get("pai-eas-services", {"Label": label}).status_code
        == 200
    )


def test_strict_choices_answer_documented_errors(variant_provider: VariantProvider) -> None:
    ha3 = variant_provider("ha3-strict-model-type").get("opensearch-ha3-models", {"type": "no_such_type"})
    assert ha3.status_code == 400 and ha3.json["code"] == "InvalidParameter"
    zstack = variant_provider("zstack-unknown-sort-503").get(
        "zstack-model-services", {"sort": "+noSuchField"}
    )
    assert zstack.status_code == 503 and zstack.json["error"]["code"]
    ignored = variant_provider("zstack-unknown-sort-ignored").get(
        "zstack-model-services", {"sort": "+noSuchField"}
    )
    assert ignored.status_code == 200
    order = variant_provider("pai-eas-strict-order").get("pai-eas-services", {"Order": "ASC"})
    assert order.status_code == 400 and order.json["Code"] == "InvalidParameter"


def test_clamped_paging(variant_provider: VariantProvider) -> None:
    key = items_key("opensearch-ha3-models")
    page = variant_provider("ha3-clamp-paging").json(
        "opensearch-ha3-models", {"pageNumber": "0", "pageSize": "0"}
    )
    assert len(page[key]) == 10
    zstack = variant_provider("zstack-clamp-negative-paging").json("zstack-model-services", {"limit": "-1"})
    assert len(zstack["inventories"]) == 1000


def test_adaptive_faults_run_on_twelve_items(variant_provider: VariantProvider) -> None:
    capped = variant_provider("ha3-small-page-size-capped-10")
    assert total_of(capped, "opensearch-ha3-models") == 12
    assert len(capped.json("opensearch-ha3-models", {"pageSize": "13"})["result"]) == 10
    assert len(capped.json("opensearch-ha3-models", {"pageSize": "4"})["result"]) == 4
    rejected = variant_provider("pai-eas-page-size-above-100-rejected")
    assert rejected.get("pai-eas-services", {"PageSize": "101"}).json["Code"] == "InvalidParameter"
    assert len(rejected.json("pai-eas-services", {"PageSize": "100"})["Services"]) == 100
    ignored = variant_provider("zstack-small-limit-ignored").json("zstack-model-services", {"limit": "4"})
    assert len(ignored["inventories"]) == 12
    page_two = variant_provider("ha3-small-default-page-two")
    assert len(page_two.json("opensearch-ha3-models")["result"]) == 2


def test_fuzzy_free_text_filters(variant_provider: VariantProvider, provider: ProviderClient) -> None:
    fuzzy = variant_provider("pai-eas-service-name-fuzzy")
    assert fuzzy.json("pai-eas-services", {"ServiceName": "QWEN"})["TotalCount"] > 0
    assert provider.json("pai-eas-services", {"ServiceName": "qwen"})["TotalCount"] == 0


def test_endpoints_without_a_request_id(variant_provider: VariantProvider) -> None:
    plain = variant_provider("huawei-endpoints-no-request-id")
    assert "X-Request-Id" not in plain.get("huawei-endpoints").headers
    assert "X-Request-Id" in plain.get("huawei-endpoints", {"limit": "abc"}).headers  # errors keep it


def test_a_page_past_the_end_rejected(variant_provider: VariantProvider) -> None:
    strict = variant_provider("ha3-past-end-rejected")
    assert strict.get("opensearch-ha3-models", {"pageNumber": "5"}).json["code"] == "InvalidParameter"
    assert len(strict.json("opensearch-ha3-models", {"pageNumber": "4"})["result"]) == 7
