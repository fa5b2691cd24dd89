"""Thin wiring: load the suite's plugins (hooks and fixtures live in contract_tests.runner)."""

import pytest

from contract_tests.runner.pytest_entry import load_plugins


def pytest_configure(config: pytest.Config) -> None:
    load_plugins(config)  # the suite's plugins, in order (contract_tests/runner/pytest_entry.py)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: parallel tests only against a slow target (contract_tests.runner.parallel)."""
    import os

    from contract_tests.runner.parallel import PREFLIGHT, preflight

    decided = preflight(os.environ)
    config.stash[PREFLIGHT] = decided  # the run's gate counts the requests it took
    return decided.workers
