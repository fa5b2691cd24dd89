"""The report subcommands of `listapi-contracts`:

    listapi-contracts baseline [--reports DIR] [--out FILE] [--force]   # a BASELINE from a run's failures
    listapi-contracts merge-reports DIR... [--out DIR]                    # one report across SHARD runs

Both exit 2 with one line on bad input; merge-reports exits 1 when a test failed in any shard or the
merged coverage is below MIN_COVERAGE (applied here once, the shards defer it).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from contract_tests.reporting.baseline import case_parts, function_name
from contract_tests.reporting.coverage import percent_proven, write_coverage
from contract_tests.reporting.drift import write_drift
from contract_tests.reporting.merge import MergeError, merge_reports
from contract_tests.reporting.report import write_reports
from contract_tests.reporting.summary_page import RunSummary, write_summary_page

CONFIGURATION_ERROR = 2
PLACEHOLDER_REASON = "TODO: why this is accepted"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(CONFIGURATION_ERROR, f"{self.prog}: error: {message}\n")


def _fail(message: str) -> int:
    print(f"listapi-contracts: error: {message}", file=sys.stderr)
    return CONFIGURATION_ERROR


def baseline_entries(conformance: dict[str, object]) -> list[dict[str, str]]:
    """One entry per api × rule × param of a run's failures: a semantic test by its function name and
    case, a property test by each check that failed in it (both phases: no param)."""
    findings = conformance.get("findings", {})
    assert isinstance(findings, dict)
    seen: dict[tuple[str, str, str], None] = {}
    for outcome in conformance.get("outcomes", []):  # type: ignore[attr-defined]
        if outcome.get("outcome") != "failed":
            continue
        test, api = str(outcome["test"]), str(outcome["api"])
        checks = findings.get(test)
        if checks:
            for rule in checks:
                seen[(api, str(rule), "")] = None
        else:
            parts = sorted(case_parts(test), key=len, reverse=True)
            seen[(api, function_name(test), parts[0] if parts else "")] = None
    return [{"api": a, "rule": r, "param": p} for a, r, p in seen]


def render_baseline(entries: Sequence[dict[str, str]], expires: datetime.date, source: str) -> str:
    lines = [
        f"# Accepted deviations, written by `listapi-contracts baseline` from {source}.",
        "# Give each entry its real reason (a ticket) before committing; run with BASELINE=<this file>.",
    ]
    for entry in entries:
        lines += [
            "",
            "[[deviation]]",
            f"api = {json.dumps(entry['api'])}",
            f"rule = {json.dumps(entry['rule'])}",
        ]
        if entry["param"]:
            lines.append(f"param = {json.dumps(entry['param'])}")
        lines += [f"reason = {json.dumps(PLACEHOLDER_REASON)}", f"expires = {expires.isoformat()}"]
    return "\n".join(lines) + "\n"


def baseline_main(argv: Sequence[str]) -> int:
    parser = _Parser(prog="listapi-contracts baseline", description="write a BASELINE from a run's failures")
    parser.add_argument("--reports", metavar="DIR", default=os.environ.get("REPORTS") or "reports")
    parser.add_argument("--out", metavar="FILE", default="contract-baseline.toml")
    parser.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    options = parser.parse_args(list(argv))
    source = Path(options.reports) / "conformance.json"
    try:
        conformance = json.loads(source.read_text(encoding="utf-8"))
        entries = baseline_entries(conformance)
    except FileNotFoundError:
        return _fail(f"{source} is missing: run the suite first (REPORTS={options.reports})")
    except (OSError, ValueError, KeyError, AttributeError, AssertionError) as error:
        return _fail(f"cannot read {source}: {type(error).__name__}")
    out = Path(options.out)
    if out.exists() and not options.force:
        return _fail(f"{out} exists; pass --force to overwrite it")
    expires = datetime.date.today() + datetime.timedelta(days=30)
    try:
        out.write_text(render_baseline(entries, expires, str(source)), encoding="utf-8")
    except OSError as error:
        return _fail(f"cannot write {out}: {error.strerror}")
    print(f"{out}: {len(entries)} entr(y/ies), expiring {expires.isoformat()}; fill in each reason")
    return 0


def coverage_gate(percent: float, minimum: str) -> str:
    """ "" when MIN_COVERAGE is unset or met, else the one line saying why the gate fails."""
    if not minimum.strip():
        return ""
    try:
        wanted = float(minimum)
    except ValueError:
        return f"MIN_COVERAGE={minimum!r} is not a number"
    return f"contract coverage {percent:.1f}% is below MIN_COVERAGE={wanted:g}%" if percent < wanted else ""


def merge_main(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="listapi-contracts merge-reports",
        description="combine the reports of SHARD=k/n runs into one, and apply MIN_COVERAGE once",
    )
    parser.add_argument("dirs", nargs="+", metavar="DIR", help="a shard's reports folder")
    parser.add_argument("--out", metavar="DIR", default="reports")
    options = parser.parse_args(list(argv))
    try:
        merged = merge_reports([Path(d) for d in options.dirs])
    except MergeError as error:
        return _fail(str(error))
    out = Path(options.out)
    percent = percent_proven(merged.coverage)
    gate = coverage_gate(percent, os.environ.get("MIN_COVERAGE", ""))
    notes = [f"merged from {len(options.dirs)} shard report(s)"]
    notes += [f"FAILED: {gate}"] if gate else []
    notes += [
        f"stale baseline entry: {e['api']} {e['rule']}"
        + (f" [{e['param']}]" if e.get("param") else "")
        + " matched nothing in any shard"
        for e in merged.stale
    ]
    try:
        paths = write_reports(
            merged.outcomes, out, target=merged.target, seed=merged.seed, advisories=merged.advisories
        )
        data = out / "conformance.json"
        payload = json.loads(data.read_text(encoding="utf-8"))
        payload.update(findings=merged.findings, shards=list(options.dirs), coverage_gate=gate)
        data.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        paths += write_coverage(merged.coverage, out) + write_drift(merged.drift, out)
        summary = RunSummary(
            merged.target,
            merged.seed,
            merged.outcomes,
            merged.coverage,
            merged.drift,
            merged.advisories,
            notes,
        )
        paths = write_summary_page(summary, out, os.environ.get("GITHUB_STEP_SUMMARY")) + paths
    except OSError as error:
        return _fail(f"cannot write the merged reports to {out}: {error.strerror}")
    failed = sum(1 for o in merged.outcomes if o.outcome == "failed")
    accepted = sum(1 for o in merged.outcomes if o.outcome == "accepted")
    print(
        f"merged {len(options.dirs)} shard(s): {len(merged.outcomes)} tests, {failed} failed, "
        f"{accepted} accepted; coverage {percent:.1f}% proven"
    )
    for note in notes[1:]:
        print(note)
    print("reports: " + ", ".join(str(p) for p in paths))
    return 1 if failed or gate else 0


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {"baseline": baseline_main, "merge-reports": merge_main}
