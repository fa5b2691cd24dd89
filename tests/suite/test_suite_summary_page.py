"""contract_tests.reporting.summary_page: the at-a-glance page and CI job summary, in a real browser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from contract_tests.oracles.verdicts import Advisory
from contract_tests.reporting.coverage import PROVEN, UNEXERCISED, CoverageItem
from contract_tests.reporting.report import Outcome
from contract_tests.reporting.summary_page import (
    RunSummary,
    grid_rows,
    inline_markup,
    render_step_summary,
    write_summary_page,
)

SUMMARY = RunSummary(
    target="https://staging.example <b>",
    seed=42,
    outcomes=[
        Outcome(
            "a-api", "filters", "t::test_f[a]", "failed", "", "rule\nDocument fact: seed 001 says x\ncurl y"
        ),
        Outcome("a-api", "sorting", "t::test_s[a]", "skipped", "not proven on this data: ties everywhere"),
        Outcome("a-api", "errors", "t::test_e[a]", "skipped", "no credentials"),
        Outcome("b-api", "filters", "t::test_f[b]", "passed"),
        Outcome("b-api", "sorting", "t::test_s[b]", "passed"),
        Outcome("b-api", "sorting", "t::test_t[b]", "deselected"),
        Outcome("b-api", "envelope", "t::test_v[b]", "deselected"),
        Outcome("b-api", "enums", "t::test_n[b]", "passed"),
        Outcome("b-api", "enums", "t::test_o[b]", "skipped", "no items"),
    ],
    coverage=[
        CoverageItem("a-api", "parameter", "limit", PROVEN),
        CoverageItem("a-api", "status", "404", UNEXERCISED),
    ],
    drift=[{"api": "a-api", "count": 2, "advice": '`$.x` returned "PAUSED": not in the enum'}],
    advisories=[(Advisory("a-api", "negative_data_rejection", "accepted", "no document", "curl z"), 4)],
)


def test_grid_states() -> None:
    rows = dict(grid_rows(SUMMARY))
    assert rows["a-api"][:7] == ["none", "none", "none", "fail", "unproven", "none", "skip"]
    assert rows["b-api"][3] == "pass"
    # Issue 22: deselected and skipped tests are shown as such, never as pass.
    assert rows["b-api"][1] == "deselected"
    assert rows["b-api"][4] == "partial" and rows["b-api"][5] == "partial"


def test_the_page_headline_counts_what_did_not_pass(tmp_path: Path) -> None:
    [page] = write_summary_page(SUMMARY, tmp_path, None)
    text = page.read_text(encoding="utf-8")
    assert "1 failing test(s), 3 passed, 1 not proven, 2 skipped, 2 deselected" in text
    assert "every test passed" not in text
    assert "<td class=deselected>deselected</td>" in text and "<td class=partial>partial</td>" in text


def test_page_escapes_and_lists_failures_drift_and_advisories(tmp_path: Path) -> None:
    [page] = write_summary_page(SUMMARY, tmp_path, None)
    text = page.read_text(encoding="utf-8")
    assert "<b>" not in text.split("<body>")[1].split("Target:")[1].split("</p>")[0]  # target escaped
    assert "Document fact: seed 001 says x" in text and "curl z" in text and "PAUSED" in text
    assert text.index("id=grid") < text.index("Failures") < text.index("Coverage") < text.index("Drift")


def test_drift_code_spans_are_code_not_literal_backticks(tmp_path: Path) -> None:
    """Issue 22: the HTML report showed drift with literal backticks."""
    [page] = write_summary_page(SUMMARY, tmp_path, None)
    drift = page.read_text(encoding="utf-8").split("<h2>Drift")[1].split("</ul>")[0]
    assert "<code>$.x</code> returned &quot;PAUSED&quot;: not in the enum" in drift
    assert "`" not in drift


def test_inline_markup_escapes_before_it_marks_up() -> None:
    assert inline_markup("`<script>` & `a`b") == "<code>&lt;script&gt;</code> &amp; <code>a</code>b"


def test_step_summary_is_appended(tmp_path: Path) -> None:
    step = tmp_path / "summary.md"
    step.write_text("earlier step\n", encoding="utf-8")
    write_summary_page(SUMMARY, tmp_path, str(step))
    text = step.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n") and "| a-api |" in text
    assert "Document fact: seed 001 says x" in render_step_summary(SUMMARY)


def _browser() -> str | None:
    return next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


def test_page_renders_with_the_grid_visible_in_a_headless_browser(tmp_path: Path) -> None:
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    [page] = write_summary_page(SUMMARY, tmp_path, None)
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert 'data-grid-visible="yes"' in result.stdout, result.stderr[-2000:]
    shot = tmp_path / "index.png"
    subprocess.run(
        [*command[:-2], f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 5000
