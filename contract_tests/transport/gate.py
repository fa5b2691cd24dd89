"""The run's one gate in front of the target: every request of the run passes it, whichever session,
thread or xdist worker sends it (docs/promises.md).

- a request budget (MAX_REQUESTS): the request that would exceed it is never sent;
- a rate limit (RATE_LIMIT): requests start at least `interval` apart, in the order they ask;
- a dead-target stop: after DEAD_AFTER transport failures in a row (timeouts, resets, refused
  connections) the gate closes with one line, and every later request fails at once instead of
  waiting out its own deadline.

The state is one small record. Within a process it lives in memory; across the xdist workers of one
run it lives in a file that each process locks for the instant it reads and writes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from contract_tests.config.scrub import SCRUBBER
from contract_tests.config.target import RateLimit

DEAD_AFTER = 3
# Requests are spaced a little wider than the quota's own interval: network jitter between the
# suite and a gateway must not let one of the gateway's windows count N + 1.
RATE_MARGIN = 1.05


class BudgetExhausted(RuntimeError):
    """The run's MAX_REQUESTS is spent: the request was not sent. The test cannot judge ("not proven")."""


class TargetStopped(requests.ConnectionError):
    """The target stopped answering: the gate is closed for the rest of the run."""


@dataclass
class GateState:
    sent: int = 0
    next_start: float = 0.0  # wall clock: xdist workers share it
    failures_in_a_row: int = 0
    stopped: str = ""


class _MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = GateState()

    @contextlib.contextmanager
    def locked(self) -> Iterator[GateState]:
        with self._lock:
            yield self._state


class _FileStore:
    """The state in a JSON file shared by the processes of one run, under an exclusive lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        with contextlib.suppress(FileExistsError), path.open("x", encoding="utf-8") as handle:
            json.dump(asdict(GateState()), handle)

    @contextlib.contextmanager
    def locked(self) -> Iterator[GateState]:
        with self._lock, self.path.open("r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                text = handle.read()
                state = GateState(**json.loads(text)) if text else GateState()
                yield state
                handle.seek(0)
                handle.truncate()
                json.dump(asdict(state), handle)
                handle.flush()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class RequestGate:
    def __init__(
        self,
        *,
        max_requests: int,
        rate_limit: RateLimit | None = None,
        shared_file: Path | None = None,
        dead_after: int = DEAD_AFTER,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_requests = max_requests
        self.rate_limit = rate_limit
        self.dead_after = dead_after
        self.shared_file = shared_file
        self._store = _FileStore(shared_file) if shared_file is not None else _MemoryStore()
        self._clock = clock
        self._sleep = sleep
        self._started = clock()

    def admit(self, method: str, url: str) -> None:
        """Count the request and wait for its slot; raise instead when it must not be sent."""
        with self._store.locked() as state:
            if state.stopped:
                raise TargetStopped(state.stopped)
            if state.sent >= self.max_requests:
                raise BudgetExhausted(
                    SCRUBBER.scrub(
                        f"the run's request budget MAX_REQUESTS={self.max_requests} is spent; "
                        f"{method} {url} was not sent"
                    )
                )
            state.sent += 1
            wait = 0.0
            if self.rate_limit is not None:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + self.rate_limit.interval * RATE_MARGIN
                wait = start - now
        if wait > 0:
            self._sleep(wait)

    def answered(self) -> None:
        """The target answered (any status): it is alive."""
        with self._store.locked() as state:
            state.failures_in_a_row = 0

    def failed(self, method: str, url: str, error: BaseException) -> None:
        """A transport failure: no answer at all. DEAD_AFTER of them in a row close the gate."""
        with self._store.locked() as state:
            state.failures_in_a_row += 1
            if state.failures_in_a_row >= self.dead_after and not state.stopped:
                state.stopped = self._stop_line(method, url, error, state.failures_in_a_row)

    def _stop_line(self, method: str, url: str, error: BaseException, count: int) -> str:
        now = self._clock()
        moment = time.strftime("%H:%M:%S", time.gmtime(now))
        reason = (str(error).splitlines() or [type(error).__name__])[0][:200]
        return SCRUBBER.scrub(
            f"the target stopped answering: {count} requests in a row got no answer, the last "
            f"{method} {url} ({reason}), at {moment} UTC, {now - self._started:.0f} s into the run; "
            "the run stops here"
        )

    def carry(self, sent: int, next_start: float) -> None:
        """Take over the requests another gate of this run already let through (the preflight's)."""
        with self._store.locked() as state:
            state.sent += sent
            state.next_start = max(state.next_start, next_start)

    def snapshot(self) -> GateState:
        with self._store.locked() as state:
            return GateState(**asdict(state))

    @property
    def stopped(self) -> str:
        with self._store.locked() as state:
            return state.stopped

    @property
    def sent(self) -> int:
        with self._store.locked() as state:
            return state.sent

    def remaining(self) -> int:
        with self._store.locked() as state:
            return max(0, self.max_requests - state.sent)


def shared_gate_file(directory: str | os.PathLike[str]) -> Path:
    return Path(directory) / "request-gate.json"
