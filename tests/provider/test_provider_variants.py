"""The variant registry and the effect of every implemented variant."""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from typing import Any

import pytest
from provider_client import ProviderClient

from reference_provider import create_app
from reference_provider.cli import main
from reference_provider.variants import VARIANTS, Variant, apis_in_scope, get_variant, register
from reference_provider.variants.conformant.basics import EXTRA_FIELD, EXTRA_OBJECT

CONFORMANT = {"extra-fields", "clamp-page-size", "gzip", "latency-50ms", "empty-workspace"}
FAULTY = {"huawei-instances-limit-ignored", "pai-eas-page-not-echoed", "zstack-success-inconsistent"}
VariantProvider = Callable[[str], ProviderClient]


def test_registry_holds_the_implemented_variants() -> None:
    assert set(VARIANTS) >= CONFORMANT | FAULTY
    assert {name for name, variant in VARIANTS.items() if variant.conformant} >= CONFORMANT
    for variant in VARIANTS.values():
        assert apis_in_scope(variant.api)
        assert variant.description
        assert bool(variant.breaks) != variant.conformant


def test_list_variants_prints_one_tab_separated_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-variants"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(VARIANTS)
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert rows["gzip"] == ["gzip", "all", "transport", "true", VARIANTS["gzip"].description]
    assert rows["pai-eas-page-not-echoed"][1:4] == ["pai-eas-services", "pagination", "false"]


def test_register_rejects_duplicates_and_inconsistent_records() -> None:
    with pytest.raises(ValueError, match="twice"):
        register(VARIANTS["gzip"])
    with pytest.raises(ValueError, match="names the rule"):
        register(Variant("x-broken", "all", "schema", "d", "", False, lambda app: None))
    with pytest.raises(KeyError, match="unknown variant"):
        get_variant("no-such-variant")


def test_variants_do_not_leak_into_the_reference(
    provider: ProviderClient, variant_provider: VariantProvider
) -> None:
    variant_provider("extra-fields").json("pai-eas-services", {"PageSize": "1"})
    body = provider.json("pai-eas-services", {"PageSize": "1"})
    assert EXTRA_FIELD not in body
    assert EXTRA_FIELD not in body["Services"][0]
    assert create_app(provider.config).variant is None


def all_objects(value: Any, depth: int = 0) -> list[tuple[int, dict[str, Any]]]:
    if isinstance(value, dict):
        found = [(depth, value)]
        for item in value.values():
            found.extend(all_objects(item, depth + 1))
        return found
    if isinstance(value, list):
        return [pair for item in value for pair in all_objects(item, depth + 1)]
    return []


@pytest.mark.parametrize(
    "api",
    [
        "huawei-service-instances",
        "huawei-endpoints",
        "pai-eas-services",
        "opensearch-ha3-models",
        "zstack-model-services",
    ],
)
def test_extra_fields_reach_every_object(
    variant_provider: VariantProvider, provider: ProviderClient, api: str
) -> None:
    body = variant_provider("extra-fields").json(api)
    objects = all_objects(body)
    assert max(depth for depth, _ in objects) >= 4
    assert all(EXTRA_FIELD in obj or set(obj) == {"note", "level"} for _, obj in objects)
    assert EXTRA_OBJECT in body
    reference = provider.json(api)
    items_key = next(key for key, value in reference.items() if isinstance(value, list))
    stripped = strip_extras(body[items_key])
    assert stripped == reference[items_key]  # nothing documented changed


def strip_extras(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_extras(v) for k, v in value.items() if k not in (EXTRA_FIELD, EXTRA_OBJECT)}
    if isinstance(value, list):
        return [strip_extras(item) for item in value]
    return value


@pytest.mark.parametrize("api", ["huawei-service-instances", "huawei-endpoints"])
def test_clamp_page_size(variant_provider: VariantProvider, api: str) -> None:
    clamped = variant_provider("clamp-page-size")
    key = "service_instances" if api == "huawei-service-instances" else "endpoints"
    assert len(clamped.json(api, {"limit": "0"})[key]) == 1
    assert len(clamped.json(api, {"limit": "500"})[key]) == 37
    assert clamped.get(api, {"limit": "abc"}).status_code == 400  # still a type mismatch
    assert clamped.get(api, {"offset": "-1"}).status_code == 400  # only the size is clamped


def test_gzip_when_accepted(variant_provider: VariantProvider, provider: ProviderClient) -> None:
    compressed = variant_provider("gzip")
    response = compressed.get("opensearch-ha3-models", headers={"Accept-Encoding": "gzip, deflate"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    plain = provider.get("opensearch-ha3-models").json
    decoded = gzip.decompress(response.get_data())
    assert len(decoded) > len(response.get_data())
    assert b'"totalCount":37' in decoded and plain["totalCount"] == 37
    uncompressed = compressed.get("opensearch-ha3-models")
    assert "Content-Encoding" not in uncompressed.headers
    assert uncompressed.json["totalCount"] == 37


def test_latency(variant_provider: VariantProvider) -> None:
    slow = variant_provider("latency-50ms")
    started = time.perf_counter()
    assert slow.get("zstack-model-services", {"limit": "1"}).status_code == 200
    assert time.perf_counter() - started >= 0.05


@pytest.mark.parametrize("api", ["huawei-service-instances", "huawei-endpoints"])
def test_empty_workspace(variant_provider: VariantProvider, api: str) -> None:
    empty = variant_provider("empty-workspace")
    body = empty.json(api)
    assert body["total"] == 0
    assert len(body) == 2 and all(value == [] for key, value in body.items() if key != "total")
    assert empty.get(api, path_id="ws-unknown").status_code in (400, 404)  # unknown ids still rejected


def test_limit_ignored(variant_provider: VariantProvider) -> None:
    faulty = variant_provider("huawei-instances-limit-ignored")
    assert len(faulty.json("huawei-service-instances", {"limit": "3"})["service_instances"]) == 10
    assert len(faulty.json("huawei-endpoints", {"limit": "3"})["endpoints"]) == 3  # one API only


def test_page_not_echoed(variant_provider: VariantProvider) -> None:
    body = variant_provider("pai-eas-page-not-echoed").json("pai-eas-services", {"PageNumber": "2"})
    assert "PageNumber" not in body and "PageSize" not in body
    assert body["TotalCount"] == 347


def test_success_inconsistent(variant_provider: VariantProvider) -> None:
    body = variant_provider("zstack-success-inconsistent").json("zstack-model-services", {"limit": "2"})
    assert body["success"] is False
    assert body["error"] is None
    assert len(body["inventories"]) == 2
