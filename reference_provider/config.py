"""Credentials and path ids the reference provider accepts."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path


def _local_target_file() -> Path:
    """The checkout's targets/local.toml, else the copy installed as package data."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "targets").is_dir():
        return checkout / "targets" / "local.toml"
    return Path(__file__).resolve().parent / "_targets" / "local.toml"


# The suite reads the same file, so provider and suite agree on ids and credentials by default.
LOCAL_TARGET_FILE = _local_target_file()


@dataclass(frozen=True)
class ProviderConfig:
    """Ids and credentials; each field is overridable by the environment variable of its upper-case name."""

    huawei_workspace_id: str
    huawei_empty_workspace_id: str
    huawei_auth_token: str
    huaweicloud_sdk_ak: str
    huaweicloud_sdk_sk: str
    ha3_instance_id: str
    alibaba_cloud_access_key_id: str
    alibaba_cloud_access_key_secret: str
    zstack_session_uuid: str

    @classmethod
    def env_names(cls) -> tuple[str, ...]:
        return tuple(field.name.upper() for field in fields(cls))

    @classmethod
    def from_env(cls, environ: Mapping[str, str], defaults_file: Path = LOCAL_TARGET_FILE) -> ProviderConfig:
        defaults = load_local_defaults(defaults_file)
        values: dict[str, str] = {}
        for field in fields(cls):
            env_name = field.name.upper()
            value = environ.get(env_name) or defaults.get(env_name)
            if not value:
                raise ValueError(f"{env_name} is neither set in the environment nor in {defaults_file}")
            values[field.name] = value
        return cls(**values)

    @classmethod
    def local(cls) -> ProviderConfig:
        """The loopback defaults alone, ignoring the environment (used by tests)."""
        return cls.from_env({})


def load_local_defaults(path: Path = LOCAL_TARGET_FILE) -> dict[str, str]:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    section = document.get("values", {})
    return {str(key): str(value) for key, value in section.items()}
