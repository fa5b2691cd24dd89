"""Schemathesis-generated property tests: every operation of every selected spec, in the examples,
coverage and fuzzing phases, with positive and negative data (see contract_tests/runner/properties.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from contract_tests.runner.plugin import current_run
from contract_tests.runner.properties import checks_for, load_schema


def _property_test(key: str) -> Callable[..., Any]:
    run = current_run()
    spec = run.specs[key]
    schema = load_schema(run, spec)
    checks = checks_for(run, spec)

    @schema.parametrize()
    def test(case: Any) -> None:
        client = run.client(key)
        case.call_and_validate(
            base_url=client.target.base_url, session=client.session, auth=client.auth, checks=checks
        )

    test.__name__ = f"test_property_{key.replace('-', '_')}"
    return pytest.mark.contract_api(key)(test)


for _key in current_run().specs:
    globals()[f"test_property_{_key.replace('-', '_')}"] = _property_test(_key)
