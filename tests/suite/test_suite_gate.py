"""contract_tests.transport.gate: the run's request budget, rate limit and dead-target stop, alone and
behind a GuardedSession, in memory and shared through a file as xdist workers share it."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
import requests

from contract_tests.config.target import RateLimit
from contract_tests.transport.gate import (
    RATE_MARGIN,
    BudgetExhausted,
    RequestGate,
    TargetStopped,
    shared_gate_file,
)
from contract_tests.transport.http import GuardedSession


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_the_budget_refuses_the_request_beyond_it() -> None:
    gate = RequestGate(max_requests=2)
    gate.admit("GET", "http://t/a")
    gate.admit("GET", "http://t/b")
    assert gate.remaining() == 0 and gate.sent == 2
    with pytest.raises(BudgetExhausted, match=r"MAX_REQUESTS=2 is spent; GET http://t/c was not sent"):
        gate.admit("GET", "http://t/c")
    assert gate.sent == 2


def test_the_rate_limit_spaces_requests_in_the_order_they_ask() -> None:
    time = FakeTime()
    gate = RequestGate(
        max_requests=100, rate_limit=RateLimit(10, 1.0, "10/s"), clock=time.clock, sleep=time.sleep
    )
    for _ in range(4):
        gate.admit("GET", "http://t/")
    interval = 0.1 * RATE_MARGIN
    assert time.slept == pytest.approx([interval, 2 * interval, 3 * interval])  # the first goes at once
    time.now += 10  # idle long enough: no wait carried over
    time.slept.clear()
    gate.admit("GET", "http://t/")
    assert time.slept == []


def test_consecutive_transport_failures_stop_the_gate_and_an_answer_resets_the_count() -> None:
    gate = RequestGate(max_requests=100, dead_after=3)
    error = requests.ConnectTimeout("timed out")
    gate.failed("GET", "http://t/1", error)
    gate.failed("GET", "http://t/2", error)
    gate.answered()
    gate.failed("GET", "http://t/3", error)
    gate.failed("GET", "http://t/4", error)
    assert not gate.stopped
    gate.failed("GET", "http://t/5", error)
    assert gate.stopped.startswith(
        "the target stopped answering: 3 requests in a row got no answer, "
        "the last GET http://t/5 (timed out), at "
    )
    with pytest.raises(TargetStopped, match="stopped answering"):
        gate.admit("GET", "http://t/6")


def test_processes_share_one_gate_through_its_file(tmp_path: Path) -> None:
    path = shared_gate_file(tmp_path)
    controller = RequestGate(max_requests=3, shared_file=path)
    worker = RequestGate(max_requests=3, shared_file=path)
    controller.admit("GET", "http://t/")
    worker.admit("GET", "http://t/")
    worker.admit("GET", "http://t/")
    with pytest.raises(BudgetExhausted):
        controller.admit("GET", "http://t/")
    assert controller.sent == worker.sent == 3


def test_threads_never_exceed_the_budget() -> None:
    gate = RequestGate(max_requests=50)
    admitted: list[int] = []

    def send() -> None:
        for _ in range(20):
            try:
                gate.admit("GET", "http://t/")
                admitted.append(1)
            except BudgetExhausted:
                return

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(admitted) == 50 == gate.sent


def _silent_server() -> tuple[socket.socket, str]:
    """A listener that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server, f"http://127.0.0.1:{server.getsockname()[1]}/list"


def test_a_session_behind_the_gate_stops_on_a_target_that_hangs() -> None:
    server, url = _silent_server()
    gate = RequestGate(max_requests=100, dead_after=2)
    session = GuardedSession(timeout=0.3, allow_unsafe_methods=False, gate=gate)
    try:
        with pytest.raises(requests.Timeout):
            session.get(url)
        with pytest.raises(TargetStopped, match="2 requests in a row got no answer"):
            session.get(url)
        with pytest.raises(TargetStopped):  # at once now: no deadline is waited out again
            session.get(url, timeout=30)
        assert gate.sent == 2
    finally:
        session.close()
        server.close()
