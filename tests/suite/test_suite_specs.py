"""contract_tests.model.specs: load_spec errors and the ApiSpec accessors on the real specs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pinned import PINNED

from contract_tests.model.specs import ApiSpec, SecurityScheme, SpecError, all_specs, load_spec

X_LIST = {"items": "items", "item-id": "id", "pagination": {"style": "none"}}


def _document(*operations: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for route, method, operation in operations:
        paths.setdefault(route, {})[method] = operation
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}


def _write(tmp_path: Path, content: Any, name: str = "api.yaml") -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content), encoding="utf-8")
    return path


def test_all_specs_keys() -> None:
    # Every spec of the folder, keyed by its stem: the five real ones and any added beside them.
    assert set(PINNED) <= set(all_specs())
    assert all(key == spec.path.stem for key, spec in all_specs().items())


def test_minimal_spec_loads(tmp_path: Path) -> None:
    doc = _document(("/things", "get", {"operationId": "ListThings", "x-list": X_LIST, "responses": {}}))
    spec = load_spec(_write(tmp_path, doc, "things.yaml"))
    assert (spec.key, spec.route, spec.method, spec.operation_id) == (
        "things",
        "/things",
        "get",
        "ListThings",
    )
    assert spec.label == "GET /things"
    assert spec.error_cases == ()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read spec"),  # file does not exist
        ("a: [unclosed\n", "cannot read spec"),
        ("- just\n- a list\n", "not an OpenAPI document (no `paths`)"),
        ({"openapi": "3.0.3", "info": {}}, "not an OpenAPI document (no `paths`)"),
        (_document(("/a", "get", {"responses": {}})), "expected exactly one operation with x-list, found 0"),
        (
            _document(("/a", "get", {"x-list": X_LIST}), ("/b", "get", {"x-list": X_LIST})),
            "expected exactly one operation with x-list, found 2",
        ),
        (
            _document(("/a", "get", {"x-list": {**X_LIST, "pagination": {"style": "cursor"}}})),
            "x-list.pagination.style: 'cursor' is not one of",
        ),
        (_document(("/a", "get", {"x-list": {"item-id": "id"}})), "x-list: 'items' is a required property"),
        (
            _document(("/a", "get", {"x-list": X_LIST, "x-error-cases": {"bad": {"status": ["x"]}}})),
            "x-error-cases: 'bad' does not match any of the regexes",
        ),
        (
            _document(
                (
                    "/a",
                    "get",
                    {"x-list": {**X_LIST, "filters": [{"param": "q", "field": "q", "match": "fuzzy"}]}},
                )
            ),
            "x-list.filters.0.match: 'fuzzy' is not one of",
        ),
    ],
)
def test_load_spec_errors(tmp_path: Path, content: Any, message: str) -> None:
    path = tmp_path / "missing.yaml" if content is None else _write(tmp_path, content)
    with pytest.raises(SpecError) as info:
        load_spec(path)
    text = str(info.value)
    assert text.startswith(str(path)) and message in text
    assert "\n" not in text


def test_x_list_outside_http_methods_is_ignored(tmp_path: Path) -> None:
    doc = _document(("/a", "get", {"x-list": X_LIST}))
    doc["paths"]["/a"]["parameters"] = []
    doc["paths"]["/a"]["x-other"] = {"x-list": X_LIST}
    assert load_spec(_write(tmp_path, doc)).route == "/a"


@pytest.fixture(scope="module")
def pai() -> ApiSpec:
    return all_specs()["pai-eas-services"]


@pytest.fixture(scope="module")
def zstack() -> ApiSpec:
    return all_specs()["zstack-model-services"]


def test_resolve_and_lookup(pai: ApiSpec) -> None:
    ref = {"$ref": "#/components/schemas/LabelFilter"}
    assert pai.resolve(ref) is pai.document["components"]["schemas"]["LabelFilter"]
    assert pai.resolve({"type": "string"}) == {"type": "string"}
    assert pai.resolve(5) == 5
    assert pai.lookup("#/paths/~1api~1v2~1services/get") is pai.operation
    with pytest.raises(SpecError, match="only local \\$refs"):
        pai.lookup("other.yaml#/x")


def test_resolve_cycle_is_an_error(tmp_path: Path) -> None:
    doc = _document(("/a", "get", {"x-list": X_LIST}))
    doc["components"] = {
        "schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    }
    spec = load_spec(_write(tmp_path, doc))
    with pytest.raises(SpecError, match="\\$ref cycle"):
        spec.resolve({"$ref": "#/components/schemas/A"})


def test_parameters_merge_path_level_and_resolve_refs(tmp_path: Path) -> None:
    doc = _document(
        (
            "/w/{id}",
            "get",
            {
                "x-list": X_LIST,
                "parameters": [
                    {"$ref": "#/components/parameters/Limit"},
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                ],
            },
        )
    )
    doc["paths"]["/w/{id}"]["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "x-target-var": "W"}
    ]
    doc["components"] = {
        "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}}
    }
    spec = load_spec(_write(tmp_path, doc))
    assert set(spec.parameters) == {"id", "limit"}
    assert spec.parameter_schema("id") == {"type": "integer"}  # the operation overrides the path item
    assert spec.path_parameters() == {"id": None}
    assert spec.parameter_schema("limit") == {"type": "integer"}


def test_parameter_schema(pai: ApiSpec) -> None:
    assert pai.parameter_schema("PageSize")["type"] == "integer"
    label = pai.parameter_schema("Label")  # a `content` parameter, schema behind a $ref
    assert label is pai.document["components"]["schemas"]["LabelFilter"]
    assert label.get("type") == "object"
    assert pai.parameters["Label"]["in"] == "query"
    with pytest.raises(KeyError):
        pai.parameter_schema("NoSuchParam")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("huawei-endpoints", {"workspace_id": "HUAWEI_WORKSPACE_ID"}),
        ("huawei-service-instances", {"workspace_id": "HUAWEI_WORKSPACE_ID"}),
        ("opensearch-ha3-models", {"instanceId": "HA3_INSTANCE_ID"}),
        ("pai-eas-services", {}),
        ("zstack-model-services", {}),
    ],
)
def test_path_parameters(key: str, expected: dict[str, str]) -> None:
    assert all_specs()[key].path_parameters() == expected


def test_response_media(zstack: ApiSpec, pai: ApiSpec) -> None:
    assert zstack.response_media(400) == ("text/plain", {"type": "string"})
    media = zstack.response_media("503")
    assert media is not None and media[0] == "application/json"
    assert zstack.response_media(401) is None  # undocumented status
    assert pai.response_media(200) is not None and pai.response_media(200)[0] == "application/json"  # type: ignore[index]
    assert pai.response_media(418) is None


def test_response_falls_back_to_range_and_default(tmp_path: Path) -> None:
    empty = {"description": "no body"}
    doc = _document(
        ("/a", "get", {"x-list": X_LIST, "responses": {"4XX": {"description": "client"}, "default": empty}})
    )
    spec = load_spec(_write(tmp_path, doc))
    assert spec.response(404) == {"description": "client"}
    assert spec.response(500) == empty
    assert spec.response_media(500) == ("", None)


@pytest.mark.parametrize(
    ("key", "present"),
    [
        ("huawei-endpoints", {"id", "name", "visibility", "type"}),
        ("huawei-service-instances", {"id", "name", "source", "duration", "create_time"}),
        ("opensearch-ha3-models", {"name", "type", "status"}),
        ("pai-eas-services", {"ServiceId", "ServiceName", "Labels", "Status", "CreateTime"}),
        ("zstack-model-services", {"uuid", "name", "requestCpu", "createDate", "system"}),
    ],
)
def test_item_schema(key: str, present: set[str]) -> None:
    spec = all_specs()[key]
    item = spec.item_schema
    assert item.get("type") == "object"
    assert present <= set(item["properties"])
    assert spec.semantics.item_id in item["properties"]


def test_item_schema_without_200_is_an_error(tmp_path: Path) -> None:
    spec = load_spec(_write(tmp_path, _document(("/a", "get", {"x-list": X_LIST, "responses": {}}))))
    with pytest.raises(SpecError, match="no 200 JSON schema"):
        _ = spec.item_schema


def test_security_schemes() -> None:
    specs = all_specs()
    huawei = specs["huawei-endpoints"].security_schemes
    assert [(s.kind, s.credential_vars) for s in huawei] == [
        ("huawei-token", ("HUAWEI_AUTH_TOKEN",)),
        ("huawei-aksk", ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK")),
    ]
    assert specs["pai-eas-services"].security_schemes == (
        SecurityScheme(
            "Acs3HmacSha256",
            "acs3-hmac-sha256",
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
            "2021-07-01",
            header="Authorization",  # the apiKey header that carries the signature
        ),
    )
    assert [s.header for s in huawei] == ["X-Auth-Token", "Authorization"]
    assert specs["opensearch-ha3-models"].security_schemes[0].acs_version == "2021-10-25"
    assert [s.kind for s in specs["zstack-model-services"].security_schemes] == ["zstack-oauth"]


def test_security_scheme_without_auth_kind_is_an_error(tmp_path: Path) -> None:
    doc = _document(("/a", "get", {"x-list": X_LIST, "security": [{"Key": []}]}))
    doc["components"] = {"securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "K"}}}
    spec = load_spec(_write(tmp_path, doc))
    with pytest.raises(SpecError, match="security scheme Key lacks x-auth-kind"):
        _ = spec.security_schemes


def test_fact() -> None:
    spec = all_specs()["huawei-endpoints"]
    fact = spec.fact("limit", "no_such_param")
    # A user lacks the seed documents: a fact names the document by title and quotes its row.
    title = spec.document["info"]["title"]
    row = json.loads((spec.path.parent / "seed-facts" / "huawei-endpoints.json").read_text())[
        "parameter_rows"
    ]
    line, text = row["limit"]["line"], row["limit"]["text"]
    assert fact.startswith(f"document “{title}”, ListEndpoints — `limit` (line {line}: “{text}”): ")
    assert "no_such_param" not in fact and ".txt" not in fact
    assert spec.fact() == f"document “{title}”, ListEndpoints"


def test_fact_truncates_and_uses_seed(tmp_path: Path) -> None:
    doc = _document(
        (
            "/a",
            "get",
            {
                "operationId": "ListA",
                "x-list": X_LIST,
                "parameters": [
                    {"name": "long", "in": "query", "description": "word\n  " * 100},
                    {"name": "bare", "in": "query"},
                ],
            },
        )
    )
    doc["info"]["x-seed"] = "seeds/a.md"
    spec = load_spec(_write(tmp_path, doc))
    fact = spec.fact("long", "bare")
    # No owned seed facts beside this spec: nothing to quote, the title still names the document.
    assert fact.startswith(f"document “{doc['info']['title']}”, ListA — `long`: word word")
    assert fact.endswith("; `bare`")
    description = fact.split("`long`: ")[1].split(";")[0]
    assert len(description) <= 160 and "\n" not in description
    assert description.endswith("word …")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short enough.", "Short enough."),
        # A sentence end in the second half of the room: the cut is there.
        ("First sentence is here. " + "second goes on and on " * 8, "First sentence is here. …"),
        # No sentence end late enough: the last whole word.
        ("alpha " * 10 + "omegaword", "alpha alpha alpha alpha alpha alpha alpha …"),
        ("按标签过滤。" * 3 + "值可以为任意值" * 5, "按标签过滤。按标签过滤。按标签过滤。 …"),
    ],
)
def test_a_long_rule_is_cut_at_a_sentence_or_word_boundary(text: str, expected: str) -> None:
    """Issue 22: the quoted document rule was cut mid-sentence (and mid-word)."""
    from contract_tests.model.citations import shorten

    limit = 48
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


def test_the_longest_real_description_is_cut_after_a_sentence() -> None:
    fact = all_specs()["zstack-model-services"].fact("q")
    assert "all conditions are ANDed. … [source:" in fact


def test_credential_variables_are_the_ones_the_specs_declare() -> None:
    from contract_tests.config.target import credential_variables
    from contract_tests.model.specs import all_specs, declared_credential_variables

    names = declared_credential_variables(all_specs())
    assert credential_variables() == names
    assert {"HUAWEI_AUTH_TOKEN", "HUAWEICLOUD_SDK_SK", "HUAWEI_PROJECT_ID", "ZSTACK_SESSION_UUID"} <= set(
        names
    )
    assert names.index("HUAWEICLOUD_SDK_SK") < names.index("HUAWEI_PROJECT_ID")  # required ones first
