"""In-process client for the provider tests: requests signed the way the contract suite signs them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import requests
from werkzeug.test import Client, TestResponse

from contract_tests.model.specs import SecurityScheme
from contract_tests.transport.signing import auth_for
from reference_provider import ProviderApp, ProviderConfig
from tests.suite.pinned import pinned_specs

Params = Mapping[str, Any] | Sequence[tuple[str, Any]]

# The five real specs, read by the suite's spec reader: paths, auth and paging are written there once.
SPECS = pinned_specs()


def scheme_for(api: str, kind: str | None) -> SecurityScheme | None:
    """The spec's scheme of `kind` (None: the first one the operation names, which the suite signs with);
    None when the spec has no scheme of that kind (auth_for then takes the first one in any spec)."""
    schemes = SPECS[api].security_schemes
    return schemes[0] if kind is None else next((s for s in schemes if s.kind == kind), None)


def items_key(api: str) -> str:
    return SPECS[api].semantics.items


def acs3_action(api: str) -> tuple[str, str | None]:
    """(action, version) an ACS3 signature names: the operationId and the scheme's `x-acs-version`."""
    return SPECS[api].operation_id, SPECS[api].security_schemes[0].acs_version


def api_path(api: str, config: ProviderConfig, path_id: str | None = None) -> str:
    """The spec's route with each path parameter set from its `x-target-var` (or `path_id`)."""
    spec = SPECS[api]
    path = spec.route
    for name, variable in spec.path_parameters().items():
        value = path_id or getattr(config, str(variable).lower())
        path = path.replace("{" + name + "}", value)
    return path


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
        scheme = scheme_for(api, kind)
        auth_kind = kind or SPECS[api].security_schemes[0].kind
        auth = auth_for(auth_kind, self.credentials, scheme=scheme, action=SPECS[api].operation_id)
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
        semantics = SPECS[api].semantics
        paging_spec = semantics.pagination
        offset_style = paging_spec.style == "offset"
        position_param = paging_spec.offset_param if offset_style else paging_spec.page_param
        collected: list[dict[str, Any]] = []
        extra = list(params.items()) if isinstance(params, Mapping) else list(params)
        for page in range(1, 1000):
            position = str(len(collected)) if offset_style else str(page)
            paging = [(paging_spec.size_param, "100"), (position_param, position)]
            body = self.json(api, extra + paging, **kwargs)
            items = body[semantics.items]
            collected.extend(items)
            if len(items) < 100:
                return collected
        raise AssertionError("walk did not end")
