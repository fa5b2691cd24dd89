"""Shared fixtures for the unit tests of the contract suite's machinery (contract_tests/)."""

from __future__ import annotations

import pytest

from contract_tests.model.specs import ApiSpec, all_specs


@pytest.fixture(scope="session")
def specs() -> dict[str, ApiSpec]:
    return all_specs()
