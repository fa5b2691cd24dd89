"""contract_tests.runner.plugin on its own: a small test module of ours, run by pytest with only the
plugin loaded, against the embedded provider (one API). What it adds to a run: parametrization by
marker, the verdict, the seed and contract lines on a failure, labels, reports and the exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
API = "opensearch-ha3-models"

MODULE = """
import pytest

pytestmark = pytest.mark.contract_family("pagination")


@pytest.mark.contract_cases("api")
def test_the_verdict_is_bound_to_the_case(verdict, api):
    assert verdict.spec is api and verdict.family == "pagination"


@pytest.mark.contract_cases("api")
def test_a_stated_problem_fails(verdict, api):
    verdict.require(["the list is made up"], "a rule of the fixture", fact=api.fact())


@pytest.mark.contract_cases("page_style_api")
@pytest.mark.contract_family("sorting")
def test_the_closest_family_marker_wins(verdict, api):
    assert verdict.family == "sorting"


@pytest.mark.contract_cases("success_flag_api")
def test_no_case_for_this_api(api):
    raise AssertionError("never collected: the API has no success flag")


def test_a_verdict_without_cases_is_a_usage_error(verdict):
    pass
"""


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_fixture_suite.py").write_text(MODULE, encoding="utf-8")
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TARGET", "TARGET_FILE", "SHARD", "MIN_COVERAGE", "STRICT", "SEED", "APIS")
    }
    environ.update({"PYTHONPATH": str(ROOT), "APIS": API, "REPORTS": str(tmp_path / "reports"), **env})
    command = [sys.executable, "-m", "pytest", "-p", "contract_tests.runner.plugin", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*command, "-rA", *args, "test_fixture_suite.py"],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    tmp_path = tmp_path_factory.mktemp("plugin")
    return tmp_path, _run(tmp_path, "--junitxml=junit.xml", SEED="4242")


def test_a_failure_carries_the_seed_and_the_contract_it_enforces(
    fixture_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, done = fixture_run
    assert done.returncode == 1, done.stdout[-3000:]
    assert "seed 4242: rerun with SEED=4242" in done.stdout
    assert f"contract: specs/{API}.yaml, ListModels" in done.stdout
    assert "the list is made up" in done.stdout
    assert "contract target: embedded reference provider" in done.stdout
    assert "seed: 4242 — rerun with SEED=4242" in done.stdout


def test_cases_come_from_the_marker_and_empty_selections_are_dropped(
    fixture_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, done = fixture_run
    assert f"PASSED test_fixture_suite.py::test_the_verdict_is_bound_to_the_case[{API}]" in done.stdout
    assert f"PASSED test_fixture_suite.py::test_the_closest_family_marker_wins[{API}]" in done.stdout
    assert "test_no_case_for_this_api" not in done.stdout
    assert "`verdict` needs a contract_cases test" in done.stdout


def test_outcomes_are_labelled_and_reported_by_api_and_family(
    fixture_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    tmp_path, _ = fixture_run
    outcomes = json.loads((tmp_path / "reports" / "conformance.json").read_text())["outcomes"]
    by_test = {o["test"].split("::")[1]: o for o in outcomes}
    assert by_test[f"test_a_stated_problem_fails[{API}]"]["outcome"] == "failed"
    assert by_test[f"test_a_stated_problem_fails[{API}]"]["family"] == "pagination"
    assert by_test[f"test_the_closest_family_marker_wins[{API}]"]["family"] == "sorting"
    assert "the list is made up" in by_test[f"test_a_stated_problem_fails[{API}]"]["detail"]
    cases = ET.parse(tmp_path / "junit.xml").getroot().iter("testcase")
    labels = {
        case.get("name"): {p.get("name"): p.get("value") for p in case.iter("property")} for case in cases
    }
    assert labels[f"test_the_closest_family_marker_wins[{API}]"] == {"api": API, "family": "sorting"}


def test_a_bad_target_stops_the_run_with_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _run(tmp_path, TARGET="not-a-url")
    assert done.returncode == 2
    lines = [line for line in (done.stdout + done.stderr).splitlines() if "contract suite:" in line]
    assert len(lines) == 1 and "not-a-url" in lines[0], done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_a_coverage_gate_that_is_not_a_number_fails_the_run(tmp_path: Path) -> None:
    done = _run(tmp_path, "-k", "bound_to_the_case", MIN_COVERAGE="lots")
    assert done.returncode == 1, done.stdout[-2000:]
    assert "FAILED: MIN_COVERAGE='lots' is not a number" in done.stdout


def test_the_summary_names_the_reports_where_they_are(tmp_path: Path) -> None:
    """Issue 22: the summary named reports/conformance.md even when REPORTS pointed elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    done = _run(tmp_path, "-k", "bound_to_the_case", REPORTS=str(elsewhere))
    assert done.returncode == 0, done.stdout[-2000:]
    assert f"(reasons in {elsewhere / 'conformance.md'})" in done.stdout
    assert "reports/conformance.md" not in done.stdout
    assert (elsewhere / "conformance.md").is_file() and not (tmp_path / "reports").exists()


@pytest.mark.parametrize("value", ["on", "maybe"])
def test_strict_is_read_by_the_one_flag_parser(tmp_path: Path, value: str) -> None:
    """Issue 22: STRICT=on was silently ignored; now it is on, and a word that is neither on nor off is
    one line and exit 2."""
    done = _run(tmp_path, "-k", "bound_to_the_case", STRICT=value)
    output = done.stdout + done.stderr
    assert "Traceback" not in output
    if value == "on":
        assert done.returncode == 0, output[-2000:]
        assert "(failing, STRICT=1)" in done.stdout
    else:
        assert done.returncode == 2, output[-2000:]
        [line] = [line for line in output.splitlines() if "contract suite:" in line]
        assert "STRICT must be one of 1/true/yes/on (on) or 0/false/no/off/empty (off), got 'maybe'" in line
