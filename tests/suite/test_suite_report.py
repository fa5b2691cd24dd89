"""contract_tests.reporting.report: the conformance summary as counts, Markdown, JSON and terminal lines."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from contract_tests.oracles.verdicts import Advisory
from contract_tests.reporting.report import (
    FAMILIES,
    Outcome,
    cell,
    render_markdown,
    summarize,
    terminal_lines,
    write_reports,
)

OUTCOMES = [
    Outcome("pai-eas-services", "pagination", "test_a[pai]", "passed"),
    Outcome("pai-eas-services", "pagination", "test_b[pai]", "skipped", "no items | empty provider"),
    Outcome("pai-eas-services", "filters", "test_c[pai]", "failed"),
    Outcome("pai-eas-services", "filters", "test_d[pai]", "passed"),
    Outcome("huawei-endpoints", "sorting", "test_e[ep]", "skipped", "no sort documented"),
    Outcome("huawei-endpoints", "envelope", "test_f[ep]", "passed"),
]


def test_summarize() -> None:
    table = summarize(OUTCOMES)
    assert table["pai-eas-services"]["pagination"] == Counter(passed=1, skipped=1)
    assert table["pai-eas-services"]["filters"] == Counter(passed=1, failed=1)
    assert table["huawei-endpoints"]["sorting"] == Counter(skipped=1)
    assert set(table) == {"pai-eas-services", "huawei-endpoints"}


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (Counter(), "—"),
        (Counter(passed=3), "pass (3 passed)"),
        # Issue 22: a skipped or deselected test is never shown as a pass.
        (Counter(passed=2, skipped=1), "partial (2 passed, 1 skipped)"),
        (Counter(passed=1, deselected=9), "partial (1 passed, 9 deselected)"),
        (Counter(deselected=3), "deselected (3 deselected)"),
        (Counter(passed=2, failed=1, skipped=4), "FAIL (2 passed, 1 failed, 4 skipped)"),
        (Counter(skipped=2), "skip (2 skipped)"),
    ],
)
def test_cell(counts: Counter[str], expected: str) -> None:
    assert cell(counts) == expected


def test_render_markdown() -> None:
    text = render_markdown(OUTCOMES, target="embedded reference provider", seed=42)
    lines = text.splitlines()
    assert lines[0] == "# Contract conformance"
    assert "Target: embedded reference provider  " in lines and "Seed: 42" in lines
    header = "| API | " + " | ".join(FAMILIES) + " |"
    assert header in lines
    rows = [
        line
        for line in lines
        if line.startswith("| huawei-endpoints") or line.startswith("| pai-eas-services")
    ]
    assert [row.split(" |")[0] for row in rows] == ["| huawei-endpoints", "| pai-eas-services"]  # sorted
    pai = rows[1].split(" | ")
    assert pai[FAMILIES.index("pagination") + 1] == "partial (1 passed, 1 skipped)"
    assert pai[FAMILIES.index("filters") + 1] == "FAIL (1 passed, 1 failed)"
    assert pai[FAMILIES.index("property") + 1] == "—"
    # Skipped reasons, with table-breaking pipes replaced.
    assert "## Skipped" in lines
    assert "| test_b[pai] | no items / empty provider |" in lines
    assert "| test_e[ep] | no sort documented |" in lines
    assert lines[lines.index("## Failed") + 2] == "- test_c[pai]"
    assert all(row.count("|") == len(FAMILIES) + 2 for row in rows)
    assert text.endswith("\n")


def test_render_markdown_without_skips_or_failures() -> None:
    text = render_markdown([Outcome("a", "enums", "t", "passed")], target="T", seed=1)
    assert "## Skipped" not in text and "## Failed" not in text


def test_write_reports(tmp_path: Path) -> None:
    paths = write_reports(OUTCOMES, tmp_path / "out", target="https://x", seed=7)
    assert [p.name for p in paths] == ["conformance.md", "conformance.json"]
    assert paths[0].read_text(encoding="utf-8") == render_markdown(OUTCOMES, target="https://x", seed=7)
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    assert data["target"] == "https://x" and data["seed"] == 7
    assert data["outcomes"][1] == {
        "api": "pai-eas-services",
        "family": "pagination",
        "test": "test_b[pai]",
        "outcome": "skipped",
        "reason": "no items | empty provider",
        "detail": "",
    }
    assert len(data["outcomes"]) == len(OUTCOMES)


def test_advisories_and_unproven_tests_get_their_own_sections(tmp_path: Path) -> None:
    outcomes = [
        *OUTCOMES,
        Outcome("huawei-endpoints", "sorting", "test_g[ep]", "skipped", "not proven on this data: all tie"),
    ]
    advisory = Advisory("huawei-endpoints", "negative_data_rejection", "accepted", "no document", "curl u")
    paths = write_reports(outcomes, tmp_path, target="t", seed=1, advisories=[(advisory, 3)])
    text = paths[0].read_text(encoding="utf-8")
    assert "## Not proven on this data" in text and "| test_g[ep] | all tie |" in text
    assert "## Advisories" in text and "×3" in text and "`curl u`" in text
    skipped_section = text.split("## Skipped")[1]
    assert "test_g[ep]" not in skipped_section.split("## ")[0]
    data = json.loads(paths[1].read_text(encoding="utf-8"))
    assert data["not_proven"] == ["test_g[ep]"]
    assert data["advisories"][0]["count"] == 3 and data["advisories"][0]["curl"] == "curl u"


def test_terminal_lines() -> None:
    lines = terminal_lines(OUTCOMES)
    assert lines[0].split() == ["API", *FAMILIES]
    ep, pai = lines[1].split(), lines[2].split()
    assert ep[0] == "huawei-endpoints" and pai[0] == "pai-eas-services"
    assert ep[1 + FAMILIES.index("sorting")] == "skip" and ep[1 + FAMILIES.index("envelope")] == "pass"
    assert pai[1 + FAMILIES.index("filters")] == "FAIL" and pai[1 + FAMILIES.index("errors")] == "-"
    assert pai[1 + FAMILIES.index("pagination")] == "partial"
    assert terminal_lines([]) == ["API  " + "  ".join(f.ljust(10) for f in FAMILIES)]


def test_not_judged_tests_count_as_not_proven_never_as_pass() -> None:
    reason = "not judged: the full list could not be read (x: page 4 answered HTTP 500 after 300 items)"
    outcomes = [Outcome("x", "filters", "test_f[x]", "skipped", reason)]
    text = render_markdown(outcomes, target="t", seed=1)
    [row] = [line for line in text.splitlines() if line.startswith("| x")]
    assert row.split(" | ")[FAMILIES.index("filters") + 1] == "not proven (1 skipped)"
    assert terminal_lines(outcomes)[1].split()[1 + FAMILIES.index("filters")] == "not"
