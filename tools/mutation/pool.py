"""The contract suite against many variants: long-lived worker processes, each running variant after
variant in-process (tools/mutation/worker.py), fed longest-first from one queue.

Most variants run over WSGI; the variants in HTTP_VARIANTS run against a provider process over real
loopback HTTP, so the real transport (sockets, compression on the wire, latency) stays covered. The
variants in WAITING_VARIANTS spend their time waiting for the provider's delayed answers, not on a
core: one more worker runs them beside the `jobs` workers, which keep the cores busy meanwhile.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import IO

from tools.mutation.catalogue import Entry
from tools.mutation.report import MODEL_ORACLE
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
WAITING_VARIANTS = frozenset({"latency-50ms", "latency-jitter"})
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
            # A stopped run starts with the tests of the family its fault's class is caught by.
            "first_family": entry.likely_family if fail_fast else "",
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
    unique_for: Collection[str] = (),
) -> dict[str, RunResult]:
    """Every entry's suite verdict by name, `jobs` workers at a time, the most expensive variants first.

    `quick`: a faulty variant that is not meant for a sole catcher runs only until its first failure
    (`Entry.runs_whole_scope`), which is all its kill needs. Some of those runs then run again whole
    (`runs_to_repeat`), so the verdicts are those of whole runs: every test function of `unique_for`
    that whole runs would show as the only catcher of a variant is shown so here too.
    """
    entries = list(entries)
    results = _run_queue(
        [(entry, quick and not entry.runs_whole_scope) for entry in entries],
        seed=seed,
        max_examples=max_examples,
        jobs=jobs,
        on_result=on_result,
    )
    again = runs_to_repeat(entries, results, unique_for)
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


def runs_to_repeat(
    entries: Iterable[Entry], results: Mapping[str, RunResult], unique_for: Collection[str]
) -> list[Entry]:
    """The variants whose stopped run (RunResult.complete false) must run again whole.

    - A stopped run without a kill the scoring rule credits: an error, or a first failure from a test
      that also fails a conformant variant (noise), after which a whole run might still find a kill.
    - A stopped run whose one failure is a test of `unique_for` that no whole run shows as the only
      catcher yet: a variant that test alone catches fails it first, so run whole it proves the catch.
    """
    entries = list(entries)
    noisy = {name for entry in entries if entry.conformant for name in results[entry.name].failed_tests}
    proven = {
        function
        for entry in entries
        if (result := results[entry.name]).complete and result.outcome == "killed"
        for function in _only_function(result)
    }

    def repeat(result: RunResult) -> bool:
        if result.outcome != "killed" or set(result.failed_tests) <= noisy:
            return True
        if _only_function(result) == {MODEL_ORACLE}:
            return True  # the model runs last: no point test caught it, and a whole run proves it alone
        return any(function in unique_for and function not in proven for function in _only_function(result))

    return [
        entry
        for entry in entries
        if not entry.conformant and not results[entry.name].complete and repeat(results[entry.name])
    ]


def _only_function(result: RunResult) -> set[str]:
    """The one test function a run failed, as a set (empty when it failed none or several); beside the
    list model, the one point test (the scoring rule of report.unique_catches)."""
    functions = {name.split("[", 1)[0] for name in result.failed_tests}
    points = functions - {MODEL_ORACLE}
    return functions if len(functions) == 1 else points if len(points) == 1 else set()


def _run_queue(
    planned: list[tuple[Entry, bool]],
    *,
    seed: int,
    max_examples: int,
    jobs: int,
    on_result: Callable[[Entry, RunResult], None] | None,
) -> dict[str, RunResult]:
    """(entry, fail fast) pairs, run by `jobs` workers fed longest-first from one queue (and the
    WAITING_VARIANTS by one more worker of their own)."""
    ordered = sorted(planned, key=lambda job: cost(job[0]), reverse=True)
    queues = [
        [job for job in ordered if job[0].name not in WAITING_VARIANTS],
        [job for job in ordered if job[0].name in WAITING_VARIANTS],
    ]
    lock = threading.Lock()
    results: dict[str, RunResult] = {}

    def drain(queue: list[tuple[Entry, bool]]) -> None:
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

    drains = [queues[0]] * max(1, jobs) + ([queues[1]] if queues[1] else [])
    threads = [
        threading.Thread(target=drain, args=(queue,), name=f"mutation-worker-{n}")
        for n, queue in enumerate(drains)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
