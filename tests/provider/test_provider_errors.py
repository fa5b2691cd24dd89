"""Error bodies per API (shape and content type), unknown path ids, unknown paths, methods, headers."""

from __future__ import annotations

import pytest
from provider_client import ProviderClient

from reference_provider import ProviderConfig, create_app
from reference_provider.variants import wrap_stage

JSON = "application/json"


def test_huawei_bad_request_body(provider: ProviderClient) -> None:
    response = provider.get("huawei-service-instances", {"limit": "abc"})
    assert response.status_code == 400
    assert response.mimetype == JSON
    assert response.json == {
        "error_code": "common.01000001",
        "error_msg": "failed to read http request, please check your input, code: 400, "
        "reason: Type mismatch., cause: TypeMismatchException",
    }
    assert response.headers["X-Request-Id"]


def test_huawei_instances_unknown_workspace_is_404(provider: ProviderClient) -> None:
    response = provider.get("huawei-service-instances", path_id="ws-unknown")
    assert response.status_code == 404
    assert response.json == {
        "error_code": "common.01000001",
        "error_msg": "response status exception, code: 404",
    }


def test_huawei_endpoints_unknown_workspace_is_400(provider: ProviderClient) -> None:
    response = provider.get("huawei-endpoints", path_id="ws-unknown")
    assert response.status_code == 400
    assert response.json["error_code"] == "common.01000001"
    assert set(response.json) == {"error_code", "error_msg"}


@pytest.mark.parametrize("api", ["huawei-service-instances", "huawei-endpoints"])
def test_huawei_empty_workspace(provider: ProviderClient, api: str) -> None:
    body = provider.json(api, path_id=provider.config.huawei_empty_workspace_id)
    key = "service_instances" if api == "huawei-service-instances" else "endpoints"
    assert body == {"total": 0, key: []}


@pytest.mark.parametrize("api", ["huawei-service-instances", "huawei-endpoints"])
def test_every_huawei_response_has_a_request_id(provider: ProviderClient, api: str) -> None:
    for response in (provider.get(api), provider.get(api, {"limit": "0"}), provider.get(api, auth=None)):
        assert len(response.headers["X-Request-Id"]) == 32


def test_pai_eas_error_body(provider: ProviderClient) -> None:
    response = provider.get("pai-eas-services", {"PageSize": "abc"})
    assert response.status_code == 400
    assert response.mimetype == JSON
    body = response.json
    assert body["Code"] == "InvalidParameter"
    assert body["Message"]
    assert body["RequestId"] == response.headers["x-acs-request-id"]


def test_pai_eas_request_id_in_body_and_header(provider: ProviderClient) -> None:
    response = provider.get("pai-eas-services", {"PageSize": "1"})
    assert response.json["RequestId"] == response.headers["x-acs-request-id"]


def test_ha3_unknown_instance_is_404(provider: ProviderClient) -> None:
    response = provider.get("opensearch-ha3-models", path_id="ha-cn-unknown")
    assert response.status_code == 404
    assert response.mimetype == JSON
    body = response.json
    assert (body["code"], body["httpCode"]) == ("InstanceNotFound", 404)
    assert body["message"]
    assert body["requestId"] == response.headers["x-acs-request-id"]


def test_ha3_bad_param_is_lower_camel(provider: ProviderClient) -> None:
    body = provider.get("opensearch-ha3-models", {"pageNumber": "x"}).json
    assert set(body) == {"requestId", "code", "message", "httpCode"}


def test_zstack_format_errors_are_plain_text(provider: ProviderClient) -> None:
    response = provider.get("zstack-model-services", {"q": "nonsense"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "query operator" in response.get_data(as_text=True)


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
def test_success_is_json(provider: ProviderClient, api: str) -> None:
    response = provider.get(api, {})
    assert response.status_code == 200
    assert response.mimetype == JSON


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
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(provider: ProviderClient, api: str, method: str) -> None:
    response = provider.get(api, method=method)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("api", ["huawei-service-instances", "pai-eas-services", "zstack-model-services"])
def test_head_has_the_get_headers_and_no_body(provider: ProviderClient, api: str) -> None:
    get = provider.get(api)
    head = provider.get(api, method="HEAD")
    assert head.status_code == 200
    assert head.get_data() == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_options_lists_the_allowed_methods(provider: ProviderClient) -> None:
    response = provider.get("opensearch-ha3-models", method="OPTIONS", auth=None)
    assert response.status_code == 204
    assert response.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [("/nowhere", "text/plain"), ("/zstack/v1/ai/models", "text/plain"), ("/v1/workspaces/x/things", JSON),
     ("/api/v2/nothing", JSON), ("/openapi/ha3/instances/x/other", JSON)],
)  # fmt: skip
def test_unknown_paths_are_404(provider: ProviderClient, path: str, mimetype: str) -> None:
    response = provider.client.get(path)
    assert response.status_code == 404
    assert response.mimetype == mimetype


def test_trailing_slash_is_served_without_redirect(provider: ProviderClient) -> None:
    headers = {"Authorization": f"OAuth {provider.config.zstack_session_uuid}"}
    assert provider.client.get("/zstack/v1/ai/model-services/?limit=1", headers=headers).status_code == 200


def test_auth_is_checked_before_parameters(provider: ProviderClient) -> None:
    assert provider.get("huawei-service-instances", {"limit": "abc"}, auth=None).status_code == 401
    assert (
        provider.get("pai-eas-services", {"PageSize": "abc"}, auth=None).json["Code"] == "IncompleteSignature"
    )
    assert (
        provider.get("zstack-model-services", {"q": "x"}, auth=None).get_data(as_text=True)
        == "missing header 'Authorization'"
    )


@pytest.mark.parametrize(
    ("api", "status", "field"),
    [
        ("huawei-service-instances", 500, "error_code"),
        ("pai-eas-services", 500, "Code"),
        ("opensearch-ha3-models", 500, "code"),
        ("zstack-model-services", 503, "error"),
    ],
)
def test_an_unexpected_failure_answers_the_documented_server_error(
    config: ProviderConfig, api: str, status: int, field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = ProviderClient(create_app(config), config)

    def explode(original: object, handler: object) -> object:
        def select(*args: object) -> object:
            raise RuntimeError("boom")

        return select

    wrap_stage(broken.app.handlers[api], "select", explode)
    response = broken.get(api)
    assert response.status_code == status
    assert response.mimetype == JSON
    assert field in response.json
    assert "RuntimeError: boom" in capsys.readouterr().err


def test_options_on_huawei_carries_a_request_id(provider: ProviderClient) -> None:
    assert provider.get("huawei-endpoints", method="OPTIONS", auth=None).headers["X-Request-Id"]
