"""The conformance summary: one row per API × check family, as Markdown and JSON."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

FAMILIES = ("property", "envelope", "pagination", "filters", "sorting", "enums", "errors")


@dataclass(frozen=True)
class Outcome:
    api: str
    family: str
    test: str
    outcome: str  # passed | failed | skipped
    reason: str = ""


def summarize(outcomes: list[Outcome]) -> dict[str, dict[str, Counter[str]]]:
    table: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for outcome in outcomes:
        table[outcome.api][outcome.family][outcome.outcome] += 1
    return table


def cell(counts: Counter[str]) -> str:
    if not counts:
        return "—"
    verdict = "FAIL" if counts["failed"] else ("pass" if counts["passed"] else "skip")
    details = ", ".join(f"{counts[k]} {k}" for k in ("passed", "failed", "skipped") if counts[k])
    return f"{verdict} ({details})"


def render_markdown(outcomes: list[Outcome], *, target: str, seed: int) -> str:
    table = summarize(outcomes)
    lines = [
        "# Contract conformance",
        "",
        f"Target: {target}  ",
        f"Seed: {seed}",
        "",
        "| API | " + " | ".join(FAMILIES) + " |",
        "|---|" + "---|" * len(FAMILIES),
    ]
    for api in sorted(table):
        lines.append(f"| {api} | " + " | ".join(cell(table[api].get(f, Counter())) for f in FAMILIES) + " |")
    skipped = [o for o in outcomes if o.outcome == "skipped"]
    if skipped:
        lines += ["", "## Skipped", "", "| test | reason |", "|---|---|"]
        lines += [f"| {o.test} | {o.reason.replace('|', '/')} |" for o in skipped]
    failed = [o for o in outcomes if o.outcome == "failed"]
    if failed:
        lines += ["", "## Failed", ""] + [f"- {o.test}" for o in failed]
    return "\n".join(lines) + "\n"


def write_reports(outcomes: list[Outcome], directory: Path, *, target: str, seed: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown = directory / "conformance.md"
    markdown.write_text(render_markdown(outcomes, target=target, seed=seed), encoding="utf-8")
    data = directory / "conformance.json"
    payload = {"target": target, "seed": seed, "outcomes": [o.__dict__ for o in outcomes]}
    data.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return [markdown, data]


def terminal_lines(outcomes: list[Outcome]) -> list[str]:
    table = summarize(outcomes)
    width = max((len(api) for api in table), default=3)
    lines = [f"{'API'.ljust(width)}  " + "  ".join(f.ljust(10) for f in FAMILIES)]
    for api in sorted(table):
        row = []
        for family in FAMILIES:
            counts = table[api].get(family, Counter())
            row.append(
                (
                    "FAIL" if counts["failed"] else "pass" if counts["passed"] else "skip" if counts else "-"
                ).ljust(10)
            )
        lines.append(f"{api.ljust(width)}  " + "  ".join(row))
    return lines
