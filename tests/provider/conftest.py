"""Fixtures for the reference provider's unit tests: one app per session, signed in-process requests."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
if str(PROJECT_ROOT) not in sys.path:  # plain `pytest` runs without the editable install
    sys.path.insert(0, str(PROJECT_ROOT))

from provider_client import ProviderClient  # noqa: E402

from reference_provider import ProviderConfig, create_app  # noqa: E402


@pytest.fixture(scope="session")
def config() -> ProviderConfig:
    return ProviderConfig.local()


@pytest.fixture(scope="session")
def provider(config: ProviderConfig) -> ProviderClient:
    return ProviderClient(create_app(config), config)


@pytest.fixture
def variant_provider(config: ProviderConfig) -> Callable[[str], ProviderClient]:
    def build(name: str) -> ProviderClient:
        return ProviderClient(create_app(config, name), config)

    return build
