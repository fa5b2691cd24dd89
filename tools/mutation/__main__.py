"""`make mutation`: the suite (and plain schemathesis) against every variant, two at a time.

The suite runs in long-lived workers, variant after variant in-process and mostly over WSGI
(tools/mutation/pool.py); `--classic` runs one pytest process per variant over HTTP instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from contract_tests.runner.markers import suite_tests
from tools.mutation.catalogue import ALL_SPEC_KEYS, Entry, load_catalogue
from tools.mutation.pool import run_suites
from tools.mutation.report import Row, render_text, score_rows, write
from tools.mutation.runs import ROOT, RunResult, beyond_noise, run_baseline, run_suite
from tools.progress import Progress

DEFAULT_SEED = 20261122


def semantic_test_names() -> list[str]:
    """Every semantic test function of the suite: all but the property tests, by their family marker."""
    return [name for name, family in suite_tests() if family != "property"]


def suite_results(entries: list[Entry], args: argparse.Namespace) -> dict[str, RunResult]:
    """The suite's verdict per variant, printed as each one finishes."""
    progress = Progress(len(entries))

    def report(entry: Entry, result: RunResult) -> None:
        progress.total = max(progress.total, progress.done + 1)  # --quick: a stopped run may run again
        verdict = "ok" if result.outcome == entry.expected else "UNEXPECTED"
        progress.step(f"{entry.name}: {result.outcome} ({verdict}) in {result.seconds:.0f}s")
        if verdict != "ok" and not progress.interactive:
            print(f"{entry.name}: {result.outcome} (UNEXPECTED) in {result.seconds:.0f}s", flush=True)

    if not args.classic:
        return run_suites(
            entries,
            seed=args.seed,
            max_examples=args.max_examples,
            jobs=args.jobs,
            on_result=report,
            quick=args.quick,
            unique_for=semantic_test_names(),
        )
    results: dict[str, RunResult] = {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {
            pool.submit(run_suite, entry, seed=args.seed, max_examples=args.max_examples): entry
            for entry in entries
        }
        for future in as_completed(futures):
            entry = futures[future]
            results[entry.name] = future.result()
            report(entry, results[entry.name])
    return results


def baseline_results(
    entries: list[Entry], args: argparse.Namespace, noise: RunResult
) -> dict[str, RunResult]:
    def one(entry: Entry) -> RunResult:
        return beyond_noise(run_baseline(entry, seed=args.seed, max_examples=args.max_examples), noise)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        return dict(zip([e.name for e in entries], pool.map(one, entries), strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.mutation", description=__doc__)
    parser.add_argument("--only", help="comma list of variant names")
    parser.add_argument(
        "--jobs", type=int, default=2, help="variants run in parallel (default 2, one per core)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain-schemathesis baseline")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument(
        "--classic", action="store_true", help="one pytest process per variant over HTTP (for comparison)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="faulty variants no semantic test is meant to catch alone stop at their first failure "
        "(what make test runs; the reports then list fewer unique catches)",
    )
    args = parser.parse_args(argv)
    if args.quick and args.classic:
        parser.error("--quick runs in the long-lived workers, not with --classic")
    if args.jobs < 1 or args.max_examples < 1:
        parser.error("--jobs and --max-examples must be at least 1")
    entries = load_catalogue(set(args.only.split(",")) if args.only else None)
    baseline_note = "" if args.no_baseline else ", with the plain-schemathesis baseline"
    print(
        f"mutation: {len(entries)} variants, {args.jobs} at a time, seed {args.seed}, "
        f"{args.max_examples} examples per operation{baseline_note}",
        flush=True,
    )
    started = time.monotonic()
    noise = None
    if not args.no_baseline:
        # Plain schemathesis on the unmodified reference: what it reports there is noise, not a kill.
        noise = run_baseline(None, seed=args.seed, max_examples=args.max_examples, keys=ALL_SPEC_KEYS)
        print(
            f"baseline on the unmodified reference: {'; '.join(noise.failed_tests) or 'no failures'}",
            flush=True,
        )
    suites = suite_results(entries, args)
    baselines = baseline_results(entries, args, noise) if noise is not None else {}
    ordered = score_rows([Row(e, suites[e.name], baselines.get(e.name)) for e in entries])
    semantic = semantic_test_names()
    print()
    print(render_text(ordered, semantic, noise))
    paths = write(
        ordered, semantic, args.reports, seed=args.seed, max_examples=args.max_examples, noise=noise
    )
    print(f"\nwall time {time.monotonic() - started:.0f} s; reports: {', '.join(map(str, paths))}")
    return 0 if all(row.suite_ok for row in ordered) else 1


if __name__ == "__main__":
    sys.exit(main())
