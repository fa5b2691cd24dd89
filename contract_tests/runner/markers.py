"""The suite's two markers: which cases a test runs for, and which check family it reports under.

    pytestmark = pytest.mark.contract_family("filters")

    @pytest.mark.contract_cases("filter_case")
    def test_filter_returns_exactly_the_matching_items(run, verdict, case: FilterCase) -> None: ...

`contract_cases(selector)` parametrizes the test's `api` argument (an ApiSpec) or `case` argument (a
FilterCase, SortCase, ...), whichever it takes, with CASE_BUILDERS[selector] over the run's specs. The
values come from the marker alone, so renaming an argument cannot change what runs: a test with
neither argument, or an unknown selector, is a collection error. The family is read from the item's
marker by the reports, SHARD, FAIL_FAST and the verdict; it must be a column of the conformance table.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from contract_tests.model.specs import ApiSpec
from contract_tests.reporting.report import FAMILIES
from contract_tests.runner.selection import CASE_BUILDERS, case_id, case_spec, split_cases

CASES = "contract_cases"
FAMILY = "contract_family"
CASE_ARGUMENTS = ("api", "case")
MARKER_HELP = (
    f"{CASES}(selector): run the test once per case of CASE_BUILDERS[selector], as its `api` or `case`",
    f"{FAMILY}(name): the check family a test reports under, one of {', '.join(FAMILIES)}",
)
# Tests that are not the suite's (a project's own, when the plugin is loaded with --contract-suite).
OTHER = "other"


def family_of(node: pytest.Item | pytest.Function) -> str:
    marker = node.get_closest_marker(FAMILY)
    return str(marker.args[0]) if marker is not None and marker.args else OTHER


def _marks(holder: Any) -> list[Any]:
    declared = getattr(holder, "pytestmark", [])
    return [getattr(mark, "mark", mark) for mark in (declared if isinstance(declared, list) else [declared])]


def declared_family(module: ModuleType, function: Any) -> str:
    """The family a test function's marker declares (its own, else its module's), without collecting."""
    for holder in (function, module):
        for mark in _marks(holder):
            if mark.name == FAMILY and mark.args:
                return str(mark.args[0])
    return OTHER


def suite_tests() -> list[tuple[str, str]]:
    """(test function, family) of every test module of the suite, in the order of the report's families.

    Importing a test module builds no test (schemas load when a test runs), so tools can list the
    suite's tests and families without a target or a collection.
    """
    found = []
    for path in sorted(Path(__file__).parents[1].glob("test_*.py")):
        module = importlib.import_module(f"contract_tests.{path.stem}")
        for name, function in vars(module).items():
            if name.startswith("test_") and inspect.isfunction(function):
                found.append((name, declared_family(module, function)))
    order = {family: index for index, family in enumerate(FAMILIES)}
    return sorted(found, key=lambda test: order.get(test[1], len(order)))


def api_of(item: pytest.Item) -> ApiSpec | None:
    """The API of a parametrized case, from the argument its `contract_cases` marker filled."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    for name in CASE_ARGUMENTS:
        if name in callspec.params:
            return case_spec(callspec.params[name])
    return None


def parametrize_cases(metafunc: pytest.Metafunc, specs: Iterable[ApiSpec], slices: int = 1) -> None:
    """Parametrize a `contract_cases` test from the specs; a malformed selection fails its collection.
    `slices` > 1 splits each property phase into that many tests (for parallel workers)."""
    marker = metafunc.definition.get_closest_marker(CASES)
    if marker is None:
        return
    name = metafunc.definition.name
    if len(marker.args) != 1 or marker.kwargs:
        raise pytest.Collector.CollectError(f"{name}: {CASES} takes one selector, e.g. {CASES}('api')")
    selector = marker.args[0]
    build = CASE_BUILDERS.get(selector)
    if build is None:
        known = ", ".join(sorted(CASE_BUILDERS))
        raise pytest.Collector.CollectError(f"{name}: unknown {CASES} selector {selector!r}; known: {known}")
    family = metafunc.definition.get_closest_marker(FAMILY)
    if family is None or len(family.args) != 1 or family.args[0] not in FAMILIES:
        shown = repr(family.args[0]) if family is not None and family.args else "none"
        raise pytest.Collector.CollectError(
            f"{name}: {FAMILY} must name one of {', '.join(FAMILIES)} (got {shown})"
        )
    taken = [argument for argument in CASE_ARGUMENTS if argument in metafunc.fixturenames]
    if len(taken) != 1:
        raise pytest.Collector.CollectError(
            f"{name}: a {CASES} test takes exactly one of the arguments {' or '.join(CASE_ARGUMENTS)}"
        )
    values = split_cases([value for spec in specs for value in build(spec)], slices)
    metafunc.parametrize(taken[0], values, ids=[case_id(v) for v in values], scope="function")
