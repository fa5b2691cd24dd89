"""Every filter kind: exact, case-insensitive substring, label map, hidden (opaque) attributes, enums."""

from __future__ import annotations

import json
from typing import Any

import pytest
from provider_client import ProviderClient

from reference_provider import ProviderConfig
from reference_provider.data import datasets_for
from reference_provider.data.huawei import ENDPOINT_TYPES, INSTANCE_TYPES


def ids(items: list[dict[str, Any]], field: str = "id") -> list[str]:
    return [item[field] for item in items]


class TestHuaweiInstances:
    API = "huawei-service-instances"

    @pytest.fixture(scope="class")
    def walk(self, provider: ProviderClient) -> list[dict[str, Any]]:
        return provider.walk(self.API)

    @pytest.mark.parametrize(
        ("param", "path"),
        [("id", ("id",)), ("endpoint_id", ("endpoint_id",)), ("source_id", ("source", "id")),
         ("version_id", ("source", "version_id"))],
    )  # fmt: skip
    def test_exact_filters(
        self, provider: ProviderClient, walk: list[dict[str, Any]], param: str, path: tuple[str, ...]
    ) -> None:
        def value_of(item: dict[str, Any]) -> Any:
            for step in path:
                item = item[step]
            return item

        wanted = value_of(walk[3])
        expected = [item for item in walk if value_of(item) == wanted]
        assert ids(provider.walk(self.API, {param: wanted})) == ids(expected)
        assert provider.walk(self.API, {param: wanted[:-1]}) == []  # exact, not a prefix match

    @pytest.mark.parametrize("needle", ["chat", "LLAMA", "Llama", "embed-0"])
    def test_name_is_case_insensitive_substring(
        self, provider: ProviderClient, walk: list[dict[str, Any]], needle: str
    ) -> None:
        expected = [item for item in walk if needle.lower() in item["name"].lower()]
        assert len(expected) >= 2
        assert ids(provider.walk(self.API, {"name": needle})) == ids(expected)

    @pytest.mark.parametrize("value", INSTANCE_TYPES)
    def test_type_enum(self, provider: ProviderClient, walk: list[dict[str, Any]], value: str) -> None:
        served = provider.walk(self.API, {"type": value})
        assert served
        assert ids(served) == ids([item for item in walk if item["type"] == value])

    @pytest.mark.parametrize("value", ["PRIVATE", "PUBLIC"])
    def test_visibility(self, provider: ProviderClient, walk: list[dict[str, Any]], value: str) -> None:
        assert ids(provider.walk(self.API, {"visibility": value})) == ids(
            [item for item in walk if item["visibility"] == value]
        )

    @pytest.mark.parametrize("params", [{"type": "BOGUS"}, {"visibility": "ALL"}, {"visibility": "private"}])
    def test_unknown_enum_values_are_rejected(self, provider: ProviderClient, params: dict[str, str]) -> None:
        response = provider.get(self.API, params)
        assert response.status_code == 400
        assert response.json["error_code"] == "common.01000001"

    def test_filters_combine_and_total_counts_matches(
        self, provider: ProviderClient, walk: list[dict[str, Any]]
    ) -> None:
        expected = [
            item for item in walk if "chat" in item["name"].lower() and item["visibility"] == "PUBLIC"
        ]
        body = provider.json(self.API, {"name": "chat", "visibility": "PUBLIC", "limit": "1"})
        assert body["total"] == len(expected)
        assert ids(body["service_instances"]) == ids(expected)[:1]


class TestHuaweiEndpoints:
    API = "huawei-endpoints"

    @pytest.fixture(scope="class")
    def walk(self, provider: ProviderClient) -> list[dict[str, Any]]:
        return provider.walk(self.API)

    def test_model_id_matches_a_hidden_attribute(
        self, provider: ProviderClient, config: ProviderConfig
    ) -> None:
        records = datasets_for(config).huawei_endpoints[config.huawei_workspace_id]
        model_id = records[0].hidden["model_id"]
        served = provider.walk(self.API, {"model_id": model_id})
        expected = sorted(record.doc["id"] for record in records if record.hidden["model_id"] == model_id)
        assert sorted(ids(served)) == expected
        assert len(expected) >= 2
        assert all("model_id" not in item for item in served)  # the item does not carry it
        assert provider.walk(self.API, {"model_id": "0" * 32}) == []

    def test_endpoint_id_is_the_item_id(self, provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
        assert ids(provider.walk(self.API, {"endpoint_id": walk[5]["id"]})) == [walk[5]["id"]]

    def test_name_substring(self, provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
        expected = [item for item in walk if "qwen" in item["name"].lower()]
        assert ids(provider.walk(self.API, {"name": "QWEN"})) == ids(expected)

    @pytest.mark.parametrize("value", ENDPOINT_TYPES)
    def test_type_enum(self, provider: ProviderClient, walk: list[dict[str, Any]], value: str) -> None:
        served = provider.walk(self.API, {"type": value})
        assert served
        assert ids(served) == ids([item for item in walk if item["type"] == value])

    def test_visibility_all_means_no_filter(
        self, provider: ProviderClient, walk: list[dict[str, Any]]
    ) -> None:
        assert ids(provider.walk(self.API, {"visibility": "ALL"})) == ids(walk)
        public = provider.walk(self.API, {"visibility": "PUBLIC"})
        assert ids(public) == ids([item for item in walk if item["visibility"] == "PUBLIC"])

    @pytest.mark.parametrize("params", [{"type": "SERVICE"}, {"visibility": "NONE"}])
    def test_unknown_enum_values_are_rejected(self, provider: ProviderClient, params: dict[str, str]) -> None:
        assert provider.get(self.API, params).status_code == 400


class TestPaiEas:
    API = "pai-eas-services"

    @pytest.fixture(scope="class")
    def walk(self, provider: ProviderClient) -> list[dict[str, Any]]:
        return provider.walk(self.API)

    def test_filter_is_a_case_insensitive_name_substring(
        self, provider: ProviderClient, walk: list[dict[str, Any]]
    ) -> None:
        expected = [item for item in walk if "llama" in item["ServiceName"].lower()]
        served = provider.walk(self.API, {"Filter": "LLAMA"})
        assert ids(served, "ServiceId") == ids(expected, "ServiceId")
        assert any(item["ServiceName"].startswith("Llama") for item in served)

    @pytest.mark.parametrize(
        ("param", "field"),
        [("GroupName", "ServiceGroup"), ("ServiceName", "ServiceName"), ("ServiceUid", "ServiceUid"),
         ("WorkspaceId", "WorkspaceId"), ("QuotaId", "QuotaId"),
         ("Gateway", "Gateway"), ("ResourceAliasName", "ResourceAlias"), ("ResourceId", "Resource"),
         ("CallerUid", "CallerUid"), ("ServiceStatus", "Status"), ("Role", "Role"),
         ("TrafficState", "TrafficState")],
    )  # fmt: skip
    def test_exact_filters(
        self, provider: ProviderClient, walk: list[dict[str, Any]], param: str, field: str
    ) -> None:
        wanted = next(item[field] for item in walk if item[field])
        expected = [item for item in walk if item[field] == wanted]
        assert ids(provider.walk(self.API, {param: wanted}), "ServiceId") == ids(expected, "ServiceId")

    def test_status_filter_accepts_every_status_items_carry(
        self, provider: ProviderClient, walk: list[dict[str, Any]]
    ) -> None:
        expected = [item for item in walk if item["Status"] == "Deploying"]
        assert expected
        assert ids(provider.walk(self.API, {"ServiceStatus": "Deploying"}), "ServiceId") == ids(
            expected, "ServiceId"
        )

    @pytest.mark.parametrize("field", ["Resource", "ResourceAlias"])
    def test_resource_name_is_a_group_name_or_id(
        self, provider: ProviderClient, walk: list[dict[str, Any]], field: str
    ) -> None:
        wanted = walk[0][field]
        expected = [item for item in walk if wanted in (item["Resource"], item["ResourceAlias"])]
        assert ids(provider.walk(self.API, {"ResourceName": wanted}), "ServiceId") == ids(
            expected, "ServiceId"
        )

    @pytest.mark.parametrize("param", ["ResourceBurstable", "CronscalerEnabled", "AutoscalerEnabled"])
    @pytest.mark.parametrize("wire", ["true", "True", "false", "False"])
    def test_boolean_filters_accept_any_case(
        self, provider: ProviderClient, walk: list[dict[str, Any]], param: str, wire: str
    ) -> None:
        wanted = wire.lower() == "true"
        expected = [item for item in walk if item[param] is wanted]
        assert ids(provider.walk(self.API, {param: wire}), "ServiceId") == ids(expected, "ServiceId")

    @pytest.mark.parametrize(
        ("param", "key"), [("ServiceType", "service_type"), ("ResourceType", "resource_type")]
    )
    def test_opaque_enum_filters_match_hidden_attributes(
        self, provider: ProviderClient, config: ProviderConfig, param: str, key: str
    ) -> None:
        records = datasets_for(config).pai_eas_services
        value = records[0].hidden[key]
        expected = {record.doc["ServiceId"] for record in records if record.hidden[key] == value}
        assert set(ids(provider.walk(self.API, {param: value}), "ServiceId")) == expected

    def test_parent_service_uid_is_opaque(self, provider: ProviderClient, config: ProviderConfig) -> None:
        records = datasets_for(config).pai_eas_services
        parent = next(
            record.hidden["parent_service_uid"] for record in records if record.hidden["parent_service_uid"]
        )
        expected = {
            record.doc["ServiceId"] for record in records if record.hidden["parent_service_uid"] == parent
        }
        assert set(ids(provider.walk(self.API, {"ParentServiceUid": parent}), "ServiceId")) == expected

    def test_include_no_workspace(self, provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
        assert len(provider.walk(self.API, {"IncludeNoWorkspace": "True"})) == len(walk)
        served = provider.walk(self.API, {"IncludeNoWorkspace": "False"})
        assert ids(served, "ServiceId") == ids([item for item in walk if item["WorkspaceId"]], "ServiceId")
        assert len(served) < len(walk)

    def test_label_by_key_and_value(self, provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
        expected = [item for item in walk if {"LabelKey": "env", "LabelValue": "prod"} in item["Labels"]]
        served = provider.walk(self.API, {"Label": json.dumps({"env": "prod"})})
        assert ids(served, "ServiceId") == ids(expected, "ServiceId")
        assert expected

    @pytest.mark.parametrize("any_value", [None, ""])
    def test_label_by_key_alone(
        self, provider: ProviderClient, walk: list[dict[str, Any]], any_value: str | None
    ) -> None:
        def keys(item: dict[str, Any]) -> set[str]:
            return {label["LabelKey"] for label in item["Labels"]}

        expected = [item for item in walk if {"team", "tier"} <= keys(item)]
        served = provider.walk(self.API, {"Label": json.dumps({"team": any_value, "tier": None})})
        assert ids(served, "ServiceId") == ids(expected, "ServiceId")
        assert 0 < len(expected) < len(walk)

    def test_label_every_key_must_match(self, provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
        def matches(item: dict[str, Any]) -> bool:
            labels = {label["LabelKey"]: label["LabelValue"] for label in item["Labels"]}
            return labels.get("env") == "dev" and "owner" in labels

        served = provider.walk(self.API, {"Label": json.dumps({"env": "dev", "owner": None})})
        assert ids(served, "ServiceId") == ids([item for item in walk if matches(item)], "ServiceId")

    @pytest.mark.parametrize(
        "params",
        [{"Label": "{not json"}, {"Label": "[1, 2]"}, {"Label": '{"env": 3}'},
         {"ServiceStatus": "Running2"}, {"ServiceType": "Offline Task"}, {"Role": "Boss"},
         {"ResourceType": "Cloud"}, {"TrafficState": "all"}, {"ResourceBurstable": "yes"},
         {"IncludeNoWorkspace": "1"}],
    )  # fmt: skip
    def test_malformed_values_are_rejected(self, provider: ProviderClient, params: dict[str, str]) -> None:
        response = provider.get(self.API, params)
        assert response.status_code == 400
        assert response.json["Code"] == "InvalidParameter"


class TestHa3:
    API = "opensearch-ha3-models"

    @pytest.fixture(scope="class")
    def walk(self, provider: ProviderClient) -> list[dict[str, Any]]:
        return provider.walk(self.API)

    def test_name_is_a_case_insensitive_substring(
        self, provider: ProviderClient, walk: list[dict[str, Any]]
    ) -> None:
        expected = [item for item in walk if "chat" in item["name"].lower()]
        assert ids(provider.walk(self.API, {"name": "CHAT"}), "name") == ids(expected, "name")
        exact = walk[4]["name"]
        assert exact in ids(provider.walk(self.API, {"name": exact}), "name")

    @pytest.mark.parametrize(
        "value", ["text_embedding", "text_sparse_embedding", "image_embedding", "image_analyze"]
    )
    def test_type_exact(self, provider: ProviderClient, walk: list[dict[str, Any]], value: str) -> None:
        served = provider.walk(self.API, {"type": value})
        assert served
        assert ids(served, "name") == ids([item for item in walk if item["type"] == value], "name")
        assert provider.walk(self.API, {"type": value.upper()}) == []
