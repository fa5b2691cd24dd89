"""tools.bench's rows read their figures right: verdict counts from conformance.json, the busiest second of
an access log, the line that names a stop, a bounded run; and the dead-target server hangs as it says."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

import tools.bench as bench
from tests.fault_servers import running
from tests.fault_servers.apps import hang_after


def write_conformance(directory: Path, outcomes: list[dict[str, str]]) -> None:
    not_proven = [o["test"] for o in outcomes if o.get("reason", "").startswith("not proven on this data:")]
    payload = {"outcomes": outcomes, "not_proven": not_proven}
    (directory / "conformance.json").write_text(json.dumps(payload), encoding="utf-8")


def test_verdict_counts_come_from_the_conformance_report(tmp_path: Path) -> None:
    write_conformance(
        tmp_path,
        [
            {"test": "a", "outcome": "passed"},
            {"test": "b", "outcome": "passed"},
            {"test": "c", "outcome": "failed"},
            {"test": "d", "outcome": "skipped", "reason": "not proven on this data: every item is RUNNING"},
            {"test": "e", "outcome": "skipped", "reason": "not proven: 4000 items would need 400 requests, "
             "beyond MAX_REQUESTS=300"},
            {"test": "f", "outcome": "skipped", "reason": "no filter documented"},
        ],
    )  # fmt: skip
    verdicts = bench.read_verdicts(tmp_path)
    assert verdicts is not None
    assert (verdicts.passed, verdicts.failed, verdicts.not_proven, verdicts.beyond_budget) == (2, 1, 2, 1)
    assert verdicts.skipped == 1 and verdicts.failed_tests == ("c",)
    assert verdicts.text() == "2 passed, 1 failed, 2 not proven (1 beyond MAX_REQUESTS), 1 skipped"
    assert bench.read_verdicts(tmp_path / "missing") is None


def test_a_failed_verdict_is_not_a_speed_figure() -> None:
    run = bench.PytestRun(wall=3.0, session=2.0, returncode=1, per_api={}, output="x\n1 failed in 2.0s")
    failed = bench.Verdicts(5, 1, 0, 0, 0, ("test_walk[ha3]",))
    assert bench.verdict_text(run, failed, 60).startswith("VERDICT FAILED, not a speed figure")
    passed = bench.Verdicts(6, 0, 1, 0, 0)
    ok = bench.PytestRun(wall=3.0, session=2.0, returncode=0, per_api={}, output="")
    assert bench.verdict_text(ok, passed, 60) == "verdict 6 passed, 0 failed, 1 not proven"
    late = bench.PytestRun(wall=60.0, session=60.0, returncode=-15, per_api={}, output="", timed_out=True)
    assert bench.verdict_text(late, None, 60).startswith("TIMED OUT after 60 s")
    assert bench.verdict_text(run, None, 60).startswith("NO VERDICT (exit 1): 1 failed in 2.0s")


def test_the_busiest_second_of_an_access_log() -> None:
    entries = [
        ("2026-11-22T09:15:01", 900, "GET", "/a"),
        ("2026-11-22T09:15:01", 950, "GET", "/a"),
        ("2026-11-22T09:15:02", 10, "GET", "/a"),
        ("2026-11-22T09:15:02", 20, "GET", "/a"),
        ("2026-11-22T09:15:02", 500, "GET", "/a"),
        ("2026-11-22T09:15:04", 0, "GET", "/a"),
    ]
    # The wall-clock second :02 holds three; the window from :01.900 to :02.500 holds five.
    assert bench.busiest(entries) == (3, 5)
    assert bench.busiest([]) == (0, 0)


def test_the_stop_line_is_the_last_that_names_the_stop() -> None:
    stop = "Interrupted: contract suite: the target stopped answering: 3 requests"
    output = f"....F\n!!! {stop} !!!\n1 failed in 9s\n"
    assert bench.stop_line(output) == stop
    assert bench.stop_line("collected 3\n2 passed in 1s\n") == "2 passed in 1s"


def test_a_run_past_its_bound_is_stopped_and_says_so() -> None:
    code, _, wall, timed_out = bench.run_bounded(
        [sys.executable, "-c", "import time; print('started', flush=True); time.sleep(30)"], {}, 1.0
    )
    assert timed_out and code != 0 and wall < 10


def test_the_dead_target_answers_once_then_hangs() -> None:
    release = threading.Event()

    def app(environ: object, start_response: object) -> list[bytes]:
        start_response("200 OK", [("Content-Length", "2")])  # type: ignore[operator]
        return [b"ok"]

    with running(hang_after(1, app, release)) as base_url:
        assert requests.get(base_url, timeout=5).text == "ok"
        began = time.perf_counter()
        with pytest.raises(requests.Timeout):
            requests.get(base_url, timeout=0.5)
        assert time.perf_counter() - began < 5
        release.set()
        assert requests.get(base_url, timeout=5).status_code == 503  # released: answered, never served


def test_a_run_past_its_memory_bound_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "memory_bound", lambda: 1 << 30)
    code, output, _, timed_out = bench.run_bounded(
        [sys.executable, "-c", "bytearray(2 << 30)"], {"PATH": "/usr/bin:/bin"}, 30
    )
    assert code == 1 and "MemoryError" in output and not timed_out


def test_the_slowest_tests_of_a_row() -> None:
    run = bench.PytestRun(
        1.0, 1.0, 0, {}, "", slowest=[("test_property[zstack]", 40.8), ("test_walk[ha3]", 2.2)]
    )
    assert run.slowest_text() == "test_property[zstack] 41 s, test_walk[ha3] 2 s"
