"""The official SDKs, the clients users really run, list and page through every item of the provider.

Real HTTP on loopback against `python -m reference_provider --port 0` (targets/local.toml
credentials), each SDK signing as it does by default (Alibaba ACS3-HMAC-SHA256, Huawei
SDK-HMAC-SHA256 with a project id so no IAM call happens); the provider's independent verifier
must accept those signatures. Where an SDK's view of an item and the seed disagree, the seed wins:
the tests then assert on the JSON the wire carried.
"""

from __future__ import annotations

import json
import math
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from alibabacloud_eas20210701.client import Client as EasClient
from alibabacloud_eas20210701.models import ListServicesRequest
from alibabacloud_searchengine20211025.client import Client as SearchEngineClient
from alibabacloud_searchengine20211025.models import ListModelsRequest
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_openapi.models import Config
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkdataartsfabric.v1 import DataArtsFabricClient, ListEndpointsRequest
from huaweicloudsdkdataartsfabricep.v1 import DataArtsFabricEpClient, ListServicesInstancesRequest

from contract_tests.config.target import load_local_defaults
from contract_tests.runner.embedded import start_embedded

ROOT = Path(__file__).resolve().parents[2]
LOCAL: dict[str, str] = load_local_defaults()
STARTUP_SECONDS = 20
MAX_PAGES = 1000  # every walk is bounded; the real ones end after a handful of pages
PROXY_VARS = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")

# Seed fields that no Huawei SDK model carries (provider-facts A/B "Disagreements"); the SDK drops
# them silently, so their presence is checked on the wire.
HUAWEI_INSTANCE_FIELDS_BEYOND_SDK = {
    "solution",
    "content_moderation_switch",
    "content_output_moderation_switch",
}


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    """The reference provider in a subprocess, credentials pinned to targets/local.toml."""
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    # An empty variant name pins the conformant provider whatever REFERENCE_PROVIDER_VARIANT says.
    values = {**LOCAL, "PYTHONPATH": python_path, "REFERENCE_PROVIDER_VARIANT": ""}
    provider = start_embedded(values, timeout=STARTUP_SECONDS)
    try:
        yield provider.base_url
    finally:
        provider.stop()


@dataclass(frozen=True)
class Exchange:
    url: str
    status: int
    body: bytes


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Exchange]]:
    """Every HTTP exchange the SDK makes (all four send through requests); non-loopback lookups fail."""
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    exchanges: list[Exchange] = []
    looked_up: set[str] = set()
    original_send = requests.Session.send
    original_getaddrinfo = socket.getaddrinfo

    def recording_send(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        response = original_send(session, request, **kwargs)
        exchanges.append(Exchange(request.url or "", response.status_code, response.content))
        return response

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.add(host.decode() if isinstance(host, bytes) else str(host))
        if host not in ("127.0.0.1", b"127.0.0.1"):
            raise OSError(f"test blocked a lookup of non-loopback host {host!r}")
        return original_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    yield exchanges
    assert looked_up <= {"127.0.0.1"}, f"the SDK tried other hosts: {sorted(looked_up)}"


def assert_only_provider_contacted(exchanges: list[Exchange], provider_url: str) -> None:
    assert exchanges, "the SDK sent nothing"
    assert {urlsplit(exchange.url).netloc for exchange in exchanges} == {urlsplit(provider_url).netloc}


def assert_walk_is_complete(ids: list[str], total: int, page_size: int, page_lengths: list[int]) -> None:
    assert total > 0, "the seeded data should not be empty"
    assert len(ids) == total, f"saw {len(ids)} items, the total says {total}"
    assert len(set(ids)) == len(ids), "an item came back on two pages"
    assert len(page_lengths) == math.ceil(total / page_size), page_lengths
    assert all(length == page_size for length in page_lengths[:-1]), page_lengths


@dataclass
class Page:
    ids: list[str]
    total: int


def walk(fetch_page: Callable[[int], Page], page_size: int) -> list[str]:
    """Fetch pages 0, 1, ... until `total` items are seen; checks the total stays put."""
    ids: list[str] = []
    page_lengths: list[int] = []
    total: int | None = None
    for page_index in range(MAX_PAGES):
        page = fetch_page(page_index)
        total = page.total if total is None else total
        assert page.total == total, "the total changed between pages"
        ids.extend(page.ids)
        page_lengths.append(len(page.ids))
        if len(ids) >= total or not page.ids:
            break
    assert total is not None
    assert_walk_is_complete(ids, total, page_size, page_lengths)
    return ids


# --- Alibaba Cloud --------------------------------------------------------------------------------


def alibaba_config(provider_url: str, secret: str = LOCAL["ALIBABA_CLOUD_ACCESS_KEY_SECRET"]) -> Config:
    return Config(
        access_key_id=LOCAL["ALIBABA_CLOUD_ACCESS_KEY_ID"],
        access_key_secret=secret,
        endpoint=urlsplit(provider_url).netloc,
        protocol="http",
        connect_timeout=5000,
        read_timeout=10000,
    )


def assert_alibaba_view_matches_wire(sdk: Any, carried: Any, where: str) -> None:
    """Everything the SDK model kept equals what the wire carried; it may drop keys it does not model."""
    if isinstance(sdk, dict):
        assert isinstance(carried, dict), f"{where}: the wire carried {carried!r}"
        for key, value in sdk.items():
            assert key in carried, f"{where}.{key}: the SDK reports a field the wire did not carry"
            assert_alibaba_view_matches_wire(value, carried[key], f"{where}.{key}")
    elif isinstance(sdk, list):
        assert isinstance(carried, list) and len(sdk) == len(carried), f"{where}: lists differ"
        for index, (sdk_item, wire_item) in enumerate(zip(sdk, carried, strict=True)):
            assert_alibaba_view_matches_wire(sdk_item, wire_item, f"{where}[{index}]")
    else:
        # from_map does no coercion, so the JSON type must match too ("TotalCount": "2" would stay a str).
        assert type(sdk) is type(carried) and sdk == carried, f"{where}: SDK {sdk!r} != wire {carried!r}"


@pytest.mark.parametrize("page_size", [100, 40])
def test_eas_list_services_pages_through_everything(
    provider_url: str, wire: list[Exchange], page_size: int
) -> None:
    client = EasClient(alibaba_config(provider_url))

    def fetch(page_index: int) -> Page:
        response = client.list_services(ListServicesRequest(page_number=page_index + 1, page_size=page_size))
        body = response.body
        assert response.status_code == 200
        assert (body.page_number, body.page_size) == (page_index + 1, page_size)
        assert_alibaba_view_matches_wire(body.to_map(), json.loads(wire[-1].body), f"page {page_index + 1}")
        return Page([service.service_id for service in body.services or []], body.total_count)

    walk(fetch, page_size)
    assert_only_provider_contacted(wire, provider_url)


@pytest.mark.parametrize("page_size", [10, 7])
def test_searchengine_list_models_pages_through_everything(
    provider_url: str, wire: list[Exchange], page_size: int
) -> None:
    client = SearchEngineClient(alibaba_config(provider_url))
    instance_id = LOCAL["HA3_INSTANCE_ID"]

    def fetch(page_index: int) -> Page:
        request = ListModelsRequest(page_number=page_index + 1, page_size=page_size)
        response = client.list_models(instance_id, request)
        assert response.status_code == 200
        assert_alibaba_view_matches_wire(response.body.to_map(), json.loads(wire[-1].body), "body")
        # A model's name is its id within the instance.
        return Page([model.name for model in response.body.result or []], response.body.total_count)

    walk(fetch, page_size)
    assert_only_provider_contacted(wire, provider_url)
    assert all(f"/openapi/ha3/instances/{instance_id}/models?" in exchange.url for exchange in wire)


def test_alibaba_wrong_secret_is_refused(provider_url: str, wire: list[Exchange]) -> None:
    client = EasClient(alibaba_config(provider_url, secret="not-the-secret"))
    with pytest.raises(ClientException) as raised:
        client.list_services(ListServicesRequest(page_number=1, page_size=1))
    assert raised.value.code == "SignatureDoesNotMatch"
    assert [exchange.status for exchange in wire] == [400]


# --- Huawei Cloud ---------------------------------------------------------------------------------


def huawei_client(client_class: Any, provider_url: str, sk: str = LOCAL["HUAWEICLOUD_SDK_SK"]) -> Any:
    # With a project id the credentials never ask IAM for one; the `wire` fixture proves no other host.
    credentials = BasicCredentials(LOCAL["HUAWEICLOUD_SDK_AK"], sk, LOCAL["HUAWEI_PROJECT_ID"])
    http_config = HttpConfig.get_default_config()
    http_config.timeout = (5, 10)
    return (
        client_class.new_builder()
        .with_http_config(http_config)
        .with_credentials(credentials)
        .with_endpoints([provider_url])
        .build()
    )


def assert_huawei_model_matches_wire(model: Any, carried: dict[str, Any], where: str) -> None:
    for attribute, wire_name in model.attribute_map.items():
        assert_huawei_value_matches_wire(
            getattr(model, attribute), carried.get(wire_name), f"{where}.{wire_name}"
        )


def assert_huawei_value_matches_wire(value: Any, carried: Any, where: str) -> None:
    if hasattr(value, "openapi_types") and not value.openapi_types:
        # An enum value the SDK does not know comes back as an empty enum object ({}); the seed's
        # string wins, so only check that the wire carried one (e.g. an instance status of "").
        assert isinstance(carried, str), f"{where}: the wire carried {carried!r}"
    elif hasattr(value, "attribute_map"):
        assert isinstance(carried, dict), f"{where}: the wire carried {carried!r}"
        assert_huawei_model_matches_wire(value, carried, where)
    elif isinstance(value, list):
        assert isinstance(carried, list) and len(value) == len(carried), f"{where}: lists differ"
        for index, (item, wire_item) in enumerate(zip(value, carried, strict=True)):
            assert_huawei_value_matches_wire(item, wire_item, f"{where}[{index}]")
    elif isinstance(value, datetime):  # only when python-dateutil is installed
        assert value == datetime.fromisoformat(str(carried)), f"{where}: SDK {value!r} != wire {carried!r}"
    else:
        assert value == carried and type(value) is type(carried), (
            f"{where}: SDK {value!r} != wire {carried!r}"
        )


@pytest.mark.filterwarnings("ignore::huaweicloudsdkcore.warning.warning.TypeConversionWarning")
@pytest.mark.parametrize("limit", [10, 6])
def test_fabricep_list_services_instances_pages_through_everything(
    provider_url: str, wire: list[Exchange], limit: int
) -> None:
    client = huawei_client(DataArtsFabricEpClient, provider_url)

    def fetch(page_index: int) -> Page:
        request = ListServicesInstancesRequest(
            workspace_id=LOCAL["HUAWEI_WORKSPACE_ID"], limit=limit, offset=page_index * limit
        )
        response = client.list_services_instances(request)
        assert response.status_code == 200
        carried = json.loads(response.raw_content)
        assert carried == json.loads(wire[-1].body)
        for index, (item, wire_item) in enumerate(
            zip(response.service_instances, carried["service_instances"], strict=True)
        ):
            assert_huawei_model_matches_wire(item, wire_item, f"service_instances[{index}]")
            # The SDK has no attribute for these seed fields; the seed wins, so they must be on the wire.
            assert wire_item.keys() >= HUAWEI_INSTANCE_FIELDS_BEYOND_SDK
        return Page([item.id for item in response.service_instances], response.total)

    walk(fetch, limit)
    assert_only_provider_contacted(wire, provider_url)


@pytest.mark.filterwarnings("ignore::huaweicloudsdkcore.warning.warning.TypeConversionWarning")
@pytest.mark.parametrize("limit", [10, 6])
def test_fabric_list_endpoints_pages_through_everything(
    provider_url: str, wire: list[Exchange], limit: int
) -> None:
    client = huawei_client(DataArtsFabricClient, provider_url)

    def fetch(page_index: int) -> Page:
        request = ListEndpointsRequest(
            workspace_id=LOCAL["HUAWEI_WORKSPACE_ID"], limit=limit, offset=page_index * limit
        )
        response = client.list_endpoints(request)
        assert response.status_code == 200
        carried = json.loads(response.raw_content)
        for index, (item, wire_item) in enumerate(zip(response.endpoints, carried["endpoints"], strict=True)):
            assert_huawei_model_matches_wire(item, wire_item, f"endpoints[{index}]")
        return Page([item.id for item in response.endpoints], response.total)

    walk(fetch, limit)
    assert_only_provider_contacted(wire, provider_url)


def test_huawei_empty_workspace_lists_nothing(provider_url: str, wire: list[Exchange]) -> None:
    client = huawei_client(DataArtsFabricEpClient, provider_url)
    request = ListServicesInstancesRequest(
        workspace_id=LOCAL["HUAWEI_EMPTY_WORKSPACE_ID"], limit=10, offset=0
    )
    response = client.list_services_instances(request)
    assert (response.total, response.service_instances) == (0, [])


def test_huawei_wrong_secret_is_refused(provider_url: str, wire: list[Exchange]) -> None:
    client = huawei_client(DataArtsFabricClient, provider_url, sk="not-the-secret")
    request = ListEndpointsRequest(workspace_id=LOCAL["HUAWEI_WORKSPACE_ID"], limit=1, offset=0)
    with pytest.raises(ClientRequestException) as raised:
        client.list_endpoints(request)
    assert raised.value.status_code == 401
    assert [exchange.status for exchange in wire] == [401]
