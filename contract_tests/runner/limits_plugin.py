"""Stop the run, with one line, once the target rate-limits beyond the run's Retry-After budget.

After the budget is spent every further rate-limited request would fail the same way; stopping after
the test that spent it gives one clear line instead of a page of identical failures.
"""

from __future__ import annotations

from typing import Any

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    yield
    from contract_tests.runner.plugin import RUN  # the run is built by the suite's plugin

    run = item.config.stash.get(RUN, None)
    budget = run.retry_budget if run is not None else None
    if budget is not None and budget.refused and not item.session.shouldstop:
        item.session.shouldstop = f"contract suite: {budget.refused}"
