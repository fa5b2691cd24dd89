"""The one place the suite uses schemathesis internals: running a loaded schema's tests inside a pytest test.

schemathesis' public pytest entry (`schemathesis.pytest.from_fixture(...).parametrize()`) creates
per-operation subtests that rename the pytest node through `Node._nodeid`, which pytest 9.2 no longer
has. So the few internal names it uses for that are imported here and nowhere else, and
tests/test_schemathesis_adapter.py pins the version they were checked against: a
schemathesis upgrade fails that test until this module is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import SkipTest

import pytest
from schemathesis.checks import load_all_checks
from schemathesis.core.failures import FailureGroup, as_reported_failure
from schemathesis.core.result import Ok
from schemathesis.generation.hypothesis.reporting import ignore_hypothesis_output
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.schemas import BaseSchema

# The schemathesis release whose internals this module was last checked against (requirements.lock).
CHECKED_AGAINST = "4.32.5"


def run_operations(schema: BaseSchema, test: Callable[..., None], **arguments: Any) -> None:
    """Run `test(case, **arguments)` on every case schemathesis generates for each operation of `schema`.

    What `schemathesis.pytest.from_fixture(...).parametrize()` does when its test runs, minus its
    per-operation subtests: they rename the pytest node through `Node._nodeid`, which pytest 9.2 no
    longer has. Every spec has one list operation, so one test per API reports the same; a failure
    raises schemathesis' own failure group, as a test collected from a loaded schema would.
    """
    __tracebackhide__ = True
    load_all_checks()  # as from_fixture does: the check registry is filled on first use
    schema = schema.clone(test_function=test)
    for result in get_all_tests(schema=schema, test_func=test, settings=None, given_kwargs={}):
        if not isinstance(result, Ok):
            result.err().as_failing_test_function()()  # a malformed operation: raises its InvalidSchema
            continue
        _, hypothesis_test = result.ok()
        try:
            with ignore_hypothesis_output():
                hypothesis_test(**arguments)
        except FailureGroup as exc:
            raise as_reported_failure(exc) from None
        except SkipTest as exc:
            pytest.skip(str(exc))
