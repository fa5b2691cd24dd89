"""Kill rates, false positives, and which semantic test alone catches which variant (text, JSON, Markdown).

Scoring rule: a faulty variant counts as killed only by a test that passes every conformant variant.
A test that fails some conformant variant cries wolf, so its failures are noise: a faulty variant that
only such tests fail is reported as "noise", never as a kill (`score_rows`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from contract_tests.runner.fail_fast import MODEL_TEST
from tools.mutation.catalogue import Entry
from tools.mutation.runs import RunResult

NOISE = "noise"


@dataclass
class Row:
    entry: Entry
    suite: RunResult
    baseline: RunResult | None

    @property
    def suite_ok(self) -> bool:
        return self.suite.outcome == self.entry.expected


def _result(row: Row, pick: str) -> RunResult | None:
    return row.suite if pick == "suite" else row.baseline


def noisy_tests(rows: list[Row], pick: str) -> set[str]:
    """Tests (JUnit names, or baseline failure titles) that fail at least one conformant variant."""
    return {
        name
        for row in rows
        if row.entry.conformant and (result := _result(row, pick)) is not None
        for name in result.failed_tests
    }


def credited(result: RunResult, noisy: set[str]) -> RunResult:
    """A faulty variant's verdict counting only failures of tests that pass every conformant variant."""
    if result.outcome != "killed":
        return result
    kept = [name for name in result.failed_tests if name not in noisy]
    if kept:
        return RunResult("killed", result.seconds, kept, result.detail, result.complete)
    return RunResult(
        NOISE,
        result.seconds,
        result.failed_tests,
        detail="failed only tests that also fail a conformant variant",
        complete=result.complete,
    )


def score_rows(rows: list[Row]) -> list[Row]:
    """The rows with the scoring rule applied to the suite's and the baseline's faulty-variant verdicts."""
    noisy = {pick: noisy_tests(rows, pick) for pick in ("suite", "baseline")}
    scored = []
    for row in rows:
        if row.entry.conformant:
            scored.append(row)
            continue
        baseline = credited(row.baseline, noisy["baseline"]) if row.baseline else None
        scored.append(Row(row.entry, credited(row.suite, noisy["suite"]), baseline))
    return scored


def noise_only(rows: list[Row], pick: str) -> list[str]:
    """Faulty variants whose only failures came from tests that also fail a conformant variant."""
    return [
        row.entry.name
        for row in rows
        if not row.entry.conformant and (r := _result(row, pick)) is not None and r.outcome == NOISE
    ]


def test_function(testcase_name: str) -> str:
    return testcase_name.split("[", 1)[0]


def rates(rows: list[Row], pick: str) -> dict[str, tuple[int, int]]:
    """Per class (and "total"): (faulty variants killed, faulty variants) for the suite or the baseline."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.entry.conformant:
            continue
        result = row.suite if pick == "suite" else row.baseline
        if result is None:
            continue
        for key in (row.entry.cls, "total"):
            table[key][1] += 1
            table[key][0] += result.outcome == "killed"
    return {key: (killed, total) for key, (killed, total) in table.items()}


def false_positives(rows: list[Row], pick: str) -> list[str]:
    out = []
    for row in rows:
        result = row.suite if pick == "suite" else row.baseline
        if row.entry.conformant and result is not None and result.outcome != "passes":
            out.append(row.entry.name)
    return out


# The list model judges whole answers, so it overlaps every point test by design: it earns its place by
# the variants it alone catches, and it does not take a point test's only catch away from it.
MODEL_ORACLE = MODEL_TEST


def unique_catches(rows: list[Row], semantic_tests: list[str]) -> dict[str, list[str]]:
    """Semantic test function -> faulty variants that it, and no other test, catches (the list model
    aside, for a point test: see MODEL_ORACLE).

    Only complete runs count: a run that stopped at its first failure never ran the tests after it,
    so its one failing test is not known to be the only catcher.
    """
    found: dict[str, list[str]] = {name: [] for name in semantic_tests}
    for row in rows:
        if row.entry.conformant or row.suite.outcome != "killed" or not row.suite.complete:
            continue
        functions = {test_function(name) for name in row.suite.failed_tests}
        points = functions - {MODEL_ORACLE}
        if len(functions) == 1 or len(points) == 1:
            only = functions.pop() if len(functions) == 1 else points.pop()
            found.setdefault(only, []).append(row.entry.name)
    return found


def _pct(killed: int, total: int) -> str:
    return f"{killed}/{total} ({100 * killed / total:.0f}%)" if total else "—"


def render_text(rows: list[Row], semantic_tests: list[str], noise: RunResult | None = None) -> str:
    lines = [f"{'variant':44} {'class':13} {'expected':8} {'got':8} {'s':>6}  baseline"]
    for row in rows:
        baseline = row.baseline.outcome if row.baseline else "-"
        mark = "" if row.suite_ok else "  <-- UNEXPECTED"
        lines.append(
            f"{row.entry.name:44} {row.entry.cls:13} {row.entry.expected:8} {row.suite.outcome:8} "
            f"{row.suite.seconds:6.1f}  {baseline}{mark}"
        )
    suite, base = rates(rows, "suite"), rates(rows, "baseline")
    lines += ["", f"{'kill rate':22} {'contract suite':18} plain schemathesis"]
    for key in [*sorted(k for k in suite if k != "total"), "total"]:
        lines.append(f"{key:22} {_pct(*suite.get(key, (0, 0))):18} {_pct(*base.get(key, (0, 0)))}")
    lines.append(
        f"false positives: suite {false_positives(rows, 'suite') or 'none'}, "
        f"plain schemathesis {false_positives(rows, 'baseline') or 'none'}"
    )
    lines.append(
        f"noise, not kills (only tests that also fail a conformant variant): suite "
        f"{noise_only(rows, 'suite') or 'none'}, plain schemathesis {noise_only(rows, 'baseline') or 'none'}"
    )
    if noise is not None:
        lines.append(
            "plain schemathesis on the unmodified reference (its false positives, never counted as kills): "
            + ("; ".join(noise.failed_tests) or "no failures")
        )
    unique = unique_catches(rows, semantic_tests)
    missing = [name for name in semantic_tests if not unique.get(name)]
    lines.append(
        f"semantic tests with a variant only they catch: {len(semantic_tests) - len(missing)}/"
        f"{len(semantic_tests)}" + (f"; without: {', '.join(missing)}" if missing else "")
    )
    return "\n".join(lines)


def render_markdown(
    rows: list[Row],
    semantic_tests: list[str],
    *,
    seed: int,
    max_examples: int,
    noise: RunResult | None = None,
) -> str:
    suite, base = rates(rows, "suite"), rates(rows, "baseline")
    lines = [
        "# Mutation score",
        "",
        f"Seed {seed}, {max_examples} fuzzing examples per operation.",
        "",
        "| variant | API | class | expected | got | seconds | plain schemathesis | breaks |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        baseline = row.baseline.outcome if row.baseline else "—"
        lines.append(
            f"| {row.entry.name} | {row.entry.api} | {row.entry.cls} | {row.entry.expected} | "
            f"{row.suite.outcome} | {row.suite.seconds:.1f} | {baseline} | {row.entry.breaks or '—'} |"
        )
    lines += ["", "| class | contract suite | plain schemathesis |", "|---|---|---|"]
    for key in [*sorted(k for k in suite if k != "total"), "total"]:
        lines.append(f"| {key} | {_pct(*suite.get(key, (0, 0)))} | {_pct(*base.get(key, (0, 0)))} |")
    lines += [
        "",
        f"False positives (conformant variants failed): contract suite "
        f"{', '.join(false_positives(rows, 'suite')) or 'none'}; plain schemathesis "
        f"{', '.join(false_positives(rows, 'baseline')) or 'none'}.",
        "",
        "A kill counts only if the failing test passes every conformant variant. Faulty variants failed "
        f"only by tests that also fail a conformant variant (noise, not kills): contract suite "
        f"{', '.join(noise_only(rows, 'suite')) or 'none'}; plain schemathesis "
        f"{', '.join(noise_only(rows, 'baseline')) or 'none'}.",
        "",
        "Plain schemathesis on the unmodified reference: "
        + ("; ".join(noise.failed_tests) if noise and noise.failed_tests else "no failures")
        + ". These are its false positives; a variant counts as killed by it only for other failures.",
        "",
        "| semantic test | variants only it catches |",
        "|---|---|",
    ]
    for name, variants in sorted(unique_catches(rows, semantic_tests).items()):
        if name in semantic_tests:
            lines.append(f"| {name} | {', '.join(variants) or '**none**'} |")
    return "\n".join(lines) + "\n"


def write(
    rows: list[Row],
    semantic_tests: list[str],
    directory: Path,
    *,
    seed: int,
    max_examples: int,
    noise: RunResult | None = None,
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    data = {
        "seed": seed,
        "max_examples": max_examples,
        "rows": [
            {
                "variant": asdict(r.entry),
                "suite": asdict(r.suite),
                "baseline": asdict(r.baseline) if r.baseline else None,
            }
            for r in rows
        ],
        "kill_rate": {"suite": rates(rows, "suite"), "baseline": rates(rows, "baseline")},
        "false_positives": {
            "suite": false_positives(rows, "suite"),
            "baseline": false_positives(rows, "baseline"),
        },
        "noise_only": {"suite": noise_only(rows, "suite"), "baseline": noise_only(rows, "baseline")},
        "unique_catches": unique_catches(rows, semantic_tests),
        "baseline_on_reference": asdict(noise) if noise else None,
    }
    json_path, md_path = directory / "mutation.json", directory / "mutation.md"
    json_path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    md_path.write_text(
        render_markdown(rows, semantic_tests, seed=seed, max_examples=max_examples, noise=noise),
        encoding="utf-8",
    )
    return [json_path, md_path]
