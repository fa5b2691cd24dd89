"""ZStack `q`: operator detection, each operator, comma lists, LIKE, null checks, errors, replyWithCount."""

from __future__ import annotations

from typing import Any

import pytest
from provider_client import ProviderClient

from reference_provider.apis.zstack import QUERYABLE_FIELDS
from reference_provider.timefmt import parse_any
from reference_provider.zstack_query import QueryError, compile_query, like_pattern, parse_condition

API = "zstack-model-services"


@pytest.fixture(scope="module")
def walk(provider: ProviderClient) -> list[dict[str, Any]]:
    return provider.walk(API)


def query(provider: ProviderClient, *conditions: str) -> list[dict[str, Any]]:
    params = [("q", condition) for condition in conditions] + [("limit", "5000")]
    return provider.json(API, params)["inventories"]


def uuids(items: list[dict[str, Any]]) -> list[str]:
    return [item["uuid"] for item in items]


@pytest.mark.parametrize(
    ("text", "field", "operator", "value"),
    [
        ("name=a", "name", "=", "a"),
        ("name!=a", "name", "!=", "a"),
        ("size>=5", "size", ">=", "5"),
        ("size<=5", "size", "<=", "5"),
        ("size>5", "size", ">", "5"),
        ("size<5", "size", "<", "5"),
        ("name?=a,b", "name", "?=", "a,b"),
        ("name!?=a,b", "name", "!?=", "a,b"),
        ("name~=%a_", "name", "~=", "%a_"),
        ("name!~=%a", "name", "!~=", "%a"),
        ("name is null", "name", "is null", ""),
        ("name not null", "name", "not null", ""),
        (" name =  spaced ", "name", "=", "  spaced "),  # field trimmed, value kept as sent
        ("name~=a=b", "name", "~=", "a=b"),  # ~= is detected before =
        ("name=x!=y", "name=x", "!=", "y"),  # != comes first in the detection order
    ],
)
def test_operator_detection(text: str, field: str, operator: str, value: str) -> None:
    condition = parse_condition(text)
    assert (condition.field, condition.operator, condition.value) == (field, operator, value)


def test_no_operator_is_an_error() -> None:
    with pytest.raises(QueryError, match="doesn't contain any query operator"):
        parse_condition("274fec2e")


def test_like_pattern() -> None:
    assert like_pattern("llama%").fullmatch("llama-chat-01")
    assert like_pattern("%chat-0_").fullmatch("qwen-chat-07")
    assert not like_pattern("%chat-0_").fullmatch("qwen-chat-070")
    assert like_pattern(r"100\%").fullmatch("100%")
    assert not like_pattern("a.c").fullmatch("abc")  # regex characters are literal


def test_equal_and_not_equal(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    target = walk[17]
    assert uuids(query(provider, f"uuid={target['uuid']}")) == [target["uuid"]]
    assert uuids(query(provider, f"name={target['name']}")) == uuids(
        [i for i in walk if i["name"] == target["name"]]
    )
    framework = target["framework"]
    assert uuids(query(provider, f"framework!={framework}")) == uuids(
        [i for i in walk if i["framework"] != framework]
    )


@pytest.mark.parametrize(("operator", "check"), [(">", int.__gt__), ("<", int.__lt__), (">=", int.__ge__),
                                                 ("<=", int.__le__)])  # fmt: skip
def test_numeric_comparisons(
    provider: ProviderClient, walk: list[dict[str, Any]], operator: str, check: Any
) -> None:
    served = query(provider, f"requestCpu{operator}8")
    assert uuids(served) == uuids([item for item in walk if check(item["requestCpu"], 8)])
    assert served


def test_numbers_compare_numerically_not_as_text(
    provider: ProviderClient, walk: list[dict[str, Any]]
) -> None:
    served = query(provider, "requestMemory>10000")
    assert uuids(served) == uuids([item for item in walk if item["requestMemory"] > 10000])


def test_booleans(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    assert uuids(query(provider, "system=true")) == uuids([item for item in walk if item["system"]])
    assert uuids(query(provider, "supportDistributed=FALSE")) == uuids(
        [item for item in walk if not item["supportDistributed"]]
    )


def test_dates_compare_as_dates(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    pivot = walk[1500]["createDate"]  # Gson form, e.g. "Oct 28, 2025 2:09:26 PM"
    served = query(provider, f"createDate>{pivot}")
    assert uuids(served) == uuids(walk[1501:])
    moment = parse_any(pivot)
    assert moment is not None
    assert uuids(query(provider, f"createDate<={moment.isoformat()}")) == uuids(walk[:1501])


def test_in_and_not_in_lists(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    wanted = {"vLLM", "Ollama"}
    assert uuids(query(provider, "framework?=vLLM,Ollama")) == uuids(
        [i for i in walk if i["framework"] in wanted]
    )
    assert uuids(query(provider, "framework!?=vLLM,Ollama")) == uuids(
        [i for i in walk if i["framework"] not in wanted]
    )
    assert uuids(query(provider, "requestCpu?=1,32")) == uuids(
        [i for i in walk if i["requestCpu"] in (1, 32)]
    )


def test_like_and_not_like(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    served = query(provider, "name~=llama%")
    assert uuids(served) == uuids([item for item in walk if item["name"].startswith("llama")])
    assert served
    assert uuids(query(provider, "name!~=%chat%")) == uuids(
        [item for item in walk if "chat" not in item["name"]]
    )
    assert uuids(query(provider, "name~=text to text model service-000_")) == uuids(
        [item for item in walk if item["name"].startswith("text to text model service-000")]
    )


def test_null_checks(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    absent = [item for item in walk if "gpuComputeCapability" not in item]
    assert 0 < len(absent) < len(walk)
    assert uuids(query(provider, "gpuComputeCapability is null")) == uuids(absent)
    assert uuids(query(provider, "gpuComputeCapability not null")) == uuids(
        [item for item in walk if "gpuComputeCapability" in item]
    )
    assert query(provider, "uuid is null") == []


def test_conditions_are_anded(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    served = query(provider, "name~=%chat%", "requestCpu>=8", "system=false")
    expected = [i for i in walk if "chat" in i["name"] and i["requestCpu"] >= 8 and not i["system"]]
    assert uuids(served) == uuids(expected)
    assert expected


def test_nested_fields(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    owner = next(item for item in walk if item["modelServiceRefs"])
    model_uuid = owner["modelServiceRefs"][0]["modelUuid"]
    assert uuids(query(provider, f"modelServiceRefs.modelUuid={model_uuid}")) == [owner["uuid"]]


def test_reply_with_count_counts_all_matches(provider: ProviderClient, walk: list[dict[str, Any]]) -> None:
    body = provider.json(API, [("q", "name~=%chat%"), ("limit", "3"), ("replyWithCount", "true")])
    assert body["total"] == len([item for item in walk if "chat" in item["name"]])
    assert len(body["inventories"]) == 3
    assert "total" not in provider.json(API, {"limit": "1", "replyWithCount": "false"})
    count_only = provider.json(API, {"count": "true"})
    assert (count_only["total"], count_only["inventories"]) == (3217, [])


def test_success_envelope(provider: ProviderClient) -> None:
    body = provider.json(API, {"limit": "1"})
    assert body["success"] is True
    assert body["error"] is None


@pytest.mark.parametrize("condition", ["274fec2e", "", "name", "size 5"])
def test_conditions_without_an_operator_are_plain_text_400(provider: ProviderClient, condition: str) -> None:
    response = provider.get(API, {"q": condition})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "query operator" in response.get_data(as_text=True)


UNANSWERABLE = [
    "bogus=1",
    "requestCpu>many",
    "system=maybe",
    "createDate>yesterday",
    "=value",
    "modelServiceRefs.bogus=1",
    "\x00=",
    "requestCpu?=1,x",
]


@pytest.mark.parametrize("condition", UNANSWERABLE)
def test_valid_conditions_on_unknown_fields_or_mistyped_values_match_nothing(
    provider: ProviderClient, condition: str
) -> None:
    # The spec calls every condition with an operator valid (q items: pattern '=|<|>|is null|not null').
    body = provider.json(API, {"q": condition, "replyWithCount": "true"})
    assert (body["inventories"], body["total"]) == ([], 0)


@pytest.mark.parametrize("condition", UNANSWERABLE)
def test_strict_conditions_reject_them(condition: str) -> None:
    with pytest.raises(QueryError):
        compile_query([condition], QUERYABLE_FIELDS, strict=True)
