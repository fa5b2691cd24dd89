"""The page a team lead reads at a glance: `reports/index.html` (static, self-contained) and the same
summary as Markdown for a CI job summary (GITHUB_STEP_SUMMARY).

Order: the API × check-family grid, then the failures with their document facts and curl lines,
then coverage, drift and advisories.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from contract_tests.reporting.coverage import NOT_PROVOKABLE, PROVEN, CoverageItem, percent_proven
from contract_tests.reporting.report import (
    FAMILIES,
    STATE_LABELS,
    AdvisoryCount,
    Outcome,
    cell_state,
    curl_line,
    first_problem,
    is_unproven,
    summarize,
)

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2330}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.35rem .7rem;text-align:left}
td.pass{background:#dff3e3}td.fail{background:#f9d6d5;font-weight:600}td.unproven{background:#fff1c9}
td.skip{background:#eef}td.accepted{background:#e8e3f6}td.none{color:#999}td.partial{background:#eef6d8}td.deselected{color:#777}
pre{background:#f5f6f8;padding:.6rem;overflow-x:auto;white-space:pre-wrap}
.meta{color:#556}
"""
# Lets a headless browser (and a person's devtools) confirm that the grid is laid out and visible.
VISIBILITY_PROBE = """
<script>
const grid = document.getElementById('grid');
const box = grid.getBoundingClientRect();
const shown = getComputedStyle(grid).visibility === 'visible' && box.width > 0 && box.height > 0;
document.body.setAttribute('data-grid-visible', shown ? 'yes' : 'no');
</script>
"""


_CODE_SPAN = re.compile(r"`([^`]+)`")


def inline_markup(text: str) -> str:
    """Report text as HTML: escaped, with its Markdown code spans (`$.items[].status`) as <code>."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text))


@dataclass(frozen=True)
class RunSummary:
    target: str
    seed: int
    outcomes: Sequence[Outcome]
    coverage: Sequence[CoverageItem]
    drift: Sequence[dict[str, object]]
    advisories: Sequence[AdvisoryCount]
    notes: Sequence[str] = ()  # run-level lines: stale baseline entries, a deferred coverage gate


_LABEL = STATE_LABELS


def grid_rows(summary: RunSummary) -> list[tuple[str, list[str]]]:
    table = summarize(list(summary.outcomes))
    unproven = Counter(
        (o.api, o.family)
        for o in summary.outcomes
        if o.outcome == "skipped" and is_unproven(o.reason)
    )
    return [
        (api, [cell_state(table[api].get(f, Counter()), unproven[(api, f)]) for f in FAMILIES])
        for api in sorted(table)
    ]


def render_html(summary: RunSummary) -> str:
    esc = html.escape
    failed = [o for o in summary.outcomes if o.outcome == "failed"]
    counts = Counter(o.outcome for o in summary.outcomes)
    unproven = sum(1 for o in summary.outcomes if o.outcome == "skipped" and is_unproven(o.reason))
    verdict = ", ".join(
        [f"{len(failed)} failing test(s)" if failed else "no failing test", f"{counts['passed']} passed"]
        + [f"{n} {what}" for n, what in ((unproven, "not proven"),) if n]
        + [f"{n} {what}" for n, what in ((counts["skipped"] - unproven, "skipped"),) if n]
        + [f"{n} deselected" for n in (counts["deselected"],) if n]
    )
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>Contract conformance</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Contract conformance</h1>",
        f"<p class=meta>Target: {esc(summary.target)} · seed {summary.seed} "
        f"(SEED={summary.seed} reproduces) · {esc(verdict)} · "
        f"coverage {percent_proven(summary.coverage):.1f}% proven</p>",
        "<table id=grid><tr><th>API</th>" + "".join(f"<th>{esc(f)}</th>" for f in FAMILIES) + "</tr>",
    ]
    for api, states in grid_rows(summary):
        cells = "".join(f"<td class={state}>{_LABEL[state]}</td>" for state in states)
        parts.append(f"<tr><th>{esc(api)}</th>{cells}</tr>")
    parts.append("</table>")
    parts.append(f"<h2>Failures ({len(failed)})</h2>")
    for outcome in failed:
        parts.append(f"<h3>{esc(outcome.test)}</h3><pre>{esc(outcome.detail)}</pre>")
    if not failed:
        parts.append("<p>None.</p>")
    accepted = [o for o in summary.outcomes if o.outcome == "accepted"]
    if accepted:
        parts.append(f"<h2>Accepted deviations ({len(accepted)})</h2><ul>")
        parts += [f"<li><b>{esc(o.test)}</b>: {esc(o.reason)}</li>" for o in accepted]
        parts.append("</ul>")
    if summary.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(f"<li>{esc(n)}</li>" for n in summary.notes) + "</ul>")
    parts.append(
        "<h2>Coverage</h2><table><tr><th>API</th><th>proven</th><th>not proven / not exercised</th>"
        "<th>not provokable (not counted)</th></tr>"
    )
    for api in sorted({i.api for i in summary.coverage}):
        own = [i for i in summary.coverage if i.api == api]
        missing = ", ".join(esc(i.name) for i in own if i.state not in (PROVEN, NOT_PROVOKABLE))[:600]
        apart = ", ".join(esc(i.name) for i in own if i.state == NOT_PROVOKABLE)
        parts.append(
            f"<tr><td>{esc(api)}</td><td>{percent_proven(own):.1f}%</td><td>{missing or '—'}</td>"
            f"<td>{apart or '—'}</td></tr>"
        )
    parts.append("</table><p class=meta>Every item: <a href=coverage.md>coverage.md</a> beside this page</p>")
    parts.append(f"<h2>Drift ({len(summary.drift)})</h2><ul>")
    parts += [
        f"<li><b>{esc(str(r['api']))}</b> ×{r['count']}: {inline_markup(str(r['advice']))}</li>"
        for r in summary.drift
    ]
    parts.append("</ul>")
    parts.append(f"<h2>Advisories ({len(summary.advisories)})</h2><p class=meta>Findings no document states:")
    parts.append(" reported, never failing (STRICT=1 fails them).</p><ul>")
    for advisory, count in summary.advisories:
        parts.append(
            f"<li><b>{esc(advisory.api)}</b> <code>{esc(advisory.check)}</code> ×{count}: "
            f"{inline_markup(advisory.title)} — {inline_markup(advisory.reason)}"
            f"<pre>{esc(advisory.curl)}</pre></li>"
        )
    parts.append("</ul>" + VISIBILITY_PROBE + "</body></html>")
    return "\n".join(parts)


def render_step_summary(summary: RunSummary) -> str:
    """The grid and the headlines as GitHub-flavoured Markdown."""
    lines = [
        "### Contract conformance",
        "",
        "| API | " + " | ".join(FAMILIES) + " |",
        "|---|" + "---|" * len(FAMILIES),
    ]
    for api, states in grid_rows(summary):
        lines.append(f"| {api} | " + " | ".join(_LABEL[s] for s in states) + " |")
    failed = [o for o in summary.outcomes if o.outcome == "failed"]
    lines += [
        "",
        f"Seed {summary.seed} · coverage {percent_proven(summary.coverage):.1f}% proven · "
        f"drift {len(summary.drift)} · advisories {len(summary.advisories)}",
        "",
    ]
    for outcome in failed[:20]:
        first = next((line for line in outcome.detail.splitlines() if "Document fact" in line), "")
        lines.append(f"- ❌ `{outcome.test}` {first.strip()}")
        problem, curl = first_problem(outcome.detail), curl_line(outcome.detail)
        if problem:
            lines.append(f"  - problem: {problem}")
        if curl:
            lines.append(f"  - `{curl}`")
    for outcome in [o for o in summary.outcomes if o.outcome == "accepted"][:20]:
        lines.append(f"- accepted `{outcome.test}`: {outcome.reason}")
    lines += [f"- {note}" for note in summary.notes]
    return "\n".join(lines) + "\n"


def write_summary_page(summary: RunSummary, directory: Path, step_summary: str | None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    page = directory / "index.html"
    page.write_text(render_html(summary), encoding="utf-8")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(render_step_summary(summary))
    return [page]
