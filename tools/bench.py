"""`make bench`: the contract suite's speed, measured side by side in one run (median, min, max).

1. suite vs plain schemathesis: the same specs, the same examples per operation, the same provider
   process over loopback HTTP; wall seconds, requests (from the provider's access log), requests per
   second, and the ratio per API and in total;
2. time to first failure: FAIL_FAST=1 against a fixed set of faulty variants;
3. scaling: the suite against the provider at 1x, 10x and 100x its items (`--scale N`);
4. profile: the hot spots of one full run (pyinstrument), in reports/profile.txt;
plus the whole default suite against the embedded provider over HTTP and over WSGI.
Everything is printed and written to reports/bench.json. Nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests.config.target import load_local_defaults
from contract_tests.model.specs import all_specs
from tools.mutation.runs import TARGET_VARS, baseline_command
from tools.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261122
MAX_EXAMPLES = 10
FAULTY_SAMPLE = (
    "huawei-instances-limit-ignored",
    "huawei-endpoints-status-active",
    "pai-eas-cpu-string",
    "ha3-type-ignored",
    "zstack-total-dropped",
)
SCALES = (1, 10, 100)
SCALING_APIS = ("opensearch-ha3-models",)  # page size 10: its walks grow with the items
_PYTEST_TIME = re.compile(r" in (\d+(?:\.\d+)?)s")
_LOG_REQUEST = re.compile(r'"([A-Z]+) (\S+) HTTP/')


@dataclass
class Sample:
    """Repeated measurements of one quantity."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    def summary(self) -> dict[str, float]:
        if not self.values:
            return {"median": 0.0, "min": 0.0, "max": 0.0}
        return {
            "median": statistics.median(self.values),
            "min": min(self.values),
            "max": max(self.values),
        }

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else 0.0

    def text(self, unit: str = "s") -> str:
        s = self.summary()
        return f"{s['median']:.1f}{unit} [{s['min']:.1f}–{s['max']:.1f}]"


def _env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TARGET_VARS and not k.startswith("PYTEST_")}
    env.pop("EMBEDDED_TRANSPORT", None)
    env.pop("FAIL_FAST", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return {**env, **extra}


class Provider:
    """One reference provider process with an access log, shared by the runs being compared."""

    def __init__(self, values: Mapping[str, str], scale: int = 1) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="bench-")
        self.log = Path(self._dir.name) / "access.log"
        self._sink = self.log.open("w")
        command = [sys.executable, "-m", "reference_provider", "--port", "0", "--access-log"]
        self.process = subprocess.Popen(
            [*command, "--scale", str(scale)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self._sink,
            text=True,
            env=_env({**values, "REFERENCE_PROVIDER_VARIANT": ""}),
        )
        line = self.process.stdout.readline().strip() if self.process.stdout else ""
        self.base_url = line.rsplit(" ", 1)[-1]
        if not self.base_url.startswith("http"):
            self.stop()
            raise SystemExit(f"bench: the provider did not start: {line!r}")

    def requests_since(self, offset: int) -> list[tuple[str, str]]:
        self._sink.flush()
        with self.log.open(encoding="utf-8", errors="replace") as handle:
            handle.seek(offset)
            return _LOG_REQUEST.findall(handle.read())

    def offset(self) -> int:
        self._sink.flush()
        return self.log.stat().st_size

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._sink.close()
        self._dir.cleanup()


@contextmanager
def provider(values: Mapping[str, str], scale: int = 1) -> Iterator[Provider]:
    running = Provider(values, scale)
    try:
        yield running
    finally:
        running.stop()


def api_of(path: str) -> str | None:
    """The API whose route a request path hits (by the specs' route templates)."""
    for key, pattern in route_patterns().items():
        if pattern.match(path):
            return key
    return None


@functools.cache
def route_patterns() -> dict[str, re.Pattern[str]]:
    patterns = {}
    for key, spec in all_specs().items():
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/?]+", re.escape(spec.route))
        patterns[key] = re.compile(regex + r"/?(\?|$)")
    return patterns


def api_of_test(name: str) -> str:
    """The API a test case belongs to, from its name: `test_...[<key>...]`."""
    for key in sorted(all_specs(), key=len, reverse=True):
        if f"[{key}" in name:
            return key
    return "?"


@dataclass
class PytestRun:
    wall: float  # the whole process
    session: float  # pytest's own "in N s"
    returncode: int
    per_api: dict[str, float]  # summed test-case times per API (from JUnit)
    output: str


def run_pytest(env: Mapping[str, str], *, junit: Path | None = None, timeout: float = 1800) -> PytestRun:
    command = [sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider"]
    if junit is not None:
        command.append(f"--junitxml={junit}")
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=dict(env), capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - started
    found = _PYTEST_TIME.findall(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "")
    per_api: Counter[str] = Counter()
    if junit is not None and junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            per_api[api_of_test(case.get("name", ""))] += float(case.get("time", "0"))
    return PytestRun(wall, float(found[-1]) if found else wall, proc.returncode, dict(per_api), proc.stdout)


def _target_env(base_url: str, values: Mapping[str, str], **extra: str) -> dict[str, str]:
    return _env({**values, "TARGET": base_url, "SEED": str(SEED), **extra})


def suite_vs_schemathesis(
    values: Mapping[str, str], runs: int, reports: Path, progress: Progress
) -> dict[str, Any]:
    """Per API: the suite (its per-API test time) and plain schemathesis (its own reported duration)."""
    keys = list(all_specs())
    suite_wall = {key: Sample() for key in [*keys, "total"]}
    suite_requests: dict[str, Sample] = {key: Sample() for key in [*keys, "total"]}
    plain_wall = {key: Sample() for key in [*keys, "total"]}
    plain_requests: dict[str, Sample] = {key: Sample() for key in [*keys, "total"]}
    with provider(values) as running, tempfile.TemporaryDirectory(prefix="bench-st-") as tmp:
        for _ in range(runs):
            start = running.offset()
            env = _target_env(
                running.base_url, values, MAX_EXAMPLES=str(MAX_EXAMPLES), REPORTS=str(Path(tmp) / "r")
            )
            result = run_pytest(env, junit=Path(tmp) / "junit.xml")
            progress.step("compare: the suite")
            if result.returncode != 0:
                raise SystemExit(
                    "bench: the suite failed against the reference provider:\n" + result.output[-1500:]
                )
            sent = Counter(api_of(path) for _, path in running.requests_since(start))
            for key in keys:
                suite_wall[key].add(result.per_api.get(key, 0.0))
                suite_requests[key].add(sent.get(key, 0))
            suite_wall["total"].add(result.session)
            suite_requests["total"].add(sum(sent.values()))
            total_time = total_sent = 0.0
            for key in keys:
                command, extra = baseline_command(
                    key, running.base_url, dict(values), SEED, MAX_EXAMPLES, Path(tmp) / f"{key}.toml"
                )
                # Its known failures on the reference (see README) must not end an operation early:
                # the same work as the suite's property tests, not a shortened run.
                command.append("--continue-on-failure")
                start = running.offset()
                began = time.perf_counter()
                proc = subprocess.run(
                    command,
                    cwd=ROOT,
                    env=_env({**values, **extra}),
                    capture_output=True,
                    text=True,
                    timeout=900,
                )
                wall = time.perf_counter() - began
                found = _PYTEST_TIME.findall(proc.stdout)
                seconds = float(found[-1]) if found else wall
                count = len(running.requests_since(start))
                plain_wall[key].add(seconds)
                plain_requests[key].add(count)
                total_time, total_sent = total_time + seconds, total_sent + count
                progress.step(f"compare: plain schemathesis on {key}")
            plain_wall["total"].add(total_time)
            plain_requests["total"].add(total_sent)
    table = {}
    for key in [*keys, "total"]:
        suite_rate = suite_requests[key].median / suite_wall[key].median if suite_wall[key].median else 0.0
        plain_rate = plain_requests[key].median / plain_wall[key].median if plain_wall[key].median else 0.0
        table[key] = {
            "suite_seconds": suite_wall[key].summary(),
            "suite_requests": suite_requests[key].summary(),
            "suite_req_per_s": suite_rate,
            "schemathesis_seconds": plain_wall[key].summary(),
            "schemathesis_requests": plain_requests[key].summary(),
            "schemathesis_req_per_s": plain_rate,
            "rate_ratio": plain_rate / suite_rate if suite_rate else 0.0,
            "wall_ratio": suite_wall[key].median / plain_wall[key].median if plain_wall[key].median else 0.0,
        }
    print(
        f"\n1. suite vs plain schemathesis ({MAX_EXAMPLES} examples per operation, seed {SEED}, {runs} runs)"
    )
    print(
        f"{'API':26} {'suite s':>18} {'req':>6} {'req/s':>6} | "
        f"{'schemathesis s':>18} {'req':>6} {'req/s':>6} | st/suite req/s"
    )
    for key, row in table.items():
        print(
            f"{key:26} {suite_wall[key].text():>18} {suite_requests[key].median:6.0f} "
            f"{row['suite_req_per_s']:6.0f} | {plain_wall[key].text():>18} "
            f"{plain_requests[key].median:6.0f} {row['schemathesis_req_per_s']:6.0f} | "
            f"{row['rate_ratio']:.2f}x"
        )
    print(
        "(suite seconds per API: its test cases' time; total: pytest's session time; "
        "schemathesis: its own duration)"
    )
    return table


def full_suite(values: Mapping[str, str], runs: int, reports: Path, progress: Progress) -> dict[str, Any]:
    """The whole default suite against the embedded provider, over HTTP and over WSGI."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="bench-full-") as tmp:
        for transport in ("http", "wsgi"):
            session, wall = Sample(), Sample()
            for _ in range(runs):
                result = run_pytest(
                    _env({"SEED": str(SEED), "EMBEDDED_TRANSPORT": transport, "REPORTS": tmp})
                )
                session.add(result.session)
                wall.add(result.wall)
                progress.step(f"full suite over {transport}")
            out[transport] = {"pytest_seconds": session.summary(), "process_seconds": wall.summary()}
            print(f"   embedded over {transport}: pytest {session.text()}, process {wall.text()}")
    return out


def time_to_first_failure(runs: int, progress: Progress) -> dict[str, Any]:
    print(
        f"\n2. time to first failure, FAIL_FAST=1, all APIs, embedded provider over HTTP ({runs} runs each)"
    )
    per_variant: dict[str, dict[str, Any]] = {}
    medians, wall_medians = [], []
    with tempfile.TemporaryDirectory(prefix="bench-ff-") as tmp:
        for variant in FAULTY_SAMPLE:
            session, wall = Sample(), Sample()
            for _ in range(runs):
                env = _env(
                    {
                        "SEED": str(SEED),
                        "FAIL_FAST": "1",
                        "REFERENCE_PROVIDER_VARIANT": variant,
                        "REPORTS": tmp,
                    }
                )
                result = run_pytest(env)
                if result.returncode != 1:
                    raise SystemExit(
                        f"bench: FAIL_FAST run of {variant} did not fail (exit {result.returncode})"
                    )
                session.add(result.session)
                wall.add(result.wall)
                progress.step(f"time to first failure: {variant}")
            per_variant[variant] = {"pytest_seconds": session.summary(), "process_seconds": wall.summary()}
            medians.append(session.median)
            wall_medians.append(wall.median)
            print(f"   {variant:34} pytest {session.text()}, process {wall.text()}")
    summary = {
        "median_pytest_seconds": statistics.median(medians),
        "median_process_seconds": statistics.median(wall_medians),
    }
    print(
        f"   median over the variants: pytest {summary['median_pytest_seconds']:.1f} s, "
        f"process {summary['median_process_seconds']:.1f} s"
    )
    return {"variants": per_variant, **summary}


def scaling(values: Mapping[str, str], runs: int, progress: Progress) -> dict[str, Any]:
    apis = ",".join(SCALING_APIS)
    print(
        f"\n3. scaling: the suite ({apis}, {MAX_EXAMPLES} examples) at "
        f"{', '.join(f'{s}x' for s in SCALES)} items"
    )
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for scale in SCALES:
            wall, sent = Sample(), Sample()
            with provider(values, scale) as running:
                for _ in range(runs):
                    start = running.offset()
                    env = _target_env(
                        running.base_url, values, APIS=apis, MAX_EXAMPLES=str(MAX_EXAMPLES), REPORTS=tmp
                    )
                    result = run_pytest(env)
                    wall.add(result.session)
                    sent.add(len(running.requests_since(start)))
                    progress.step(f"scaling: {scale}x items")
            out[f"{scale}x"] = {
                "pytest_seconds": wall.summary(),
                "requests": sent.summary(),
                "returncode": result.returncode,
            }
            base = out["1x"]["pytest_seconds"]["median"]
            growth = wall.median / base if base else 0.0
            out[f"{scale}x"]["time_vs_1x"] = growth
            base_sent = out["1x"]["requests"]["median"]
            out[f"{scale}x"]["requests_vs_1x"] = sent.median / base_sent if base_sent else 0.0
            print(
                f"   {scale:>3}x items: pytest {wall.text()}, {sent.median:.0f} requests; "
                f"{growth:.1f}x the 1x time, {out[f'{scale}x']['requests_vs_1x']:.1f}x its requests"
            )
    return out


def profile(reports: Path, progress: Progress) -> dict[str, Any]:
    """One full default run under pyinstrument: the tree in reports/profile.txt, hot spots in the JSON."""
    print("\n4. profile of one full default run (embedded provider over HTTP)")
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-prof-") as tmp:
        session_file = Path(tmp) / "run.pyisession"
        base = [sys.executable, "-m", "pyinstrument"]
        env = _env({"SEED": str(SEED), "REPORTS": tmp})
        subprocess.run(
            [
                *base,
                "-r",
                "session",
                "-o",
                str(session_file),
                "-m",
                "pytest",
                "contract_tests",
                "-q",
                "-p",
                "no:cacheprovider",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        progress.step("profile")
        if not session_file.exists():
            print("   pyinstrument produced no profile (is it installed?)")
            return {}
        text_path = reports / "profile.txt"
        subprocess.run(
            [*base, "--load", str(session_file), "-r", "text", "-o", str(text_path)],
            cwd=ROOT,
            env=env,
            timeout=300,
        )
        json_path = Path(tmp) / "run.json"
        subprocess.run(
            [*base, "--load", str(session_file), "-r", "json", "-o", str(json_path)],
            cwd=ROOT,
            env=env,
            timeout=300,
        )
        tree = json.loads(json_path.read_text(encoding="utf-8"))
    self_time: Counter[str] = Counter()
    total = float(tree.get("duration", 0.0))
    _self_times(tree.get("root_frame") or {}, self_time)
    own = [(name, seconds) for name, seconds in self_time.most_common() if " contract_tests/" in name]
    top_all = self_time.most_common(12)
    print(f"   {total:.1f} s under the profiler; tree in {text_path}")
    print("   top self time, anywhere:")
    for name, seconds in top_all:
        print(f"     {seconds:6.2f} s  {name}")
    print("   top self time in the suite's own code:")
    for name, seconds in own[:8]:
        print(f"     {seconds:6.2f} s  {name}")
    return {"seconds": total, "tree": str(text_path), "top": top_all, "top_own": own[:12]}


def _self_times(frame: Mapping[str, Any], out: Counter[str]) -> None:
    children = frame.get("children") or []
    own = float(frame.get("time", 0.0)) - sum(float(c.get("time", 0.0)) for c in children)
    where = frame.get("file_path_short") or frame.get("file_path", "?")
    name = f"{frame.get('function', '?')} {where}:{frame.get('line_no', '')}"
    out[name] += max(own, 0.0)
    for child in children:
        _self_times(child, out)


def planned_runs(sections: set[str], runs: int, apis: int) -> int:
    """How many measured processes the chosen sections start: the steps of the progress estimate."""
    per_section = {
        "full": 2 * runs,  # over HTTP and over WSGI
        "compare": runs * (1 + apis),  # the suite, then plain schemathesis per API
        "ttff": runs * len(FAULTY_SAMPLE),
        "scaling": runs * len(SCALES),
        "profile": 1,
    }
    return sum(count for name, count in per_section.items() if name in sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument(
        "--only", default="full,compare,ttff,scaling,profile", help="comma list of sections to run"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sections = set(args.only.split(","))
    values = load_local_defaults()
    started = time.perf_counter()
    results: dict[str, Any] = {"seed": SEED, "max_examples": MAX_EXAMPLES, "runs": args.runs}
    progress = Progress(planned_runs(sections, args.runs, len(all_specs())))
    steps: dict[str, Callable[[], Any]] = {
        "full": lambda: full_suite(values, args.runs, args.reports, progress),
        "compare": lambda: suite_vs_schemathesis(values, args.runs, args.reports, progress),
        "ttff": lambda: time_to_first_failure(args.runs, progress),
        "scaling": lambda: scaling(values, args.runs, progress),
        "profile": lambda: profile(args.reports, progress),
    }
    for name, step in steps.items():
        if name in sections:
            if name == "full":
                print(f"0. the whole default suite (MAX_EXAMPLES default, seed {SEED}, {args.runs} runs)")
            results[name] = step()
    results["bench_seconds"] = time.perf_counter() - started
    args.reports.mkdir(parents=True, exist_ok=True)
    out = args.reports / "bench.json"
    if sections != set(steps) and out.exists():  # a partial rerun updates its sections only
        results = {**json.loads(out.read_text(encoding="utf-8")), **results}
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nbench took {results['bench_seconds']:.0f} s; written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
