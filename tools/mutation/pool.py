"""The contract suite against many variants: long-lived worker processes, each running variant after
variant in-process (tools/mutation/worker.py), fed longest-first from one queue.

Most variants run over WSGI; the variants in HTTP_VARIANTS run against a provider process over real
loopback HTTP, so the real transport (sockets, compression on the wire, latency) stays covered.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from typing import IO

from tools.mutation.catalogue import Entry
from tools.mutation.runs import ROOT, SUITE_TIMEOUT, RunResult, clean_env

HTTP_VARIANTS = frozenset(
    {
        "gzip",
        "latency-50ms",
        "latency-jitter",
        "huawei-instances-bad-param-500",
        "ha3-no-content-type",
        "zstack-text-plain",
    }
)
# Rough relative cost of one API's suite, for the longest-first order (ZStack pages are 1000 items).
_API_COST = {"zstack-model-services": 4, "pai-eas-services": 2}
JOBS_PER_WORKER = 40  # a worker is replaced after this many variants, which bounds its memory


def transport_for(entry: Entry) -> str:
    return "http" if entry.name in HTTP_VARIANTS else "wsgi"


def cost(entry: Entry) -> float:
    base = sum(_API_COST.get(key, 1) for key in entry.spec_keys)
    latency = 4 if entry.name.startswith("latency") else 1
    return base * latency * (1.5 if transport_for(entry) == "http" else 1)


class Worker:
    """One `python -m tools.mutation.worker` process, restarted when it dies, times out or has aged."""

    def __init__(self, timeout: float = SUITE_TIMEOUT) -> None:
        self.timeout = timeout
        self.process: subprocess.Popen[str] | None = None
        self.jobs = 0

    def _start(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "tools.mutation.worker"],
            cwd=ROOT,
            env=clean_env({}),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def run(self, entry: Entry, *, seed: int, max_examples: int, fail_fast: bool = False) -> RunResult:
        if self.process is None or self.process.poll() is not None or self.jobs >= JOBS_PER_WORKER:
            self.close()
            self.process, self.jobs = self._start(), 0
        process = self.process
        job = {
            "variant": entry.name,
            "apis": list(entry.spec_keys),
            "seed": seed,
            "max_examples": max_examples,
            "transport": transport_for(entry),
            "fail_fast": fail_fast,
        }
        stdin, stdout = process.stdin, process.stdout
        assert stdin is not None and stdout is not None
        timer = threading.Timer(self.timeout, process.kill)
        timer.start()
        try:
            stdin.write(json.dumps(job) + "\n")
            stdin.flush()
            line = stdout.readline()
        except OSError:
            line = ""
        finally:
            timer.cancel()
        self.jobs += 1
        if not line:
            self.close()
            return RunResult("error", self.timeout, detail="the worker died or the suite timed out")
        return RunResult(**json.loads(line))

    def close(self) -> None:
        if self.process is None:
            return
        _close(self.process.stdin)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        _close(self.process.stdout)
        self.process = None


def _close(stream: IO[str] | None) -> None:
    if stream is not None:
        with contextlib.suppress(OSError):
            stream.close()


def run_suites(
    entries: Iterable[Entry],
    *,
    seed: int,
    max_examples: int,
    jobs: int = 2,
    on_result: Callable[[Entry, RunResult], None] | None = None,
    quick: bool = False,
) -> dict[str, RunResult]:
    """Every entry's suite verdict by name, `jobs` workers at a time, the most expensive variants first.

    `quick`: a faulty variant that is not meant for a sole catcher runs only until its first failure
    (`Entry.runs_whole_scope`), which is all its kill needs. Should such a first failure come from a
    test that also fails a conformant variant (noise, not a kill, see tools/mutation/report.py), the
    variant runs again whole, so its verdict is the one a whole run gives.
    """
    entries = list(entries)
    results = _run_queue(
        [(entry, quick and not entry.runs_whole_scope) for entry in entries],
        seed=seed,
        max_examples=max_examples,
        jobs=jobs,
        on_result=on_result,
    )
    noisy = {name for entry in entries if entry.conformant for name in results[entry.name].failed_tests}
    again = [entry for entry in entries if needs_whole_run(results[entry.name], noisy)]
    if again:
        results.update(
            _run_queue(
                [(entry, False) for entry in again],
                seed=seed,
                max_examples=max_examples,
                jobs=jobs,
                on_result=on_result,
            )
        )
    return results


def needs_whole_run(result: RunResult, noisy: set[str]) -> bool:
    """A run that stopped early without a kill the scoring rule credits."""
    if result.complete:
        return False
    return result.outcome != "killed" or set(result.failed_tests) <= noisy


def _run_queue(
    planned: list[tuple[Entry, bool]],
    *,
    seed: int,
    max_examples: int,
    jobs: int,
    on_result: Callable[[Entry, RunResult], None] | None,
) -> dict[str, RunResult]:
    """(entry, fail fast) pairs, run by `jobs` workers fed longest-first from one queue."""
    queue = sorted(planned, key=lambda job: cost(job[0]), reverse=True)
    lock = threading.Lock()
    results: dict[str, RunResult] = {}

    def drain() -> None:
        worker = Worker()
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    entry, fail_fast = queue.pop(0)
                result = worker.run(entry, seed=seed, max_examples=max_examples, fail_fast=fail_fast)
                with lock:
                    results[entry.name] = result
                    if on_result is not None:
                        on_result(entry, result)
        finally:
            worker.close()

    threads = [threading.Thread(target=drain, name=f"mutation-worker-{n}") for n in range(max(1, jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
