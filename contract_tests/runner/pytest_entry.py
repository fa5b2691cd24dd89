"""The package's pytest11 entry point: inert until asked for.

Installing listapi-contracts into a project's test environment must not start a reference provider (or
stop on a missing TARGET) in that project's own pytest runs, so the suite's plugin loads only with
`--contract-suite`; running the suite's own package (`pytest --pyargs contract_tests`, or
`listapi-contracts run`) loads it through contract_tests/conftest.py. Both register it under the one
name `contract_tests.runner.plugin`, so neither registers it twice.
"""

from __future__ import annotations

import pytest

PLUGIN = "contract_tests.runner.plugin"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("listapi-contracts").addoption(
        "--contract-suite",
        action="store_true",
        help="load the listapi-contracts plugin (target from TARGET / TARGET_FILE / APIS, as in its README)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("contract_suite") and not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)
