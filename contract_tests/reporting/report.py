"""The conformance summary: one row per API × check family, the advisories and what the data could not
prove, as Markdown and JSON."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contract_tests.oracles.verdicts import Advisory

# A skip whose reason starts so is a test that ran but whose data could not tell right from wrong.
NOT_PROVEN = "not proven on this data:"
# A skip whose reason starts so is a test whose comparison model (the full list) could not be read:
# the walk test reports that fault; this one is counted with the not-proven tests, never as a pass.
NOT_JUDGED = "not judged:"


def is_unproven(reason: str) -> bool:
    """A skip that ran the test but proves nothing: not proven on this data, or not judged."""
    return reason.startswith((NOT_PROVEN, NOT_JUDGED))
AdvisoryCount = tuple[Advisory, int]
FAMILIES = ("property", "envelope", "pagination", "filters", "sorting", "enums", "errors")


@dataclass(frozen=True)
class Outcome:
    api: str
    family: str
    test: str
    outcome: str  # passed | failed | skipped | deselected | accepted (every finding accepted by BASELINE)
    reason: str = ""
    detail: str = ""  # a failure's message: the broken rule, its document fact, the curl line


def summarize(outcomes: list[Outcome]) -> dict[str, dict[str, Counter[str]]]:
    table: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for outcome in outcomes:
        table[outcome.api][outcome.family][outcome.outcome] += 1
    return table


# The grid's states of one API × family cell. "pass" only when every test of it ran and passed: a
# skipped, not proven or deselected test makes it "partial" (never shown as pass).
STATE_LABELS = {
    "fail": "FAIL",
    "accepted": "accepted",
    "pass": "pass",
    "partial": "partial",
    "unproven": "not proven",
    "skip": "skip",
    "deselected": "deselected",
    "none": "—",
}


def cell_state(counts: Counter[str], unproven: int = 0) -> str:
    if not counts:
        return "none"
    if counts["failed"]:
        return "fail"
    if counts["accepted"]:
        return "accepted"
    if counts["passed"]:
        return "partial" if counts["skipped"] or counts["deselected"] else "pass"
    if counts["skipped"]:
        return "unproven" if unproven else "skip"
    return "deselected"


def cell(counts: Counter[str], unproven: int = 0) -> str:
    if not counts:
        return "—"
    verdict = STATE_LABELS[cell_state(counts, unproven)]
    details = ", ".join(
        f"{counts[k]} {k}" for k in ("passed", "failed", "accepted", "skipped", "deselected") if counts[k]
    )
    return f"{verdict} ({details})"


def not_proven(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.outcome == "skipped" and is_unproven(o.reason)]


def render_markdown(
    outcomes: list[Outcome], *, target: str, seed: int, advisories: Sequence[AdvisoryCount] = ()
) -> str:
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
    unproven_cells = Counter((o.api, o.family) for o in not_proven(outcomes))
    for api in sorted(table):
        cells = [cell(table[api].get(f, Counter()), unproven_cells[(api, f)]) for f in FAMILIES]
        lines.append(f"| {api} | " + " | ".join(cells) + " |")
    unproven = not_proven(outcomes)
    if unproven:
        lines += ["", "## Not proven on this data", "", "| test | why |", "|---|---|"]
        lines += [
            f"| {o.test} | {o.reason.removeprefix(NOT_PROVEN).strip().replace('|', '/')} |" for o in unproven
        ]
    skipped = [o for o in outcomes if o.outcome == "skipped" and o not in unproven]
    if skipped:
        lines += ["", "## Skipped", "", "| test | reason |", "|---|---|"]
        lines += [f"| {o.test} | {o.reason.replace('|', '/')} |" for o in skipped]
    failed = [o for o in outcomes if o.outcome == "failed"]
    if failed:
        lines += ["", "## Failed", ""] + [f"- {o.test}" + _colon(first_problem(o.detail)) for o in failed]
    accepted = [o for o in outcomes if o.outcome == "accepted"]
    if accepted:
        lines += ["", "## Accepted (BASELINE)", "", "| test | reason |", "|---|---|"]
        lines += [f"| {o.test} | {o.reason.replace('|', '/')} |" for o in accepted]
    if advisories:
        lines += [
            "",
            "## Advisories",
            "",
            "Generic findings that no document states: reported, never failing (STRICT=1 fails them).",
            "",
        ]
        for advisory, count in advisories:
            lines.append(
                f"- **{advisory.api}** `{advisory.check}` ×{count}: {advisory.title} — {advisory.reason}"
            )
            if advisory.curl:
                lines.append(f"  `{advisory.curl}`")
    return "\n".join(lines) + "\n"


def write_reports(
    outcomes: list[Outcome],
    directory: Path,
    *,
    target: str,
    seed: int,
    advisories: Sequence[AdvisoryCount] = (),
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown = directory / "conformance.md"
    text = render_markdown(outcomes, target=target, seed=seed, advisories=advisories)
    markdown.write_text(text, encoding="utf-8")
    data = directory / "conformance.json"
    payload = {
        "target": target,
        "seed": seed,
        "outcomes": [o.__dict__ for o in outcomes],
        "not_proven": [o.test for o in not_proven(outcomes)],
        "advisories": [{**a.__dict__, "count": count} for a, count in advisories],
    }
    data.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return [markdown, data]


def terminal_lines(outcomes: list[Outcome]) -> list[str]:
    table = summarize(outcomes)
    unproven_cells = Counter((o.api, o.family) for o in not_proven(outcomes))
    width = max((len(api) for api in table), default=3)
    lines = [f"{'API'.ljust(width)}  " + "  ".join(f.ljust(10) for f in FAMILIES)]
    for api in sorted(table):
        row = []
        for family in FAMILIES:
            counts = table[api].get(family, Counter())
            state = cell_state(counts, unproven_cells[(api, family)])
            row.append(("-" if state == "none" else STATE_LABELS[state]).ljust(10))
        lines.append(f"{api.ljust(width)}  " + "  ".join(row))
    return lines


def _colon(text: str) -> str:
    return f": {text}" if text else ""


def first_problem(text: str) -> str:
    """What went wrong, in one line: a semantic failure's first problem, schemathesis' first failure
    (its title and first line), else the text's first line."""
    lines = [line.strip() for line in text.splitlines()]
    if "Problems:" in lines:
        after = lines[lines.index("Problems:") + 1 :]
        first = next((line for line in after if line), "")
        return first.removeprefix("- ")
    for number, line in enumerate(lines):
        if line.startswith("- ") and line[2:4].isalpha() and line[4:7].isdigit():  # "- ST108 Title"
            body = next((rest for rest in lines[number + 1 :] if rest), "")
            return f"{line[2:]}: {body}" if body and not body.startswith("- ") else line[2:]
    return next((line for line in lines if line), "")


def curl_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip().startswith("curl ")), "")


# JUnit writers keep a `message` attribute to about 500 characters (pytest: whole lines while they fit).
HEADLINE_BUDGET = 499
SHORTEST_PROBLEM = 120


def headline(text: str) -> str:
    """A failure's short message (JUnit's `message`, a CI annotation): the problem, then the curl line.
    The problem is shortened so that both fit the attribute's budget; the body keeps the full text."""
    problem, curl = first_problem(text), curl_line(text)
    room = max(SHORTEST_PROBLEM, HEADLINE_BUDGET - len(curl) - 1) if curl else HEADLINE_BUDGET
    if len(problem) > room:
        problem = problem[: room - 1].rstrip() + "…"
    return "\n".join(part for part in (problem, curl) if part)
