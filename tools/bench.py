"""`make bench`: the contract suite's speed, measured side by side in one run (median, min, max).

1. suite vs plain schemathesis: the same specs, the same examples per operation, the same provider
   process over loopback HTTP; wall seconds, requests (from the provider's access log), requests per
   second, and the ratio per API and in total;
2. time to first failure: FAIL_FAST=1 against a fixed set of faulty variants;
3. scaling: the whole default suite against the provider at 1x, 10x, 30x and 100x its items
   (`--scale N`), each row with its verdict counts (passed, failed, not proven) beside its time and
   requests: a row whose verdict failed says so, it is not a speed figure;
4. profile: the hot spots of one full run (pyinstrument), in reports/profile.txt;
5. latency: the provider with 100 ms per answer at 10x its items, CONCURRENCY=4: wall time, requests
   and the ratio of the wall time to its floor, requests x latency / concurrency;
6. rate limit: RATE_LIMIT=10/s and MAX_REQUESTS=300 against the provider's timestamped access log:
   the most requests in any wall-clock second, and the requests against the budget;
7. dead target: a provider that answers its first request and then hangs every connection,
   REQUEST_TIMEOUT=3: how long until the run ends, its exit code and the line that names the stop;
plus the whole default suite against the embedded provider over HTTP and over WSGI (0.).
Every run is bounded by a timeout; a run that times out is reported as such. Everything is printed and
written to reports/bench.json. Nothing here asserts a speed. `--only` runs some sections alone.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import re
import resource
import selectors
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests.config.target import load_local_defaults
from contract_tests.model.specs import all_specs
from reference_provider import ProviderConfig, create_app
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
SCALES = (1, 10, 30, 100)
SCALE_TIMEOUT = 900  # seconds per scaling run (100x included); past it the row says TIMED OUT
SCALE_RUNS = 1  # each scaling row is minutes of work and its verdict is the point: measured once
LATENCY_MS = 100
LATENCY_SCALE = 10
LATENCY_CONCURRENCY = 4
LATENCY_TIMEOUT = 900
RATE_LIMIT = "10/s"
RATE_LIMIT_PER_SECOND = 10
RATE_LIMIT_MAX_REQUESTS = 300
RATE_LIMIT_TIMEOUT = 900
DEAD_REQUEST_TIMEOUT = 3
DEAD_TIMEOUT = 240  # the goal is 60 s; past this bound the bench stops the run and says so
PROVIDER_START_TIMEOUT = 300  # building 100x the items takes a while
# A measured run may use at most this share of the machine's memory (address space): a run that grows
# past it ends with a MemoryError the row reports, instead of the kernel killing whatever is largest.
MEMORY_SHARE = 0.5
_PYTEST_TIME = re.compile(r" in (\d+(?:\.\d+)?)s")
_LOG_REQUEST = re.compile(r'"([A-Z]+) (\S+) HTTP/')
# The provider's --access-log-file line: arrival (UTC, milliseconds), client, request line, status, time.
_LOG_ENTRY = re.compile(r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{3})Z \S+ "([A-Z]+) (\S+) HTTP/', re.M)
_STOP_LINE = re.compile(r"stopped answering|stops? here|target .*stop", re.I)


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
        if len(self.values) == 1:
            return f"{s['median']:.1f}{unit}"
        return f"{s['median']:.1f}{unit} [{s['min']:.1f}–{s['max']:.1f}]"


def _env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TARGET_VARS and not k.startswith("PYTEST_")}
    env.pop("EMBEDDED_TRANSPORT", None)
    env.pop("FAIL_FAST", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return {**env, **extra}


class Provider:
    """One reference provider process with a timestamped access log, shared by the runs being compared."""

    def __init__(self, values: Mapping[str, str], scale: int = 1, latency_ms: int = 0) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="bench-")
        self.log = Path(self._dir.name) / "access.log"
        self.log.touch()
        self._errors = (Path(self._dir.name) / "stderr.txt").open("w")
        command = [sys.executable, "-m", "reference_provider", "--port", "0"]
        command += [
            "--access-log-file",
            str(self.log),
            "--scale",
            str(scale),
            "--latency-ms",
            str(latency_ms),
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
            env=_env({**values, "REFERENCE_PROVIDER_VARIANT": ""}),
        )
        line = self._first_line(PROVIDER_START_TIMEOUT)
        self.base_url = line.rsplit(" ", 1)[-1]
        if not self.base_url.startswith("http"):
            self.stop()
            raise SystemExit(f"bench: the provider did not start: {line!r}")

    def _first_line(self, timeout: float) -> str:
        """The line naming its address, waited for at most `timeout` seconds."""
        assert self.process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if selector.select(timeout=timeout):
                return self.process.stdout.readline().strip()
        return f"no address within {timeout:.0f} s"

    def entries_since(self, offset: int) -> list[tuple[str, int, str, str]]:
        """(second, millisecond, method, path) of each request logged past `offset`, as written."""
        with self.log.open(encoding="utf-8", errors="replace") as handle:
            handle.seek(offset)
            return [
                (sec, int(ms), method, path) for sec, ms, method, path in _LOG_ENTRY.findall(handle.read())
            ]

    def requests_since(self, offset: int) -> list[tuple[str, str]]:
        return [(method, path) for _, _, method, path in self.entries_since(offset)]

    def offset(self) -> int:
        return self.log.stat().st_size

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._errors.close()
        self._dir.cleanup()


@contextmanager
def provider(values: Mapping[str, str], scale: int = 1, latency_ms: int = 0) -> Iterator[Provider]:
    running = Provider(values, scale, latency_ms)
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
    timed_out: bool = False
    slowest: list[tuple[str, float]] = field(default_factory=list)  # (test, seconds), from JUnit

    def slowest_text(self, count: int = 3) -> str:
        return ", ".join(f"{name} {seconds:.0f} s" for name, seconds in self.slowest[:count])


def memory_bound() -> int:
    """Bytes of address space a measured run may use: MEMORY_SHARE of the physical memory."""
    return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * MEMORY_SHARE)


def run_bounded(
    command: Sequence[str], env: Mapping[str, str], timeout: float
) -> tuple[int, str, float, bool]:
    """(exit code, stdout and stderr, wall seconds, timed out); its process group is stopped at `timeout`
    and its memory bounded by memory_bound()."""
    limit = memory_bound()
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # Only setrlimit runs in the child before exec: nothing that takes a lock another thread holds.
        preexec_fn=functools.partial(resource.setrlimit, resource.RLIMIT_AS, (limit, limit)),
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
        return proc.returncode, output, time.perf_counter() - started, False
    except subprocess.TimeoutExpired:
        wall = time.perf_counter() - started
        for stop_signal in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, stop_signal)
                output, _ = proc.communicate(timeout=10)
                break
            except ProcessLookupError:
                output, _ = proc.communicate()
                break
            except subprocess.TimeoutExpired:
                continue
        return proc.returncode, output or "", wall, True


SUITE_FLAGS = ("--assert=plain", "-n", "auto", "--dist", "loadgroup")


def run_pytest(env: Mapping[str, str], *, junit: Path | None = None, timeout: float = 1800) -> PytestRun:
    # What `make test-provider` runs: plain asserts, and parallel workers against a slow target.
    command = [sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider", *SUITE_FLAGS]
    if junit is not None:
        command.append(f"--junitxml={junit}")
    returncode, output, wall, timed_out = run_bounded(command, env, timeout)
    lines = [line for line in output.strip().splitlines() if _PYTEST_TIME.search(line)]
    found = _PYTEST_TIME.findall(lines[-1]) if lines else []
    per_api: Counter[str] = Counter()
    per_test: Counter[str] = Counter()
    if junit is not None and junit.exists() and not timed_out:
        for case in ET.parse(junit).getroot().iter("testcase"):
            seconds = float(case.get("time", "0"))
            per_api[api_of_test(case.get("name", ""))] += seconds
            per_test[case.get("name", "?")] += seconds
    session = float(found[-1]) if found else wall
    return PytestRun(wall, session, returncode, dict(per_api), output, timed_out, per_test.most_common(5))


@dataclass(frozen=True)
class Verdicts:
    """A run's verdict counts, from the reports/conformance.json it wrote."""

    passed: int
    failed: int
    not_proven: int
    beyond_budget: int  # of the not proven: those the request budget (MAX_REQUESTS) left unjudged
    skipped: int  # other skips
    failed_tests: tuple[str, ...] = ()

    def text(self) -> str:
        budget = f" ({self.beyond_budget} beyond MAX_REQUESTS)" if self.beyond_budget else ""
        text = f"{self.passed} passed, {self.failed} failed, {self.not_proven} not proven{budget}"
        return text + (f", {self.skipped} skipped" if self.skipped else "")


def read_verdicts(reports: Path) -> Verdicts | None:
    """The counts of `reports`/conformance.json; None when the run wrote none (it stopped before)."""
    path = reports / "conformance.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outcomes = data.get("outcomes") or []
    listed = set(data.get("not_proven") or [])
    counts: Counter[str] = Counter()
    failed: list[str] = []
    for outcome in outcomes:
        kind = outcome.get("outcome")
        reason = str(outcome.get("reason", ""))
        if kind == "skipped" and (outcome.get("test") in listed or reason.lower().startswith("not proven")):
            counts["not_proven"] += 1
            counts["beyond_budget"] += "MAX_REQUESTS" in reason
        elif kind in ("passed", "failed", "skipped"):
            counts[kind] += 1
            if kind == "failed":
                failed.append(str(outcome.get("test", "?")))
    return Verdicts(
        counts["passed"],
        counts["failed"],
        counts["not_proven"],
        counts["beyond_budget"],
        counts["skipped"],
        tuple(failed),
    )


def verdict_text(result: PytestRun, verdicts: Verdicts | None, timeout: float) -> str:
    """The verdict part of a row; a failed verdict says plainly that the row is no speed figure."""
    if result.timed_out:
        return f"TIMED OUT after {timeout:.0f} s: no verdict, not a speed figure"
    if verdicts is None:
        last = result.output.strip().splitlines()[-1:] or ["no output"]
        return f"NO VERDICT (exit {result.returncode}): {last[0][:160]}"
    if verdicts.failed or result.returncode not in (0, 1):
        first = f"; first: {verdicts.failed_tests[0]}" if verdicts.failed_tests else ""
        return f"VERDICT FAILED, not a speed figure (exit {result.returncode}): {verdicts.text()}{first}"
    return f"verdict {verdicts.text()}"


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
            if result.timed_out:
                print("   the suite timed out against the reference provider: its figures are bounds")
            elif result.returncode != 0:
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
                _, output, wall, timed_out = run_bounded(command, _env({**values, **extra}), 900)
                if timed_out:
                    print(f"   plain schemathesis on {key} timed out after 900 s: its figures are bounds")
                found = _PYTEST_TIME.findall(output)
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
                if result.timed_out:
                    print(f"   {variant}: timed out (a bound, not a time to first failure)")
                elif result.returncode != 1:
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


def scaling(values: Mapping[str, str], progress: Progress, runs: int = SCALE_RUNS) -> dict[str, Any]:
    """The whole default suite against the provider at each of SCALES times its items, with verdicts."""
    print(
        f"\n3. scaling: the whole default suite (all APIs, MAX_EXAMPLES default, seed {SEED}) at "
        f"{', '.join(f'{s}x' for s in SCALES)} the provider's items, over HTTP ({runs} run(s) each)"
    )
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        for scale in SCALES:
            wall, sent = Sample(), Sample()
            result: PytestRun | None = None
            verdicts: Verdicts | None = None
            with provider(values, scale) as running:
                for run in range(runs):
                    start = running.offset()
                    reports = Path(tmp) / f"{scale}x-{run}"
                    env = _target_env(running.base_url, values, REPORTS=str(reports))
                    result = run_pytest(env, junit=reports / "junit.xml", timeout=SCALE_TIMEOUT)
                    verdicts = read_verdicts(reports)
                    wall.add(result.session)
                    sent.add(len(running.requests_since(start)))
                    progress.step(f"scaling: {scale}x items")
            assert result is not None
            row: dict[str, Any] = {
                "pytest_seconds": wall.summary(),
                "requests": sent.summary(),
                "returncode": result.returncode,
                "timed_out": result.timed_out,
                "verdicts": verdicts.__dict__ if verdicts is not None else None,
            }
            out[f"{scale}x"] = row
            speed = f"pytest {wall.text()}, {sent.median:,.0f} requests"
            base = out.get("1x")  # the ratios need the 1x row (absent when SCALES leaves it out)
            if base and base["pytest_seconds"]["median"] and base["requests"]["median"]:
                row["time_vs_1x"] = wall.median / base["pytest_seconds"]["median"]
                row["requests_vs_1x"] = sent.median / base["requests"]["median"]
                speed += f" ({row['time_vs_1x']:.1f}x the 1x time, {row['requests_vs_1x']:.1f}x its requests)"
            print(f"   {scale:>3}x items: {speed}; {verdict_text(result, verdicts, SCALE_TIMEOUT)}")
            if result.slowest:
                row["slowest"] = result.slowest
                print(f"        slowest: {result.slowest_text()}")
    return out


def latency(values: Mapping[str, str], progress: Progress) -> dict[str, Any]:
    """The default suite against a slow provider: wall time against its floor, requests x latency / N."""
    print(
        f"\n5. latency: the whole default suite against the provider with {LATENCY_MS} ms per answer at "
        f"{LATENCY_SCALE}x its items, CONCURRENCY={LATENCY_CONCURRENCY}"
    )
    with provider(values, LATENCY_SCALE, LATENCY_MS) as running, tempfile.TemporaryDirectory() as tmp:
        start = running.offset()
        env = _target_env(running.base_url, values, REPORTS=tmp, CONCURRENCY=str(LATENCY_CONCURRENCY))
        result = run_pytest(env, junit=Path(tmp) / "junit.xml", timeout=LATENCY_TIMEOUT)
        verdicts = read_verdicts(Path(tmp))
        sent = len(running.requests_since(start))
    progress.step("latency")
    floor = sent * LATENCY_MS / 1000 / LATENCY_CONCURRENCY
    ratio = result.wall / floor if floor else 0.0
    print(
        f"   +{LATENCY_MS} ms, {LATENCY_SCALE}x items, CONCURRENCY={LATENCY_CONCURRENCY}: wall "
        f"{result.wall:.1f} s (pytest {result.session:.1f} s), {sent:,} requests; floor {sent:,} x "
        f"{LATENCY_MS / 1000:g} s / {LATENCY_CONCURRENCY} = {floor:.1f} s; wall/floor {ratio:.2f}; "
        f"{verdict_text(result, verdicts, LATENCY_TIMEOUT)}"
    )
    if result.slowest:
        print(f"        slowest: {result.slowest_text()}")
    return {
        "latency_ms": LATENCY_MS,
        "scale": LATENCY_SCALE,
        "concurrency": LATENCY_CONCURRENCY,
        "wall_seconds": result.wall,
        "pytest_seconds": result.session,
        "requests": sent,
        "floor_seconds": floor,
        "wall_to_floor": ratio,
        "slowest": result.slowest,
        "returncode": result.returncode,
        "timed_out": result.timed_out,
        "verdicts": verdicts.__dict__ if verdicts is not None else None,
    }


def busiest(entries: Sequence[tuple[str, int, str, str]]) -> tuple[int, int]:
    """(most requests in one wall-clock second, most in any 1-second window) of access-log entries."""
    per_second = Counter(second for second, _, _, _ in entries)
    moments = sorted(
        time.mktime(time.strptime(second, "%Y-%m-%dT%H:%M:%S")) + ms / 1000 for second, ms, _, _ in entries
    )
    window, left = 0, 0
    for right, moment in enumerate(moments):
        while moment - moments[left] >= 1.0:
            left += 1
        window = max(window, right - left + 1)
    return max(per_second.values(), default=0), window


def rate_limit(values: Mapping[str, str], progress: Progress) -> dict[str, Any]:
    """RATE_LIMIT and MAX_REQUESTS as the provider's timestamped access log saw them."""
    print(
        f"\n6. rate limit: the whole default suite with RATE_LIMIT={RATE_LIMIT} and "
        f"MAX_REQUESTS={RATE_LIMIT_MAX_REQUESTS}, counted in the provider's access log (UTC, ms)"
    )
    with provider(values) as running, tempfile.TemporaryDirectory() as tmp:
        start = running.offset()
        env = _target_env(
            running.base_url,
            values,
            REPORTS=tmp,
            RATE_LIMIT=RATE_LIMIT,
            MAX_REQUESTS=str(RATE_LIMIT_MAX_REQUESTS),
        )
        result = run_pytest(env, timeout=RATE_LIMIT_TIMEOUT)
        verdicts = read_verdicts(Path(tmp))
        entries = running.entries_since(start)
    progress.step("rate limit")
    most, window = busiest(entries)
    sent = len(entries)
    kept = "kept" if most <= RATE_LIMIT_PER_SECOND else "EXCEEDED"
    budget = (
        "within it" if sent <= RATE_LIMIT_MAX_REQUESTS else f"EXCEEDED by {sent - RATE_LIMIT_MAX_REQUESTS:,}"
    )
    print(
        f"   RATE_LIMIT={RATE_LIMIT}: busiest wall-clock second {most} requests (limit "
        f"{RATE_LIMIT_PER_SECOND}: {kept}), busiest 1-s window {window}; {sent:,} requests vs "
        f"MAX_REQUESTS={RATE_LIMIT_MAX_REQUESTS}: {budget}; wall {result.wall:.1f} s; "
        f"{verdict_text(result, verdicts, RATE_LIMIT_TIMEOUT)}"
    )
    return {
        "rate_limit": RATE_LIMIT,
        "max_requests": RATE_LIMIT_MAX_REQUESTS,
        "busiest_second": most,
        "busiest_window": window,
        "requests": sent,
        "rate_kept": most <= RATE_LIMIT_PER_SECOND,
        "budget_kept": sent <= RATE_LIMIT_MAX_REQUESTS,
        "wall_seconds": result.wall,
        "returncode": result.returncode,
        "timed_out": result.timed_out,
        "verdicts": verdicts.__dict__ if verdicts is not None else None,
    }


def stop_line(output: str) -> str:
    """The last line of a run's output that names why it stopped (else its last line)."""
    lines = [line.strip(" !=") for line in output.strip().splitlines() if line.strip(" !=")]
    named = [line for line in lines if _STOP_LINE.search(line)]
    return (named or lines or ["no output"])[-1]


def dead_target(values: Mapping[str, str], progress: Progress) -> dict[str, Any]:
    """A target that answers once, then hangs every connection: how long the run takes to end."""
    # A hostile server from the project's tests (a clone-only tool, like the bench itself).
    from tests.fault_servers import running as serving
    from tests.fault_servers.apps import hang_after

    print(
        f"\n7. dead target: the whole default suite against a provider that answers its first request and "
        f"then hangs every connection, REQUEST_TIMEOUT={DEAD_REQUEST_TIMEOUT} (bounded at {DEAD_TIMEOUT} s)"
    )
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # its request lines are not the bench's
    release = threading.Event()
    app = create_app(ProviderConfig.from_env(values), scale=1, latency_ms=0)
    with serving(hang_after(1, app, release)) as base_url, tempfile.TemporaryDirectory() as tmp:
        env = _target_env(base_url, values, REPORTS=tmp, REQUEST_TIMEOUT=str(DEAD_REQUEST_TIMEOUT))
        try:
            result = run_pytest(env, timeout=DEAD_TIMEOUT)
        finally:
            release.set()  # the hung requests get their 503 and their threads end
    progress.step("dead target")
    line = stop_line(result.output)
    if result.timed_out:
        ended = f"did NOT end within {DEAD_TIMEOUT} s (the bench stopped it); last line: {line}"
    else:
        ended = f"ended after {result.wall:.1f} s, exit {result.returncode}; {line}"
    print(f"   hangs after 1 answer, REQUEST_TIMEOUT={DEAD_REQUEST_TIMEOUT}: {ended}")
    return {
        "request_timeout": DEAD_REQUEST_TIMEOUT,
        "wall_seconds": result.wall,
        "returncode": result.returncode,
        "timed_out": result.timed_out,
        "stop_line": line,
    }


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


SECTIONS = ("full", "compare", "ttff", "scaling", "profile", "latency", "ratelimit", "dead")


def planned_runs(sections: set[str], runs: int, apis: int) -> int:
    """How many measured processes the chosen sections start: the steps of the progress estimate."""
    per_section = {
        "full": 2 * runs,  # over HTTP and over WSGI
        "compare": runs * (1 + apis),  # the suite, then plain schemathesis per API
        "ttff": runs * len(FAULTY_SAMPLE),
        "scaling": SCALE_RUNS * len(SCALES),
        "profile": 1,
        "latency": 1,
        "ratelimit": 1,
        "dead": 1,
    }
    return sum(count for name, count in per_section.items() if name in sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument(
        "--only",
        "--sections",
        dest="only",
        default=",".join(SECTIONS),
        help=f"comma list of sections to run (default all: {','.join(SECTIONS)})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sections = set(args.only.split(","))
    unknown = sorted(sections - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {','.join(SECTIONS)}")
    values = load_local_defaults()
    started = time.perf_counter()
    results: dict[str, Any] = {"seed": SEED, "max_examples": MAX_EXAMPLES, "runs": args.runs}
    progress = Progress(planned_runs(sections, args.runs, len(all_specs())))
    steps: dict[str, Callable[[], Any]] = {
        "full": lambda: full_suite(values, args.runs, args.reports, progress),
        "compare": lambda: suite_vs_schemathesis(values, args.runs, args.reports, progress),
        "ttff": lambda: time_to_first_failure(args.runs, progress),
        "scaling": lambda: scaling(values, progress),
        "profile": lambda: profile(args.reports, progress),
        "latency": lambda: latency(values, progress),
        "ratelimit": lambda: rate_limit(values, progress),
        "dead": lambda: dead_target(values, progress),
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
