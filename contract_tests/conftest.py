"""Thin wiring: load the suite's plugins (hooks and fixtures live in contract_tests.runner)."""

import pytest

# Order matters: the scrubber filters everything the run writes, the limits plugin stops on a spent
# retry budget, the main plugin resolves the target,
# the baseline plugin reports accepted findings (BASELINE), FAIL_FAST orders the tests.
PLUGINS = (
    "contract_tests.runner.scrub_plugin",
    "contract_tests.runner.limits_plugin",
    "contract_tests.runner.plugin",
    "contract_tests.runner.baseline_plugin",
    "contract_tests.runner.fail_fast",
)


def pytest_configure(config: pytest.Config) -> None:
    for name in PLUGINS:
        if not config.pluginmanager.has_plugin(name):
            config.pluginmanager.import_plugin(name)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: parallel tests only against a slow target (contract_tests.runner.parallel)."""
    import os

    from contract_tests.runner.parallel import PREFLIGHT, preflight

    decided = preflight(os.environ)
    config.stash[PREFLIGHT] = decided  # the run's gate counts the requests it took
    return decided.workers
