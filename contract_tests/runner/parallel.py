"""Tests in parallel, only where they help: against a slow target.

On loopback a run is CPU-bound and extra pytest processes only cost their start-up; against a target
that takes tens of milliseconds an answer, nearly all of a run is waiting, and independent tests can
wait side by side. `make test-provider` passes `-n auto --dist loadgroup`, and pytest-xdist asks this
module how many workers "auto" is: none for a fast target, CONCURRENCY for a slow one. The tests of
one API share a worker (their model walks are made once); each property phase is split into one slice
per worker, each a group of its own (xdist hands out one-test groups last, so they must be short).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
import requests

from contract_tests.config.target import TargetConfig, TargetError, resolve_target
from contract_tests.model.specs import SpecError, all_specs
from contract_tests.transport.client import ApiClient, ListResponse
from contract_tests.transport.gate import GateState, RequestGate
from contract_tests.transport.http import GuardedSession
from reference_provider.factory import latency_ms_from

# An answer slower than this is a network's, not loopback's: parallel tests pay off.
SLOW_ANSWER_SECONDS = 0.025
PROBES = 2


@dataclass(frozen=True)
class Preflight:
    """What "-n auto" decided, and the requests it sent to decide (the run's gate counts them)."""

    workers: int
    sent: GateState = field(default_factory=GateState)
    # The last plain list answer per API: the run's preflight judges it instead of asking again.
    answered: dict[str, ListResponse] = field(default_factory=dict)


PREFLIGHT = pytest.StashKey[Preflight]()


def auto_workers(environ: Mapping[str, str]) -> int:
    return preflight(environ).workers


def preflight(environ: Mapping[str, str]) -> Preflight:
    """How many xdist workers "-n auto" means for this target: 0 (one process) unless it is slow."""
    try:
        target = resolve_target(environ, all_specs())
    except (TargetError, SpecError, OSError, ValueError):
        return Preflight(0)  # the run itself reports the configuration error, in one line
    concurrency = target.settings.concurrency
    if concurrency <= 1:
        return Preflight(0)
    if target.embedded:
        try:
            latency = latency_ms_from(environ) / 1000  # the embedded provider's own reading
        except ValueError:
            return Preflight(0)  # the provider refuses the value at start, in one line
        return Preflight(concurrency if latency >= SLOW_ANSWER_SECONDS else 0)
    settings = target.settings
    gate = RequestGate(max_requests=settings.max_requests, rate_limit=settings.rate_limit)
    answered: dict[str, ListResponse] = {}
    latency = answer_time(target, target.apis[0], gate, answered)
    return Preflight(concurrency if latency >= SLOW_ANSWER_SECONDS else 0, gate.snapshot(), answered)


def answer_time(
    target: TargetConfig, key: str, gate: RequestGate, answered: dict[str, ListResponse] | None = None
) -> float:
    """The median time of a couple of plain list requests (0 when the target does not answer: the
    run's own reachability check then says why). They pass the run's budget and rate limit; the last
    answer goes into `answered`, for the run's preflight to judge without another request."""
    spec = all_specs()[key]
    session = GuardedSession(
        timeout=min(target.settings.request_timeout, 5.0),
        allow_unsafe_methods=False,
        retry_attempts=0,
        gate=gate,
    )
    times: list[float] = []
    try:
        client = ApiClient(spec, target.for_api(key), session)
        for _ in range(PROBES):
            start = time.perf_counter()
            answer = client.list({}, with_total=False)
            times.append(time.perf_counter() - start)
            if answered is not None:
                answered[key] = answer
    except (requests.RequestException, ValueError, RuntimeError, KeyError):
        return 0.0
    finally:
        session.close()
    return statistics.median(times) if times else 0.0


def group_of(api: str, family: str, case: str = "") -> str:
    """The xdist group of a test: its API, so the API's semantic tests share their walks; a property
    test (a phase, or a slice of one) walks no list and is a group of its own."""
    return f"{api}:property:{case}" if family == "property" else api
