"""One direct request per faulty variant that shows its fault next to the reference's answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from provider_client import SPECS, ProviderClient, items_key

from reference_provider import ProviderConfig, create_app
from reference_provider.variants import VARIANTS

HI, HE, PAI, HA3, ZS = (
    "huawei-service-instances",
    "huawei-endpoints",
    "pai-eas-services",
    "opensearch-ha3-models",
    "zstack-model-services",
)
ITEMS = {api: items_key(api) for api in SPECS}
BAD_ALIBABA_SECRET = {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "not-the-secret"}

Check = Callable[[ProviderClient, ProviderClient], None]  # (faulty, reference)
CHECKS: dict[str, Check] = {}


def shows(name: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        CHECKS[name] = check
        return check

    return register


def items(client: ProviderClient, api: str, params: Any = (), **kwargs: Any) -> list[dict[str, Any]]:
    return list(client.json(api, params, **kwargs)[ITEMS[api]])


def dig(item: Any, path: str) -> Any:
    for step in path.split("."):
        item = item[step]
    return item


def media(client: ProviderClient, api: str, params: Any = ()) -> str:
    return str(client.get(api, params).headers.get("Content-Type", "")).split(";")[0]


def with_credentials(client: ProviderClient, **overrides: str) -> ProviderClient:
    changed = ProviderClient(client.app, client.config)
    changed.credentials = {**client.credentials, **overrides}
    return changed


def q_count(client: ProviderClient, *conditions: str) -> int:
    query = [*(("q", c) for c in conditions), ("replyWithCount", "true"), ("count", "true")]
    return int(client.json(ZS, query)["total"])


def label_total(client: ProviderClient, label: dict[str, str | None]) -> int:
    return int(client.json(PAI, {"Label": json.dumps(label), "PageSize": "1"})["TotalCount"])


# --- type --------------------------------------------------------------------------------------------


@shows("huawei-instances-duration-string")
def duration_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(items(v, HI)[0]["duration"], str)


@shows("huawei-instances-resource-max-string")
def resource_max_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(dig(items(v, HI)[0], "config.model_instance_config.resource.max"), str)


@shows("huawei-endpoints-total-string")
def total_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HE)["total"] == "37"


@shows("huawei-endpoints-warm-up-string")
def warm_up_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(dig(items(v, HE)[0], "reserved_resource.apu.warm_up_num"), str)


@shows("pai-eas-cpu-string")
def cpu_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(items(v, PAI)[0]["Cpu"], str)


@shows("ha3-dimension-string")
def dimension_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(items(v, HA3)[0]["dimension"], str)


@shows("zstack-request-memory-string")
def request_memory_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(items(v, ZS, {"limit": "1"})[0]["requestMemory"], str)


# --- enum --------------------------------------------------------------------------------------------


@shows("huawei-endpoints-status-active")
def status_active(v: ProviderClient, ref: ProviderClient) -> None:
    assert {item["status"] for item in v.walk(HE)} & {"ACTIVE", "RUNNING"} == {"ACTIVE"}


def only_last_of_walk(v: ProviderClient, api: str, path: str, value: str) -> None:
    values = [dig(item, path) for item in v.walk(api)]
    assert values[-1] == value and value not in values[:-1]


@shows("ha3-type-text-rerank")
def type_text_rerank(v: ProviderClient, ref: ProviderClient) -> None:
    only_last_of_walk(v, HA3, "type", "text_rerank")


@shows("ha3-nested-model-type-text-rerank")
def nested_model_type(v: ProviderClient, ref: ProviderClient) -> None:
    only_last_of_walk(v, HA3, "content.modelType", "text_rerank")


@shows("pai-eas-status-broken")
def status_broken(v: ProviderClient, ref: ProviderClient) -> None:
    only_last_of_walk(v, PAI, "Status", "Broken")


@shows("huawei-instances-visibility-shared")
def visibility_shared(v: ProviderClient, ref: ProviderClient) -> None:
    only_last_of_walk(v, HI, "visibility", "SHARED")


@shows("ha3-content-method-get")
def method_get(v: ProviderClient, ref: ProviderClient) -> None:
    assert {item["content"]["method"] for item in v.walk(HA3)} == {"GET"}


# --- envelope and content type -----------------------------------------------------------------------


@shows("huawei-instances-items-renamed")
def items_renamed(v: ProviderClient, ref: ProviderClient) -> None:
    assert sorted(v.json(HI)) == ["instances", "total"]


@shows("huawei-endpoints-total-renamed")
def total_renamed(v: ProviderClient, ref: ProviderClient) -> None:
    assert sorted(v.json(HE)) == ["count", "endpoints"]


@shows("pai-eas-services-renamed")
def services_renamed(v: ProviderClient, ref: ProviderClient) -> None:
    body = v.json(PAI)
    assert "Services" not in body and len(body["ServiceList"]) == 100


@shows("ha3-total-renamed")
def ha3_total_renamed(v: ProviderClient, ref: ProviderClient) -> None:
    body = v.json(HA3)
    assert "totalCount" not in body and body["total"] == 37


@shows("zstack-total-dropped")
def total_dropped(v: ProviderClient, ref: ProviderClient) -> None:
    assert "total" not in v.json(ZS, {"replyWithCount": "true", "limit": "1"})


@shows("huawei-instances-text-plain")
def instances_text_plain(v: ProviderClient, ref: ProviderClient) -> None:
    assert media(v, HI) == "text/plain"


@shows("huawei-endpoints-last-page-text-plain")
def last_page_text_plain(v: ProviderClient, ref: ProviderClient) -> None:
    shapes = [{"offset": "30"}, {"offset": "20"}, {"offset": "30", "limit": "10"}]
    assert [media(v, HE, params) for params in shapes] == ["text/plain", *["application/json"] * 2]


@shows("ha3-no-content-type")
def no_content_type(v: ProviderClient, ref: ProviderClient) -> None:
    assert "Content-Type" not in v.get(HA3).headers


@shows("zstack-text-plain")
def zstack_text_plain(v: ProviderClient, ref: ProviderClient) -> None:
    assert media(v, ZS, {"limit": "1"}) == "text/plain"


# --- pagination --------------------------------------------------------------------------------------


@shows("huawei-instances-limit-ignored")
def limit_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert len(items(v, HI, {"limit": "3"})) == 10


@shows("huawei-instances-default-size-5")
def default_size_5(v: ProviderClient, ref: ProviderClient) -> None:
    assert [len(items(v, HI)), len(items(v, HI, {"offset": "0"}))] == [5, 10]
    assert len(items(v, HI, {"limit": "10", "offset": "0"})) == 5  # explicit defaults agree with omitted


@shows("huawei-endpoints-limit-max-rejected")
def limit_max_rejected(v: ProviderClient, ref: ProviderClient) -> None:
    assert [c.get(HE, {"limit": "100"}).status_code for c in (v, ref)] == [400, 200]
    assert v.get(HE, {"limit": "100"}).json["error_code"]


@shows("zstack-small-limit-ignored")
def small_limit_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert len(items(v, ZS, {"limit": "4"})) == 12


@shows("ha3-small-default-page-two")
def small_default_page_two(v: ProviderClient, ref: ProviderClient) -> None:
    assert [len(items(v, HA3)), len(items(v, HA3, {"pageNumber": "1"}))] == [2, 10]


@shows("huawei-instances-no-offset-second-page")
def no_offset_second_page(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, HI) == items(ref, HI, {"offset": "10"})
    assert items(v, HI, {"offset": "0"}) == items(ref, HI)


@shows("pai-eas-explicit-size-oldest-first")
def explicit_size_oldest_first(v: ProviderClient, ref: ProviderClient) -> None:
    newest = items(ref, PAI, {"PageSize": "1"})[0]
    assert items(v, PAI, {"PageSize": "1"})[0] != newest
    assert items(v, PAI, {"PageSize": "100"})[0] == newest


@shows("huawei-endpoints-filtered-total-unfiltered")
def filtered_total_unfiltered(v: ProviderClient, ref: ProviderClient) -> None:
    body = v.json(HE, {"visibility": "PUBLIC"})
    assert body["total"] == ref.json(HE)["total"] > ref.json(HE, {"visibility": "PUBLIC"})["total"]


@shows("zstack-nulls-first-both-ways")
def nulls_first_both_ways(v: ProviderClient, ref: ProviderClient) -> None:
    for sort in ("+size", "-size"):
        assert "size" not in items(v, ZS, {"sort": sort, "limit": "1"})[0]


@shows("pai-eas-late-page-memory-as-string")
def late_page_memory_as_string(v: ProviderClient, ref: ProviderClient) -> None:
    assert isinstance(v.json(PAI, {"PageNumber": "3"})["Services"][0]["Memory"], str)
    assert isinstance(v.json(PAI, {"PageNumber": "3", "PageSize": "100"})["Services"][0]["Memory"], int)
    assert isinstance(v.json(PAI, {"PageNumber": "2"})["Services"][0]["Memory"], int)


@shows("huawei-instances-limit-zero-served")
def limit_zero_served(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HI, {"limit": "0"}) == {"total": 37, "service_instances": []}
    assert ref.get(HI, {"limit": "0"}).status_code == 400
    assert v.get(HI, {"limit": "abc"}).status_code == 400


@shows("huawei-endpoints-limit-one-short")
def limit_one_short(v: ProviderClient, ref: ProviderClient) -> None:
    assert [len(items(v, HE, {"limit": n})) for n in ("3", "1")] == [3, 0]
    assert len(items(v, HE)) == 10


@shows("huawei-endpoints-past-end-total-zero")
def past_end_total_zero(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HE, {"offset": "50"}) == {"total": 0, "endpoints": []}
    assert v.json(HE, {"offset": "30"})["total"] == 37


@shows("huawei-endpoints-last-item-unreachable")
def last_item_unreachable(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.walk(HE) == ref.walk(HE)[:-1]
    assert v.json(HE)["total"] == 37


@shows("huawei-instances-second-page-overlaps")
def second_page_overlaps(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, HI, {"offset": "10"})[0] == items(v, HI, {"offset": "0"})[-1]


@shows("ha3-page-zero-wraps")
def page_zero_wraps(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, HA3, {"pageNumber": "0"}) == ref.walk(HA3)[-10:]
    assert ref.get(HA3, {"pageNumber": "0"}).status_code == 400


@shows("ha3-total-drifts")
def total_drifts(v: ProviderClient, ref: ProviderClient) -> None:
    assert [v.json(HA3, {"pageNumber": n})["totalCount"] for n in ("1", "2", "9")] == [37, 38, 37]


@shows("ha3-past-end-not-empty")
def past_end_not_empty(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, HA3, {"pageNumber": "9"}) == items(ref, HA3, {"pageNumber": "4"})


@shows("pai-eas-zero-based-pages")
def zero_based_pages(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, PAI, {"PageNumber": "1"}) == items(ref, PAI, {"PageNumber": "2"})


@shows("pai-eas-one-item-too-many")
def one_item_too_many(v: ProviderClient, ref: ProviderClient) -> None:
    assert len(items(v, PAI, {"PageSize": "3"})) == 4


@shows("pai-eas-explicit-size-short-after-first")
def explicit_size_short_after_first(v: ProviderClient, ref: ProviderClient) -> None:
    sizes = [len(items(v, PAI, {"PageSize": "5", "PageNumber": n})) for n in ("1", "2", "3")]
    assert sizes == [5, 4, 4]
    assert len(items(v, PAI, {"PageNumber": "2"})) == 100  # the default page size is untouched


@shows("pai-eas-default-size-10")
def default_size_10(v: ProviderClient, ref: ProviderClient) -> None:
    body = v.json(PAI)
    assert (len(body["Services"]), body["PageSize"]) == (10, 100)


@shows("pai-eas-page-not-echoed")
def page_not_echoed(v: ProviderClient, ref: ProviderClient) -> None:
    assert not {"PageNumber", "PageSize"} & set(v.json(PAI, {"PageNumber": "2"}))


@shows("zstack-start-off-by-one")
def start_off_by_one(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, ZS, {"limit": "2"}) == items(ref, ZS, {"limit": "3"})[1:]


@shows("zstack-total-counts-page")
def total_counts_page(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(ZS, {"limit": "2", "replyWithCount": "true"})["total"] == 2


# --- filters -----------------------------------------------------------------------------------------


@shows("huawei-instances-name-exact")
def name_exact(v: ProviderClient, ref: ProviderClient) -> None:
    assert [c.json(HI, {"name": "qwen-chat"})["total"] for c in (v, ref)] == [0, 5]


@shows("huawei-instances-filters-ored")
def filters_ored(v: ProviderClient, ref: ProviderClient) -> None:
    either = {
        item["id"]
        for param in ({"type": "LLM_MODEL"}, {"visibility": "PUBLIC"})
        for item in ref.walk(HI, param)
    }
    both = {"type": "LLM_MODEL", "visibility": "PUBLIC"}
    assert {item["id"] for item in v.walk(HI, both)} == either
    assert len(ref.walk(HI, both)) < len(either)


@shows("huawei-endpoints-type-ignored")
def type_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HE, {"type": "job"})["total"] == 37


@shows("huawei-endpoints-visibility-inverted")
def visibility_inverted(v: ProviderClient, ref: ProviderClient) -> None:
    assert {item["visibility"] for item in v.walk(HE, {"visibility": "PRIVATE"})} == {"PUBLIC"}


@shows("pai-eas-label-value-ignored")
def label_value_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert (
        label_total(v, {"app": "chat"}) == label_total(ref, {"app": None}) > label_total(ref, {"app": "chat"})
    )


@shows("pai-eas-label-key-only-literal")
def label_key_only_literal(v: ProviderClient, ref: ProviderClient) -> None:
    assert [label_total(v, {"app": None}), label_total(v, {"app": ""})] == [0, 0]
    assert label_total(v, {"app": "chat"}) == label_total(ref, {"app": "chat"}) > 0


@shows("ha3-name-inverted")
def name_inverted(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HA3, {"name": "qwen-chat-01"})["totalCount"] == 36


@shows("ha3-type-ignored")
def ha3_type_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HA3, {"type": "image_analyze"})["totalCount"] == 37


@shows("zstack-q-ne-as-eq")
def ne_as_eq(v: ProviderClient, ref: ProviderClient) -> None:
    assert q_count(v, "framework!=vLLM") == q_count(ref, "framework=vLLM")


@shows("zstack-q-gt-as-ge")
def gt_as_ge(v: ProviderClient, ref: ProviderClient) -> None:
    assert q_count(v, "requestCpu>16") == q_count(ref, "requestCpu>=16") > q_count(ref, "requestCpu>16")


@shows("zstack-q-like-as-exact")
def like_as_exact(v: ProviderClient, ref: ProviderClient) -> None:
    assert [q_count(c, "framework~=%LLM%") for c in (v, ref)] == [
        0,
        q_count(ref, "framework?=vLLM,TensorRT-LLM"),
    ]


@shows("zstack-q-in-first-only")
def in_first_only(v: ProviderClient, ref: ProviderClient) -> None:
    assert q_count(v, "framework?=vLLM,SGLang") == q_count(ref, "framework=vLLM")


@shows("zstack-q-is-null-inverted")
def is_null_inverted(v: ProviderClient, ref: ProviderClient) -> None:
    assert q_count(v, "gpuComputeCapability is null") == q_count(ref, "gpuComputeCapability not null")


@shows("zstack-q-only-first-condition")
def only_first_condition(v: ProviderClient, ref: ProviderClient) -> None:
    assert q_count(v, "framework=vLLM", "requestCpu=8") == q_count(ref, "framework=vLLM")


# --- sorting -----------------------------------------------------------------------------------------


@shows("huawei-instances-duration-sort-ignored")
def duration_sort_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    asc = {"order_by": "ASC", "limit": "100"}
    assert items(v, HI, {**asc, "sort_by": "DURATION"}) == items(ref, HI, {**asc, "sort_by": "CREATE_TIME"})


@shows("huawei-instances-default-ascending")
def default_ascending(v: ProviderClient, ref: ProviderClient) -> None:
    everything = {"limit": "100"}
    assert items(v, HI, everything) == items(ref, HI, {**everything, "order_by": "ASC"})
    assert items(v, HI, {**everything, "order_by": "DESC"}) == items(ref, HI, everything)


@shows("pai-eas-order-ignored")
def order_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, PAI, {"Order": "asc"}) == items(ref, PAI)


@shows("pai-eas-default-by-update-time")
def default_by_update_time(v: ProviderClient, ref: ProviderClient) -> None:
    served = [item["UpdateTime"] for item in items(v, PAI)]
    assert served == sorted(served, reverse=True)
    assert items(v, PAI) != items(ref, PAI)


@shows("huawei-endpoints-empty-token-accepted")
def empty_token_accepted(v: ProviderClient, ref: ProviderClient) -> None:
    empty = {"X-Auth-Token": ""}
    assert ref.get(HE, auth=None, headers=empty).status_code in (401, 403)
    assert v.get(HE, auth=None, headers=empty).status_code == 200
    assert v.get(HE, auth=None).status_code == 401  # no header at all is still refused


@shows("zstack-desc-ignored-with-q")
def zstack_desc_ignored_with_q(v: ProviderClient, ref: ProviderClient) -> None:
    sized = {"q": "requestMemory>0", "limit": "50"}
    assert items(v, ZS, {"sort": "-createDate", "limit": "50"}) == items(
        ref, ZS, {"sort": "-createDate", "limit": "50"}
    )
    assert items(v, ZS, {**sized, "sort": "-createDate"}) == items(ref, ZS, {**sized, "sort": "+createDate"})
    assert items(v, ZS, {**sized, "sort": "-createDate"}) != items(ref, ZS, {**sized, "sort": "-createDate"})


@shows("zstack-sort-inverted")
def sort_inverted(v: ProviderClient, ref: ProviderClient) -> None:
    assert items(v, ZS, {"sort": "-requestMemory", "limit": "50"}) == items(
        ref, ZS, {"sort": "requestMemory", "limit": "50"}
    )


@shows("zstack-sort-within-page")
def sort_within_page(v: ProviderClient, ref: ProviderClient) -> None:
    page = items(v, ZS, {"sort": "-size", "limit": "20"})
    assert page == sorted(items(ref, ZS, {"limit": "20"}), key=lambda item: -item["size"])
    assert page != items(ref, ZS, {"sort": "-size", "limit": "20"})


# --- errors, credentials, server errors ----------------------------------------------------------------


@shows("huawei-instances-error-missing-msg")
def error_missing_msg(v: ProviderClient, ref: ProviderClient) -> None:
    assert sorted(v.get(HI, {"limit": "abc"}).json) == ["error_code"]


@shows("huawei-instances-unknown-workspace-200")
def unknown_workspace_200(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HI, path_id="ws-unknown") == {"total": 0, "service_instances": []}
    assert ref.get(HI, path_id="ws-unknown").status_code == 404


@shows("huawei-instances-bad-param-500")
def bad_param_500(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.get(HI, {"limit": "abc"}).status_code == 500


@shows("huawei-endpoints-bad-param-html")
def bad_param_html(v: ProviderClient, ref: ProviderClient) -> None:
    assert media(v, HE, {"limit": "abc"}) == "text/html"


@shows("huawei-endpoints-type-mismatch-422")
def type_mismatch_422(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.get(HE, {"limit": "abc"}).status_code == 422


@shows("pai-eas-error-text-body")
def error_text_body(v: ProviderClient, ref: ProviderClient) -> None:
    response = v.get(PAI, {"PageSize": "abc"})
    assert response.status_code == 400 and media(v, PAI, {"PageSize": "abc"}) == "text/plain"


@shows("ha3-invalid-credentials-no-code")
def invalid_credentials_no_code(v: ProviderClient, ref: ProviderClient) -> None:
    assert "Code" not in with_credentials(v, **BAD_ALIBABA_SECRET).get(HA3).json
    assert "Code" in v.get(HA3, auth=None).json  # other errors keep theirs


@shows("ha3-unknown-instance-200")
def unknown_instance_200(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.json(HA3, path_id="ha-cn-unknown")["totalCount"] == 37


@shows("zstack-format-error-json")
def format_error_json(v: ProviderClient, ref: ProviderClient) -> None:
    assert (media(v, ZS, {"limit": "abc"}), media(ref, ZS, {"limit": "abc"})) == (
        "application/json",
        "text/plain",
    )


@shows("huawei-instances-token-not-checked")
def token_not_checked(v: ProviderClient, ref: ProviderClient) -> None:
    assert with_credentials(v, HUAWEI_AUTH_TOKEN="not-the-token").get(HI).status_code == 200


@shows("huawei-aksk-signature-not-checked")
def aksk_not_checked(v: ProviderClient, ref: ProviderClient) -> None:
    wrong_sk = with_credentials(v, HUAWEICLOUD_SDK_SK="not-the-sk")
    assert [wrong_sk.get(api, auth="huawei-aksk").status_code for api in (HI, HE)] == [200, 200]
    assert with_credentials(v, HUAWEI_AUTH_TOKEN="not-the-token").get(HI).status_code == 403


@shows("huawei-endpoints-no-credentials-accepted")
def endpoints_no_credentials(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.get(HE, auth=None).status_code == 200


@shows("pai-eas-signature-not-checked")
def signature_not_checked(v: ProviderClient, ref: ProviderClient) -> None:
    assert with_credentials(v, **BAD_ALIBABA_SECRET).get(PAI).status_code == 200


@shows("ha3-no-credentials-accepted")
def ha3_no_credentials(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.get(HA3, auth=None).status_code == 200


@shows("zstack-session-not-checked")
def session_not_checked(v: ProviderClient, ref: ProviderClient) -> None:
    assert with_credentials(v, ZSTACK_SESSION_UUID="0" * 32).get(ZS, {"limit": "1"}).status_code == 200


@shows("zstack-no-authorization-accepted")
def no_authorization(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.get(ZS, {"limit": "1"}, auth=None).status_code == 200


@shows("huawei-instances-500-on-public")
def fails_on_public(v: ProviderClient, ref: ProviderClient) -> None:
    assert [v.get(HI, {"visibility": p}).status_code for p in ("PUBLIC", "PRIVATE")] == [500, 200]


@shows("pai-eas-500-from-page-4")
def fails_from_page_4(v: ProviderClient, ref: ProviderClient) -> None:
    assert [v.get(PAI, {"PageNumber": p}).status_code for p in ("4", "3")] == [500, 200]


@shows("ha3-500-on-image-analyze")
def fails_on_image_analyze(v: ProviderClient, ref: ProviderClient) -> None:
    assert [v.get(HA3, {"type": t}).status_code for t in ("image_analyze", "text_embedding")] == [500, 200]


@shows("zstack-500-on-sort-size")
def fails_on_sort_size(v: ProviderClient, ref: ProviderClient) -> None:
    assert v.get(ZS, {"sort": "-size", "limit": "1"}).status_code >= 500
    assert v.get(ZS, {"sort": "-name", "limit": "1"}).status_code == 200


# --- API-specific --------------------------------------------------------------------------------------


@shows("zstack-success-inconsistent")
def success_inconsistent(v: ProviderClient, ref: ProviderClient) -> None:
    body = v.json(ZS, {"limit": "2"})
    assert (body["success"], body["error"], len(body["inventories"])) == (False, None, 2)


@shows("zstack-success-false-on-last-page")
def success_false_on_last_page(v: ProviderClient, ref: ProviderClient) -> None:
    counted = {"replyWithCount": "true"}
    assert [v.json(ZS, {**counted, "start": s})["success"] for s in ("3000", "2000")] == [False, True]


@shows("zstack-q-without-operator-ignored")
def q_without_operator(v: ProviderClient, ref: ProviderClient) -> None:
    assert [c.get(ZS, {"q": "name", "limit": "1"}).status_code for c in (v, ref)] == [200, 400]


@shows("pai-eas-echo-size-on-last-page")
def echo_size_on_last_page(v: ProviderClient, ref: ProviderClient) -> None:
    assert [v.json(PAI, {"PageNumber": p})["PageSize"] for p in ("4", "3")] == [47, 100]


@shows("pai-eas-request-id-missing")
def pai_request_id_missing(v: ProviderClient, ref: ProviderClient) -> None:
    assert "RequestId" not in v.json(PAI, {"PageSize": "1"})


@shows("ha3-request-id-missing")
def ha3_request_id_missing(v: ProviderClient, ref: ProviderClient) -> None:
    assert "requestId" not in v.json(HA3)


def test_every_faulty_variant_has_a_direct_check() -> None:
    assert set(CHECKS) == {name for name, variant in VARIANTS.items() if not variant.conformant}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_fault_shows_in_a_direct_request(
    name: str, config: ProviderConfig, provider: ProviderClient
) -> None:
    CHECKS[name](ProviderClient(create_app(config, name), config), provider)


@shows("huawei-endpoints-unknown-enum-ignored")
def unknown_enum_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert ref.get(HE, {"visibility": "AAA"}).status_code == 400
    assert v.json(HE, {"visibility": "AAA"})["total"] == ref.json(HE)["total"]  # unfiltered
    assert v.get(HE, {"limit": "0"}).status_code == ref.get(HE, {"limit": "0"}).status_code  # only enums


@shows("pai-eas-unknown-enum-ignored")
def pai_unknown_enum_ignored(v: ProviderClient, ref: ProviderClient) -> None:
    assert ref.get(PAI, {"TrafficState": "AAA"}).status_code == 400
    assert v.json(PAI, {"TrafficState": "AAA"})["TotalCount"] == ref.json(PAI)["TotalCount"]
