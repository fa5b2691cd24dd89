"""ProviderConfig: defaults from targets/local.toml, each overridable by its environment variable."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from provider_client import ProviderClient

from reference_provider import ProviderConfig, create_app
from reference_provider.config import LOCAL_TARGET_FILE


def test_defaults_come_from_local_toml() -> None:
    defaults = tomllib.loads(LOCAL_TARGET_FILE.read_text(encoding="utf-8"))["values"]
    config = ProviderConfig.from_env({})
    for name in ProviderConfig.env_names():
        assert getattr(config, name.lower()) == defaults[name]


def test_environment_overrides_each_value() -> None:
    config = ProviderConfig.from_env({"HA3_INSTANCE_ID": "ha-cn-other", "ZSTACK_SESSION_UUID": "s-1"})
    assert (config.ha3_instance_id, config.zstack_session_uuid) == ("ha-cn-other", "s-1")
    assert config.huawei_workspace_id == ProviderConfig.local().huawei_workspace_id


def test_a_value_missing_everywhere_is_an_error(tmp_path: Path) -> None:
    defaults = tmp_path / "local.toml"
    defaults.write_text('[values]\nHUAWEI_WORKSPACE_ID = "ws"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="HUAWEI_EMPTY_WORKSPACE_ID"):
        ProviderConfig.from_env({}, defaults)


def test_the_app_serves_the_configured_ids() -> None:
    config = ProviderConfig.from_env({"HUAWEI_WORKSPACE_ID": "ws-custom", "HA3_INSTANCE_ID": "ha-cn-custom"})
    client = ProviderClient(create_app(config), config)
    assert client.json("huawei-service-instances")["total"] == 37
    assert client.json("opensearch-ha3-models")["totalCount"] == 37
    assert (
        client.get("huawei-service-instances", path_id=ProviderConfig.local().huawei_workspace_id).status_code
        == 404
    )
