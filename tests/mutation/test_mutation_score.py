"""The suite's power, proven in `make test`: it passes every conformant variant, kills every faulty one,
and each semantic test is the only catcher of at least one variant.

The whole catalogue runs (no sample) in two long-lived workers that run variant after variant
in-process, mostly over WSGI, a few over real HTTP (tools/mutation/pool.py). Each variant runs the tests
of the APIs it changes. The run is quick: a faulty variant that no semantic test is meant to catch alone
stops at its first failure, which is all its kill needs; conformant variants and the faulty variants
meant for a sole catcher run every test of their APIs, and only whole runs prove a catch unique (a
stopped run whose one failure is a semantic test still without a proven catch runs again whole).
Verdicts follow the scoring rule of tools/mutation/report.py: a kill counts only if the failing test
passes every conformant variant. `make mutation` runs every variant whole, plus the plain-schemathesis
baseline and the reports.
"""

from __future__ import annotations

from typing import Any

import pytest

from tools.mutation.__main__ import DEFAULT_SEED, semantic_test_names
from tools.mutation.catalogue import load_catalogue
from tools.mutation.pool import HTTP_VARIANTS, run_suites
from tools.mutation.report import Row, score_rows, unique_catches

pytestmark = pytest.mark.slow
MAX_EXAMPLES = 10


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    entries = load_catalogue()
    results = run_suites(
        entries,
        seed=DEFAULT_SEED,
        max_examples=MAX_EXAMPLES,
        jobs=2,
        quick=True,
        unique_for=semantic_test_names(),
    )
    return score_rows([Row(entry, results[entry.name], None) for entry in entries])


def _describe(row: Row) -> str:
    failed = ", ".join(sorted({name.split("[")[0] for name in row.suite.failed_tests})[:4])
    return f"{row.entry.name} ({row.entry.cls}): {row.suite.outcome} {row.suite.detail} {failed}".strip()


def test_catalogue_is_large_and_covers_every_api_and_class(rows: list[Row]) -> None:
    faulty = [row.entry for row in rows if not row.entry.conformant]
    conformant = {row.entry.name for row in rows if row.entry.conformant}
    assert len(faulty) >= 50
    assert {"extra-fields", "clamp-page-size", "gzip", "latency-50ms", "empty-workspace"} <= conformant
    apis = {key for entry in faulty for key in entry.spec_keys}
    assert len(apis) == 5, apis
    # The real transport stays covered: these variants run against a provider process over HTTP.
    assert {"gzip", "latency-50ms"} <= HTTP_VARIANTS <= {row.entry.name for row in rows}


def test_every_conformant_variant_passes(rows: list[Row]) -> None:
    failing = [_describe(row) for row in rows if row.entry.conformant and row.suite.outcome != "passes"]
    assert not failing, "false positives:\n" + "\n".join(failing)


def test_every_faulty_variant_is_killed(rows: list[Row]) -> None:
    survivors = [_describe(row) for row in rows if not row.entry.conformant and row.suite.outcome != "killed"]
    assert not survivors, "not killed:\n" + "\n".join(survivors)


def test_every_semantic_test_is_the_only_catcher_of_some_variant(rows: list[Row]) -> Any:
    semantic = semantic_test_names()
    unique = unique_catches(rows, semantic)
    without = [name for name in semantic if not unique.get(name)]
    assert not without, "semantic tests that catch no variant alone: " + ", ".join(without)
