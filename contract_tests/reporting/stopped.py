"""The reports of a run that judged nothing: a configuration error (exit 2) or no contract test.

A CI job must never publish the previous run's green page beside a red exit code. So the earlier
run's reports are removed, and what a reader opens says why this run judged nothing: the summary
page (`index.html`), `conformance.{md,json}`, a JUnit file with one errored case carrying the line,
and the job summary (GITHUB_STEP_SUMMARY) when one is set.
"""

from __future__ import annotations

import contextlib
import html
import json
from pathlib import Path
from xml.etree import ElementTree as ET

# What a run writes into its reports folder; a stopped run leaves none of an earlier run behind.
RUN_REPORTS = (
    "index.html",
    "conformance.md",
    "conformance.json",
    "coverage.md",
    "coverage.json",
    "drift.md",
    "drift.json",
)


def write_stopped_reports(
    directory: Path, line: str, *, junit: Path | None = None, step_summary: str | None = None
) -> list[Path]:
    """Replace the reports of an earlier run by ones that carry `line`; returns what was written."""
    written: list[Path] = []
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        for name in RUN_REPORTS:
            (directory / name).unlink(missing_ok=True)
        page = directory / "index.html"
        page.write_text(_page(line), encoding="utf-8")
        markdown = directory / "conformance.md"
        markdown.write_text(f"# Contract conformance\n\nNo test was judged: {line}\n", encoding="utf-8")
        data = directory / "conformance.json"
        payload = {"error": line, "outcomes": [], "not_proven": [], "advisories": []}
        data.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        written += [page, markdown, data]
    if junit is not None:
        with contextlib.suppress(OSError):
            junit.parent.mkdir(parents=True, exist_ok=True)
            junit.write_bytes(_junit(line))
            written.append(junit)
    if step_summary:
        with contextlib.suppress(OSError), open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(f"### Contract conformance\n\n❌ No test was judged: {line}\n")
    return written


def _page(line: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Contract conformance</title></head>"
        "<body><h1>Contract conformance</h1>"
        f"<p><b>No test was judged</b>: {html.escape(line)}</p>"
        "<p>The reports of any earlier run were removed.</p></body></html>\n"
    )


def _junit(line: str) -> bytes:
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites, "testsuite", name="contract suite", tests="1", errors="1", failures="0", skipped="0"
    )
    case = ET.SubElement(suite, "testcase", classname="contract_tests", name="contract suite setup")
    error = ET.SubElement(case, "error", message=line)
    error.text = line
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True)
