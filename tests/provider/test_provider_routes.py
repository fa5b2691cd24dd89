"""The provider answers on the paths its specs declare: routes are read from specs/, not written twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from provider_client import SPECS

from reference_provider import ProviderConfig, create_app
from reference_provider.apis import API_NAMES
from reference_provider.contracts import ContractError, list_route, served_routes, werkzeug_rule


def test_every_handler_is_keyed_by_a_spec_stem_and_serves_its_route() -> None:
    app = create_app(ProviderConfig.local())
    assert set(API_NAMES) == set(SPECS)
    assert app.routes == {stem: SPECS[stem].route for stem in API_NAMES}


def test_a_path_template_becomes_a_werkzeug_rule() -> None:
    assert (
        werkzeug_rule("/v1/workspaces/{workspace_id}/endpoints") == "/v1/workspaces/<workspace_id>/endpoints"
    )
    assert werkzeug_rule("/api/v2/services") == "/api/v2/services"


def test_unknown_paths_answer_in_the_style_of_the_api_sharing_their_first_segment() -> None:
    app = create_app(ProviderConfig.local())
    styles = dict(app.not_found_styles)
    assert styles["/v1/"] == API_NAMES[0] == "huawei-service-instances"
    assert styles["/zstack/"] == "zstack-model-services"


def test_a_missing_spec_is_one_line_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match=r"^cannot read the spec of acme-list: .*acme-list\.yaml"):
        served_routes(("acme-list",), tmp_path)


def test_a_spec_without_one_list_operation_is_refused() -> None:
    document = {"paths": {"/a": {"get": {"x-list": {}}}, "/b": {"get": {"x-list": {}}}}}
    with pytest.raises(ContractError, match="expected one GET with x-list, found 2"):
        list_route(document, "two-lists")
    assert list_route({"paths": {"/a": {"get": {"x-list": {}}}, "/b": {"get": {}}}}, "one") == "/a"
