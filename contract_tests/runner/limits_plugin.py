"""The run's limits, as verdicts: a spent request budget is "not proven", a list that could not be read
whole leaves the tests comparing against it "not judged", a dead or rate-limiting target stops the run
with one line.

- A test whose requests MAX_REQUESTS cannot cover (a list too large to walk, or a budget spent) has
  judged nothing: it says "not proven" with the numbers, and the summary counts it. It never fails
  for that reason.
- Once the target rate-limits beyond the Retry-After budget, or stopped answering (the request
  gate closed), every further request would fail the same way; stopping after the test that found
  it gives one clear line instead of a page of identical failures (exit code 2).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from contract_tests.oracles.walk import IncompleteWalk
from contract_tests.transport.gate import BudgetExhausted


def _run(item: pytest.Item) -> Any:
    from contract_tests.runner.plugin import RUN  # the run is built by the suite's plugin

    return item.config.stash.get(RUN, None)


def _budget_error(error: BaseException) -> BudgetExhausted | None:
    """The budget refusal behind a test's error: raised directly, or the only kind in a group."""
    if isinstance(error, BudgetExhausted):
        return error
    if isinstance(error, BaseExceptionGroup):
        found = [_budget_error(inner) for inner in error.exceptions]
        if found and all(found):
            return found[0]
    cause = error.__cause__  # `raise … from refusal` only: a failure merely raised nearby stays one
    return _budget_error(cause) if cause is not None else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    from contract_tests.runner.steps import not_proven

    try:
        return (yield)
    except Exception as error:
        caught = error
    # Outside the except block: the one line is the whole report, with no chained traceback.
    run = _run(item)
    stopped = run.gate.stopped if run is not None else ""
    if stopped:
        pytest.fail(stopped, pytrace=False)
    if isinstance(caught, IncompleteWalk):
        # The list a test compares against is incomplete: the walk test blames the provider, once.
        pytest.skip(str(caught))
    refused = _budget_error(caught)
    if refused is None:
        raise caught
    not_proven(str(refused))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    yield
    run = _run(item)
    if run is None or item.session.shouldstop:
        return
    budget = run.retry_budget
    if budget is not None and budget.refused:
        item.session.shouldstop = f"contract suite: {budget.refused}"
    elif run.gate.stopped:
        item.session.shouldstop = f"contract suite: {run.gate.stopped}"
