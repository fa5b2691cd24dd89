"""In-process client for the provider tests: requests signed the way the contract suite signs them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import requests
from werkzeug.test import Client, TestResponse

from contract_tests.transport.signing import auth_for
from reference_provider import ProviderApp, ProviderConfig

Params = Mapping[str, Any] | Sequence[tuple[str, Any]]

DEFAULT_AUTH = {
    "huawei-instances": "huawei-token",
    "huawei-endpoints": "huawei-token",
    "pai-eas": "acs3-hmac-sha256",
    "ha3": "acs3-hmac-sha256",
    "zstack": "zstack-oauth",
}
ACS3_ACTIONS = {"pai-eas": ("ListServices", "2021-07-01"), "ha3": ("ListModels", "2021-10-25")}


def api_path(api: str, config: ProviderConfig, path_id: str | None = None) -> str:
    if api == "huawei-instances":
        return f"/v1/workspaces/{path_id or config.huawei_workspace_id}/services/instances"
    if api == "huawei-endpoints":
        return f"/v1/workspaces/{path_id or config.huawei_workspace_id}/endpoints"
    if api == "pai-eas":
        return "/api/v2/services"
    if api == "ha3":
        return f"/openapi/ha3/instances/{path_id or config.ha3_instance_id}/models"
    if api == "zstack":
        return "/zstack/v1/ai/model-services"
    raise ValueError(api)


class ProviderClient:
    """Sends requests to an in-process app, signed the way the contract suite signs them."""

    def __init__(self, app: ProviderApp, config: ProviderConfig) -> None:
        self.app = app
        self.config = config
        self.client = Client(app)
        self.credentials = {name: getattr(config, name.lower()) for name in ProviderConfig.env_names()}

    def signed_headers(
        self, api: str, path: str, params: Params, kind: str | None = None, method: str = "GET"
    ) -> dict[str, str]:
        auth_kind = kind or DEFAULT_AUTH[api]
        action, version = ACS3_ACTIONS.get(api, (None, None))
        auth = auth_for(auth_kind, self.credentials, action=action, version=version)
        prepared = requests.Request(method, f"http://localhost{path}", params=params).prepare()
        return dict(auth(prepared).headers)

    def get(
        self,
        api: str,
        params: Params = (),
        *,
        path_id: str | None = None,
        auth: str | None = "default",
        headers: Mapping[str, str] | None = None,
        method: str = "GET",
    ) -> TestResponse:
        path = api_path(api, self.config, path_id)
        prepared = requests.Request("GET", f"http://localhost{path}", params=params).prepare()
        sent: dict[str, str] = {}
        if auth is not None:
            kind = None if auth == "default" else auth
            sent.update(self.signed_headers(api, path, params, kind, method))
        sent.update(headers or {})
        sent.pop("Content-Length", None)
        return self.client.open(prepared.path_url, method=method, headers=sent)

    def json(self, api: str, params: Params = (), **kwargs: Any) -> Any:
        response = self.get(api, params, **kwargs)
        assert response.status_code == 200, (response.status_code, response.get_data(as_text=True))
        return response.json

    def walk(self, api: str, params: Params = (), **kwargs: Any) -> list[dict[str, Any]]:
        """Every item across pages at the largest page size, in served order."""
        items_key, size_param, offset_style = WALK[api]
        collected: list[dict[str, Any]] = []
        extra = list(params.items()) if isinstance(params, Mapping) else list(params)
        for page in range(1, 1000):
            position = str(len(collected)) if offset_style else str(page)
            paging = [(size_param, "100"), (POSITION_PARAM[api], position)]
            body = self.json(api, extra + paging, **kwargs)
            items = body[items_key]
            collected.extend(items)
            if len(items) < 100:
                return collected
        raise AssertionError("walk did not end")


POSITION_PARAM = {
    "huawei-instances": "offset",
    "huawei-endpoints": "offset",
    "pai-eas": "PageNumber",
    "ha3": "pageNumber",
    "zstack": "start",
}
WALK = {
    "huawei-instances": ("service_instances", "limit", True),
    "huawei-endpoints": ("endpoints", "limit", True),
    "pai-eas": ("Services", "PageSize", False),
    "ha3": ("result", "pageSize", False),
    "zstack": ("inventories", "limit", True),
}
