"""A long-lived process that runs the contract suite against one variant after another, in-process.

`python -m tools.mutation.worker` reads one JSON job a line on stdin and answers one JSON result a line
(the fields of RunResult). Each job is a fresh `pytest.main` over `contract_tests`, exactly what the
subprocess run does (with `"fail_fast": true`, up to the first failure: FAIL_FAST=1), but imports,
spec loading and the provider's data happen once per worker, and with `"transport": "wsgi"` the
embedded provider is its WSGI app behind the session's transport adapter.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict
from typing import Any

import pytest

from contract_tests.runner.fail_fast import FAIL_FAST_ENV, is_last
from contract_tests.runner.markers import family_of
from tools.mutation.runs import ROOT, TARGET_VARS, RunResult


class FailedTests:
    """pytest plugin: the names of the test cases that failed or errored, as JUnit names them."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            name = report.nodeid.split("::")[-1]
            if name not in self.names:
                self.names.append(name)


class FamilyFirst:
    """pytest plugin: the tests of one check family first, the others after in their order (a stable
    sort after FAIL_FAST's own, cheapest-first one). It changes which failure a stopped run meets first,
    never which tests run. The list model stays last (contract_tests.runner.fail_fast.LAST)."""

    def __init__(self, family: str) -> None:
        self.family = family

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items.sort(key=lambda item: (is_last(item), family_of(item) != self.family))


def _job_environ(job: dict[str, Any], reports: str) -> None:
    for name in [*TARGET_VARS, "EMBEDDED_TRANSPORT", FAIL_FAST_ENV]:
        os.environ.pop(name, None)
    if job.get("fail_fast"):
        os.environ[FAIL_FAST_ENV] = "1"
    os.environ.update(
        {
            "REFERENCE_PROVIDER_VARIANT": job["variant"],
            "APIS": ",".join(job["apis"]),
            "SEED": str(job["seed"]),
            "MAX_EXAMPLES": str(job["max_examples"]),
            "REPORTS": reports,
            "EMBEDDED_TRANSPORT": job.get("transport", "wsgi"),
        }
    )


def run_job(job: dict[str, Any]) -> RunResult:
    started = time.monotonic()
    collector = FailedTests()
    output = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        _job_environ(job, tmp)
        args = ["contract_tests", "-q", "-p", "no:cacheprovider", "-o", "console_output_style=classic"]
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            plugins: list[object] = [collector]
            if job.get("first_family"):
                plugins.append(FamilyFirst(job["first_family"]))
            code = int(pytest.main(args, plugins=plugins))
    seconds = time.monotonic() - started
    if code == 0:
        return RunResult("passes", seconds)
    complete = not job.get("fail_fast")
    if code == 1 and collector.names:
        return RunResult("killed", seconds, collector.names, complete=complete)
    tail = output.getvalue().strip().splitlines()[-3:]
    detail = f"exit {code}: " + " | ".join(tail)
    return RunResult("error", seconds, collector.names, detail=detail, complete=complete)


def main() -> int:
    os.chdir(ROOT)
    # The protocol owns the real stdout; anything else written to fd 1 (a child process) is discarded.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            result = run_job(json.loads(line))
        except Exception as exc:  # a broken job must not take the other variants down with it
            result = RunResult("error", 0.0, detail=f"worker: {type(exc).__name__}: {exc}")
        replies.write(json.dumps(asdict(result)) + "\n")
        replies.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
