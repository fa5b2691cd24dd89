"""Thin wiring: load the suite's plugin (hooks and fixtures live in contract_tests.plugin) and the
FAIL_FAST ordering (contract_tests.fail_fast)."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("contract_tests.scrub_plugin"):
        config.pluginmanager.import_plugin("contract_tests.scrub_plugin")  # filters all the run writes
    if not config.pluginmanager.has_plugin("contract_tests.limits_plugin"):
        config.pluginmanager.import_plugin("contract_tests.limits_plugin")  # stops on a spent retry budget
    if not config.pluginmanager.has_plugin("contract_tests.plugin"):
        config.pluginmanager.import_plugin("contract_tests.plugin")
    if not config.pluginmanager.has_plugin("contract_tests.fail_fast"):
        config.pluginmanager.import_plugin("contract_tests.fail_fast")
