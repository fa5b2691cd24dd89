"""No false green (issue 22): a run that judged nothing never leaves a green page behind, deselected and
skipped tests are never shown as pass, and a property test whose every answer refused the credentials
is not a pass."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from contract_tests.config.target import load_local_defaults
from reference_provider import ProviderConfig, create_app
from tests.fault_servers import run_suite, running

LOCAL = load_local_defaults()
SMALL = {"SEED": "11", "MAX_EXAMPLES": "3", "EMBEDDED_TRANSPORT": "wsgi"}


def _earlier_green_run(reports: Path) -> None:
    reports.mkdir(parents=True)
    (reports / "index.html").write_text("<p>no failing test, every test passed</p>", encoding="utf-8")
    (reports / "contract-junit.xml").write_text('<testsuites><testsuite tests="9"/></testsuites>')
    for name in ("coverage.json", "coverage.md", "drift.json", "conformance.json"):
        (reports / name).write_text("{}", encoding="utf-8")


def test_a_configuration_error_replaces_the_earlier_reports_and_writes_the_job_summary(
    tmp_path: Path,
) -> None:
    reports = tmp_path / "reports"
    _earlier_green_run(reports)
    step = tmp_path / "step-summary.md"
    done = run_suite({"TARGET": "not-a-url", "GITHUB_STEP_SUMMARY": str(step)}, reports)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-2000:]
    [line] = [text for text in output.splitlines() if "contract suite:" in text]
    assert "not-a-url" in line and "Traceback" not in output
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "No test was judged" in page and "not-a-url" in page and "every test passed" not in page
    assert not (reports / "coverage.json").exists() and not (reports / "drift.json").exists()
    assert json.loads((reports / "conformance.json").read_text())["error"].startswith("contract suite:")
    [error] = ET.parse(reports / "contract-junit.xml").getroot().iter("error")
    assert "not-a-url" in (error.get("message") or "")
    summary = step.read_text(encoding="utf-8")
    assert "No test was judged" in summary and "not-a-url" in summary


def _grid(reports: Path) -> dict[str, str]:
    from contract_tests.reporting.report import FAMILIES

    text = (reports / "conformance.md").read_text()
    [row] = [line for line in text.splitlines() if line.startswith("| huawei-endpoints")]
    cells = [cell.strip() for cell in row.strip("|").split("|")][1:]
    return dict(zip(FAMILIES, cells, strict=True))


def test_deselected_tests_are_shown_as_deselected_never_as_pass(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    env = {**SMALL, "APIS": "huawei-endpoints"}
    done = run_suite(env, reports, args=("-k", "test_walk_from_first_page or test_default_page_size"))
    assert done.returncode == 0, done.stdout[-2000:]
    grid = _grid(reports)
    assert grid["pagination"].startswith("partial (2 passed,") and "deselected" in grid["pagination"]
    assert grid["property"].startswith("deselected") and grid["filters"].startswith("deselected")
    outcomes = json.loads((reports / "conformance.json").read_text())["outcomes"]
    assert sum(1 for o in outcomes if o["outcome"] == "deselected") > 20
    assert "<td class=deselected>deselected</td>" in (reports / "index.html").read_text()


def test_deselected_tests_reach_the_report_from_xdist_workers(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    env = {**SMALL, "APIS": "huawei-endpoints"}
    done = run_suite(env, reports, args=("-n", "2", "-k", "test_walk_from_first_page"))
    assert done.returncode == 0, done.stdout[-2000:]
    outcomes = json.loads((reports / "conformance.json").read_text())["outcomes"]
    deselected = [o["test"] for o in outcomes if o["outcome"] == "deselected"]
    assert deselected and len(deselected) == len(set(deselected))  # once, though both workers deselect
    assert _grid(reports)["pagination"].startswith("partial (1 passed,")


def test_a_property_test_whose_every_answer_refused_the_credentials_is_not_a_pass(tmp_path: Path) -> None:
    """Issue 22: with a wrong HUAWEI_AUTH_TOKEN the property column said `pass` (the preflight stops such
    a run; PREFLIGHT=warn goes on, and then the property tests are not judged)."""
    reports = tmp_path / "reports"
    with running(create_app(ProviderConfig.local())) as url:
        env = {
            "SEED": "11",
            "MAX_EXAMPLES": "3",
            "TARGET": url,
            "APIS": "huawei-endpoints",
            "HUAWEI_WORKSPACE_ID": LOCAL["HUAWEI_WORKSPACE_ID"],
            "HUAWEI_AUTH_TOKEN": "wrong-token-0123456789",
            "PREFLIGHT": "warn",
        }
        done = run_suite(env, reports, args=("-k", "test_property"))
    assert "preflight: huawei-endpoints: credentials rejected" in done.stdout
    outcomes = json.loads((reports / "conformance.json").read_text())["outcomes"]
    assert outcomes and all(o["outcome"] in ("skipped", "failed", "deselected") for o in outcomes), outcomes
    skipped = [o for o in outcomes if o["outcome"] == "skipped"]
    assert skipped and all(o["reason"].startswith("not judged: every one of the") for o in skipped)
    assert "refused the credentials (HTTP 403); check HUAWEI_AUTH_TOKEN" in skipped[0]["reason"]
    assert not _grid(reports)["property"].startswith("pass")


def test_a_deselected_test_neither_counts_nor_lowers_the_coverage() -> None:
    from contract_tests.model.specs import all_specs
    from contract_tests.reporting import coverage
    from contract_tests.reporting.report import Outcome

    spec = all_specs()["huawei-endpoints"]
    outcomes = [
        Outcome(spec.key, "filters", "t::test_a[x]", "deselected"),
        Outcome(spec.key, "filters", "t::test_b[x]", "passed"),
    ]
    assert [item.name for item in coverage.test_items(spec, outcomes)] == ["test_b[x]"]
