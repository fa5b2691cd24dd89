"""Pagination arithmetic, defaults and bounds of every API."""

from __future__ import annotations

import pytest
from provider_client import ProviderClient


@pytest.mark.parametrize("api", ["huawei-service-instances", "huawei-endpoints"])
class TestHuaweiOffsetLimit:
    def items(self, provider: ProviderClient, api: str, **params: object) -> tuple[int, list[str]]:
        key = "service_instances" if api == "huawei-service-instances" else "endpoints"
        body = provider.json(api, {name: str(value) for name, value in params.items()})
        return body["total"], [item["id"] for item in body[key]]

    def test_default_page_is_the_first_ten(self, provider: ProviderClient, api: str) -> None:
        total, ids = self.items(provider, api)
        assert total == 37
        assert len(ids) == 10
        assert self.items(provider, api, offset=0, limit=10)[1] == ids

    def test_offset_pages_tile_the_walk(self, provider: ProviderClient, api: str) -> None:
        _, everything = self.items(provider, api, limit=100)
        assert len(everything) == 37
        pages = [self.items(provider, api, offset=offset, limit=10)[1] for offset in range(0, 40, 10)]
        assert [len(page) for page in pages] == [10, 10, 10, 7]  # partial last page
        assert [item for page in pages for item in page] == everything
        assert self.items(provider, api, offset=5, limit=3)[1] == everything[5:8]

    def test_past_the_end_is_empty_with_total_kept(self, provider: ProviderClient, api: str) -> None:
        assert self.items(provider, api, offset=37) == (37, [])
        assert self.items(provider, api, offset=1_000_000_000) == (37, [])

    @pytest.mark.parametrize("limit", [1, 100])
    def test_limit_bounds_are_accepted(self, provider: ProviderClient, api: str, limit: int) -> None:
        assert len(self.items(provider, api, limit=limit)[1]) == min(limit, 37)

    @pytest.mark.parametrize(
        "params",
        [{"limit": "0"}, {"limit": "101"}, {"limit": "-1"}, {"offset": "-1"}],
    )
    def test_out_of_range_is_rejected(
        self, provider: ProviderClient, api: str, params: dict[str, str]
    ) -> None:
        response = provider.get(api, params)
        assert response.status_code == 400
        assert response.json["error_code"] == "common.01000001"

    @pytest.mark.parametrize("params", [{"limit": "abc"}, {"offset": "1.5"}, {"limit": "99999999999"}])
    def test_non_integers_are_type_mismatches(
        self, provider: ProviderClient, api: str, params: dict[str, str]
    ) -> None:
        response = provider.get(api, params)
        assert response.status_code == 400
        assert response.json["error_code"] == "common.01000001"
        assert "Type mismatch" in response.json["error_msg"]


def test_only_the_instances_offset_has_a_maximum(provider: ProviderClient) -> None:
    assert provider.get("huawei-service-instances", {"offset": "1000000001"}).status_code == 400
    assert provider.json("huawei-endpoints", {"offset": "2147483647"}) == {"total": 37, "endpoints": []}


class TestPaiEasPages:
    def test_defaults_and_echo(self, provider: ProviderClient) -> None:
        body = provider.json("pai-eas-services")
        assert (body["PageNumber"], body["PageSize"], body["TotalCount"]) == (1, 100, 347)
        assert len(body["Services"]) == 100
        assert body["RequestId"]

    def test_pages_tile_and_end_partially(self, provider: ProviderClient) -> None:
        everything = [
            item["ServiceId"] for item in provider.json("pai-eas-services", {"PageSize": "1000"})["Services"]
        ]
        assert len(everything) == 347
        pages = [
            provider.json("pai-eas-services", {"PageNumber": str(page)})["Services"] for page in range(1, 5)
        ]
        assert [len(page) for page in pages] == [100, 100, 100, 47]
        assert [item["ServiceId"] for page in pages for item in page] == everything
        third = provider.json("pai-eas-services", {"PageNumber": "3", "PageSize": "7"})
        assert [item["ServiceId"] for item in third["Services"]] == everything[14:21]
        assert (third["PageNumber"], third["PageSize"]) == (3, 7)

    def test_past_the_end(self, provider: ProviderClient) -> None:
        body = provider.json("pai-eas-services", {"PageNumber": "99"})
        assert body["Services"] == []
        assert body["TotalCount"] == 347
        assert body["PageNumber"] == 99

    def test_no_maximum_page_size(self, provider: ProviderClient) -> None:
        body = provider.json("pai-eas-services", {"PageSize": "50000"})
        assert len(body["Services"]) == 347
        assert body["PageSize"] == 50000

    @pytest.mark.parametrize(
        "params", [{"PageNumber": "0"}, {"PageSize": "0"}, {"PageSize": "-3"}, {"PageSize": "x"}]
    )
    def test_bad_pages_are_rejected(self, provider: ProviderClient, params: dict[str, str]) -> None:
        response = provider.get("pai-eas-services", params)
        assert response.status_code == 400
        assert response.json["Code"] == "InvalidParameter"


class TestHa3Pages:
    def test_defaults(self, provider: ProviderClient) -> None:
        body = provider.json("opensearch-ha3-models")
        assert body["totalCount"] == 37
        assert len(body["result"]) == 10

    def test_pages_tile(self, provider: ProviderClient) -> None:
        everything = [
            item["name"] for item in provider.json("opensearch-ha3-models", {"pageSize": "100"})["result"]
        ]
        pages = [
            provider.json("opensearch-ha3-models", {"pageNumber": str(page)})["result"]
            for page in range(1, 6)
        ]
        assert [len(page) for page in pages] == [10, 10, 10, 7, 0]
        assert [item["name"] for page in pages for item in page] == everything

    @pytest.mark.parametrize("params", [{"pageNumber": "0"}, {"pageSize": "0"}, {"pageSize": "ten"}])
    def test_bad_pages_are_rejected(self, provider: ProviderClient, params: dict[str, str]) -> None:
        response = provider.get("opensearch-ha3-models", params)
        assert response.status_code == 400
        assert response.json["code"] == "InvalidParameter"
        assert response.json["httpCode"] == 400


class TestZStackStartLimit:
    def test_default_limit_is_1000(self, provider: ProviderClient) -> None:
        body = provider.json("zstack-model-services")
        assert len(body["inventories"]) == 1000
        assert "total" not in body

    def test_start_and_limit(self, provider: ProviderClient) -> None:
        everything = [item["uuid"] for item in provider.walk("zstack-model-services")]
        assert len(everything) == 3217
        last = provider.json("zstack-model-services", {"start": "3000"})["inventories"]
        assert [item["uuid"] for item in last] == everything[3000:]
        window = provider.json("zstack-model-services", {"start": "10", "limit": "5"})["inventories"]
        assert [item["uuid"] for item in window] == everything[10:15]
        assert provider.json("zstack-model-services", {"limit": "0"})["inventories"] == []

    def test_past_the_end_keeps_the_total(self, provider: ProviderClient) -> None:
        body = provider.json("zstack-model-services", {"start": "5000", "replyWithCount": "true"})
        assert body["inventories"] == []
        assert body["total"] == 3217

    @pytest.mark.parametrize("params", [{"limit": "x"}, {"start": "1.0"}, {"limit": "-1"}, {"start": "-5"}])
    def test_bad_values_are_plain_text_400(self, provider: ProviderClient, params: dict[str, str]) -> None:
        response = provider.get("zstack-model-services", params)
        assert response.status_code == 400
        assert response.mimetype == "text/plain"


@pytest.mark.parametrize(
    ("api", "query"),
    [
        ("huawei-service-instances", "limit="),
        ("huawei-endpoints", "offset="),
        ("huawei-service-instances", "type="),
        ("pai-eas-services", "PageNumber=&PageNumber=2"),
        ("pai-eas-services", "PageSize=5&PageSize=6"),
        ("pai-eas-services", "ResourceBurstable="),
        ("pai-eas-services", "Label="),
        ("opensearch-ha3-models", "pageSize="),
        ("zstack-model-services", "limit="),
        ("zstack-model-services", "sort="),
    ],
)
def test_empty_or_conflicting_typed_values_are_rejected(
    provider: ProviderClient, api: str, query: str
) -> None:
    # An empty integer, boolean, enum or JSON value has no meaning; neither has a parameter sent twice
    # with different values. Free-text filters (name=, Filter=) read an empty value as "not sent".
    pairs = [tuple(pair.split("=", 1)) for pair in query.split("&")]
    assert provider.get(api, pairs).status_code == 400


@pytest.mark.parametrize(
    ("api", "param"),
    [("huawei-service-instances", "name"), ("pai-eas-services", "Filter"), ("opensearch-ha3-models", "type")],
)
def test_empty_free_text_filters_are_not_sent(provider: ProviderClient, api: str, param: str) -> None:
    assert without_request_id(provider.json(api, {param: ""})) == without_request_id(provider.json(api))


def without_request_id(body: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in body.items() if key.lower() != "requestid"}


def test_a_repeated_identical_value_is_one_value(provider: ProviderClient) -> None:
    body = provider.json("pai-eas-services", [("PageSize", "5"), ("PageSize", "5")])
    assert len(body["Services"]) == 5
