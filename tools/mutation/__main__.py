"""`make mutation`: the suite (and plain schemathesis) against every variant, two at a time."""

from __future__ import annotations

import argparse
import ast
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from tools.mutation.catalogue import PROVIDER_TO_SPECS, Entry, load_catalogue
from tools.mutation.report import SEMANTIC_MODULES, Row, render_text, write
from tools.mutation.runs import ROOT, RunResult, beyond_noise, run_baseline, run_suite

DEFAULT_SEED = 20261122


def semantic_test_names() -> list[str]:
    """Every semantic test function of the suite, read from its modules (no import, no collection)."""
    names = []
    for module in SEMANTIC_MODULES:
        tree = ast.parse((ROOT / "contract_tests" / f"{module}.py").read_text(encoding="utf-8"))
        names += [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        ]
    return names


def run_one(entry: Entry, args: argparse.Namespace, noise: RunResult | None) -> Row:
    suite = run_suite(entry, seed=args.seed, max_examples=args.max_examples)
    baseline = None
    if noise is not None:
        baseline = beyond_noise(run_baseline(entry, seed=args.seed, max_examples=args.max_examples), noise)
    return Row(entry, suite, baseline)


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
    args = parser.parse_args(argv)
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
        noise = run_baseline(
            None, seed=args.seed, max_examples=args.max_examples, keys=PROVIDER_TO_SPECS["all"]
        )
        print(
            f"baseline on the unmodified reference: {'; '.join(noise.failed_tests) or 'no failures'}",
            flush=True,
        )
    rows: dict[str, Row] = {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_one, entry, args, noise): entry for entry in entries}
        for done, future in enumerate(as_completed(futures), start=1):
            row = future.result()
            rows[row.entry.name] = row
            verdict = "ok" if row.suite_ok else "UNEXPECTED"
            baseline = f", baseline {row.baseline.outcome}" if row.baseline else ""
            print(
                f"[{done}/{len(entries)}] {row.entry.name}: {row.suite.outcome} ({verdict}) "
                f"in {row.suite.seconds:.0f}s{baseline}",
                flush=True,
            )
    ordered = [rows[entry.name] for entry in entries]
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
