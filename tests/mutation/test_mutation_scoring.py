"""The scoring rule, on made-up rows: a kill counts only if the failing test passes every conformant
variant; a faulty variant failed only by such noisy tests is reported as noise."""

from __future__ import annotations

from contract_tests.reporting.report import FAMILIES
from tools.mutation.__main__ import semantic_test_names
from tools.mutation.catalogue import LIKELY_FAMILY, Entry, load_catalogue
from tools.mutation.pool import runs_to_repeat
from tools.mutation.report import (
    MODEL_ORACLE,
    NOISE,
    Row,
    noise_only,
    rates,
    render_text,
    score_rows,
    unique_catches,
)
from tools.mutation.runs import RunResult


def _row(name: str, conformant: bool, outcome: str, failed: list[str]) -> Row:
    entry = Entry(name, "huawei-endpoints", "pagination", "", "", conformant)
    return Row(entry, RunResult(outcome, 1.0, failed), None)


def test_a_test_failing_a_conformant_variant_kills_nothing() -> None:
    rows = [
        _row("clamp", True, "killed", ["test_bounds[huawei-endpoints]"]),
        _row("only-noisy", False, "killed", ["test_bounds[huawei-endpoints]"]),
        _row("mixed", False, "killed", ["test_bounds[huawei-endpoints]", "test_walk[huawei-endpoints]"]),
        _row("clean", False, "killed", ["test_total[huawei-endpoints]"]),
        _row("survivor", False, "passes", []),
    ]
    scored = {row.entry.name: row for row in score_rows(rows)}
    assert scored["only-noisy"].suite.outcome == NOISE and not scored["only-noisy"].suite_ok
    assert scored["mixed"].suite.outcome == "killed"
    assert scored["mixed"].suite.failed_tests == ["test_walk[huawei-endpoints]"]  # the noisy one is dropped
    assert scored["clean"].suite.outcome == "killed"
    assert scored["clamp"].suite.outcome == "killed"  # conformant: left as is (a false positive)
    assert rates(list(scored.values()), "suite")["total"] == (2, 4)
    assert noise_only(list(scored.values()), "suite") == ["only-noisy"]
    # Only credited failures make a unique catch: test_bounds catches nothing alone.
    catches = unique_catches(list(scored.values()), ["test_bounds", "test_walk", "test_total"])
    assert catches["test_bounds"] == [] and catches["test_total"] == ["clean"]
    assert "noise, not kills" in render_text(list(scored.values()), ["test_bounds"])


def test_without_conformant_failures_every_kill_counts() -> None:
    rows = [_row("extra", True, "passes", []), _row("bad", False, "killed", ["test_x[a]"])]
    assert [row.suite.outcome for row in score_rows(rows)] == ["passes", "killed"]


def test_the_semantic_tests_are_listed_from_their_markers_in_this_process() -> None:
    # Listing imports the suite's test modules here, under --strict-markers and without the plugin.
    semantic = semantic_test_names()
    assert "test_filter_returns_exactly_the_matching_items" in semantic
    assert not [name for name in semantic if name.startswith("test_property")]


def test_a_run_stopped_at_its_first_failure_kills_but_proves_no_catch_unique() -> None:
    stopped = _row("stopped", False, "killed", ["test_walk[huawei-endpoints]"])
    stopped.suite.complete = False
    whole = _row("whole", False, "killed", ["test_total[huawei-endpoints]"])
    scored = score_rows([_row("extra", True, "passes", []), stopped, whole])
    assert [row.suite.outcome for row in scored] == ["passes", "killed", "killed"]
    assert not scored[1].suite.complete
    catches = unique_catches(scored, ["test_walk", "test_total"])
    assert catches == {"test_walk": [], "test_total": ["whole"]}


def test_a_stopped_run_runs_again_whole_unless_its_kill_counts_and_proves_what_it_must() -> None:
    entries = [
        Entry(name, "huawei-endpoints", "pagination", "", "" if name == "extra" else "seed", name == "extra")
        for name in ("extra", "noise", "error", "walk", "total-stopped", "total-whole", "walk-whole")
    ]
    results = {
        "extra": RunResult("killed", 1.0, ["test_bounds[a]"]),  # a false positive: test_bounds is noise
        "noise": RunResult("killed", 1.0, ["test_bounds[a]"], complete=False),
        "error": RunResult("error", 1.0, [], complete=False),
        "walk": RunResult("killed", 1.0, ["test_walk[a]"], complete=False),
        "total-stopped": RunResult("killed", 1.0, ["test_total[a]"], complete=False),
        "total-whole": RunResult("killed", 1.0, ["test_total[a]", "test_walk[b]"]),
        "walk-whole": RunResult("killed", 1.0, ["test_walk[a]", "test_walk[b]"]),
    }
    again = [entry.name for entry in runs_to_repeat(entries, results, ["test_walk", "test_total"])]
    # test_walk is proven by a whole run already; test_total is not (its whole run failed two tests).
    assert again == ["noise", "error", "total-stopped"]
    assert [entry.name for entry in runs_to_repeat(entries, results, [])] == ["noise", "error"]


def test_conformant_variants_and_those_meant_for_a_sole_catcher_run_whole() -> None:
    entries = load_catalogue()
    whole = [entry for entry in entries if entry.runs_whole_scope]
    assert all(entry.conformant or entry.sole_catcher.startswith("test_") for entry in whole)
    assert {entry.sole_catcher for entry in whole if entry.sole_catcher} == set(semantic_test_names())
    assert any(not entry.runs_whole_scope for entry in entries)


def test_a_stopped_run_starts_with_a_family_of_the_suite() -> None:
    entries = load_catalogue()
    assert set(LIKELY_FAMILY.values()) <= set(FAMILIES)
    assert {entry.cls for entry in entries if not entry.conformant} >= set(LIKELY_FAMILY)
    assert all(entry.likely_family == "" for entry in entries if entry.conformant)


def test_the_list_model_takes_no_point_test_s_only_catch_and_earns_its_own() -> None:
    beside = _row("beside", False, "killed", ["test_walk[pai]", f"{MODEL_ORACLE}[pai]"])
    alone = _row("alone", False, "killed", [f"{MODEL_ORACLE}[pai]"])
    shared = _row("shared", False, "killed", ["test_walk[pai]", "test_total[pai]", f"{MODEL_ORACLE}[pai]"])
    scored = score_rows([_row("extra", True, "passes", []), beside, alone, shared])
    catches = unique_catches(scored, ["test_walk", "test_total", MODEL_ORACLE])
    assert catches == {"test_walk": ["beside"], "test_total": [], MODEL_ORACLE: ["alone"]}
