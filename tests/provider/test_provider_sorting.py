"""Sorting: each documented field and direction, and each API's default order."""

from __future__ import annotations

from typing import Any

import pytest
from provider_client import ProviderClient

from reference_provider.timefmt import parse_any


def times(items: list[dict[str, Any]], field: str) -> list[Any]:
    return [parse_any(item[field]) for item in items]


class TestHuaweiInstances:
    API = "huawei-service-instances"

    def test_default_is_newest_first(self, provider: ProviderClient) -> None:
        served = times(provider.walk(self.API), "create_time")
        assert served == sorted(served, reverse=True)
        assert provider.walk(self.API) == provider.walk(
            self.API, {"sort_by": "CREATE_TIME", "order_by": "DESC"}
        )

    def test_create_time_ascending(self, provider: ProviderClient) -> None:
        served = times(provider.walk(self.API, {"sort_by": "CREATE_TIME", "order_by": "ASC"}), "create_time")
        assert served == sorted(served)
        assert times(provider.walk(self.API, {"order_by": "ASC"}), "create_time") == served

    @pytest.mark.parametrize(("order", "reverse"), [("ASC", False), ("DESC", True)])
    def test_duration(self, provider: ProviderClient, order: str, reverse: bool) -> None:
        walk = provider.walk(self.API, {"sort_by": "DURATION", "order_by": order})
        durations = [item["duration"] for item in walk]
        assert durations == sorted(durations, reverse=reverse)
        assert len({item["id"] for item in walk}) == 37  # ties never duplicate or drop items across pages

    @pytest.mark.parametrize("params", [{"sort_by": "NAME"}, {"order_by": "UP"}, {"order_by": "asc"}])
    def test_unknown_values_are_rejected(self, provider: ProviderClient, params: dict[str, str]) -> None:
        assert provider.get(self.API, params).status_code == 400


def test_huawei_endpoints_are_newest_first(provider: ProviderClient) -> None:
    served = times(provider.walk("huawei-endpoints"), "create_time")
    assert served == sorted(served, reverse=True)


class TestPaiEas:
    API = "pai-eas-services"

    def test_default_is_create_time_descending(self, provider: ProviderClient) -> None:
        served = times(provider.walk(self.API), "CreateTime")
        assert served == sorted(served, reverse=True)

    @pytest.mark.parametrize("order", ["asc", "ASC"])
    def test_ascending(self, provider: ProviderClient, order: str) -> None:
        served = times(provider.walk(self.API, {"Sort": "CreateTime", "Order": order}), "CreateTime")
        assert served == sorted(served)

    def test_unknown_sort_field_falls_back_to_the_default(self, provider: ProviderClient) -> None:
        assert provider.walk(self.API, {"Sort": "Bogus"}) == provider.walk(self.API)

    def test_unknown_order_is_rejected(self, provider: ProviderClient) -> None:
        assert provider.get(self.API, {"Order": "sideways"}).status_code == 400


def test_ha3_serves_creation_order(provider: ProviderClient) -> None:
    served = times(provider.walk("opensearch-ha3-models"), "createTime")
    assert served == sorted(served)


class TestZStack:
    API = "zstack-model-services"

    def test_default_is_create_date_ascending(self, provider: ProviderClient) -> None:
        served = times(provider.json(self.API, {"limit": "400"})["inventories"], "createDate")
        assert served == sorted(served)

    @pytest.mark.parametrize(
        ("sort", "reverse"), [("+createDate", False), ("-createDate", True), ("createDate", False)]
    )
    def test_create_date(self, provider: ProviderClient, sort: str, reverse: bool) -> None:
        served = times(provider.json(self.API, {"sort": sort, "limit": "400"})["inventories"], "createDate")
        assert served == sorted(served, reverse=reverse)

    @pytest.mark.parametrize("field", ["requestCpu", "requestMemory", "size", "name", "lastOpDate"])
    @pytest.mark.parametrize("sign", ["+", "-"])
    def test_fields(self, provider: ProviderClient, field: str, sign: str) -> None:
        items = provider.json(self.API, {"sort": f"{sign}{field}", "limit": "5000"})["inventories"]
        values = times(items, field) if field == "lastOpDate" else [item[field] for item in items]
        assert values == sorted(values, reverse=sign == "-")
        assert len(items) == 3217

    def test_a_literal_plus_decodes_to_a_space_and_still_sorts_ascending(
        self, provider: ProviderClient
    ) -> None:
        response = provider.client.get(
            "/zstack/v1/ai/model-services?sort=+size&limit=50",
            headers={"Authorization": f"OAuth {provider.config.zstack_session_uuid}"},
        )
        sizes = [item["size"] for item in response.json["inventories"]]
        assert sizes == sorted(sizes)

    @pytest.mark.parametrize("sort", ["+bogus", "-modelServiceRefs", "+"])
    def test_unknown_fields_are_plain_text_400(self, provider: ProviderClient, sort: str) -> None:
        response = provider.get(self.API, {"sort": sort})
        assert response.status_code == 400
        assert response.mimetype == "text/plain"
