"""Transport for every request the suite sends: timeouts, bounded Retry-After, the safe-method guard.

The same session serves schemathesis-generated cases and the semantic tests, so both get the guard.
"""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from contract_tests.signing import redact_headers
from contract_tests.target import SAFE_METHODS

RETRYABLE_STATUSES = frozenset({429, 503})


class UnsafeMethodBlocked(RuntimeError):
    """The suite refused to send a state-changing method to a non-loopback target."""


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now())


class GuardedSession(requests.Session):
    def __init__(
        self,
        *,
        timeout: float,
        allow_unsafe_methods: bool,
        retry_after_max_wait: float = 30.0,
        retry_attempts: int = 3,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__()
        self.timeout = timeout
        self.allow_unsafe_methods = allow_unsafe_methods
        self.retry_after_max_wait = retry_after_max_wait
        self.retry_attempts = retry_attempts
        self._sleep = sleep

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        method = (request.method or "GET").upper()
        if method not in SAFE_METHODS and not self.allow_unsafe_methods:
            raise UnsafeMethodBlocked(
                f"refused to send {method} {request.url}: the target is not on loopback "
                "(set ALLOW_UNSAFE_METHODS=1 to allow state-changing methods)"
            )
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        waited = 0.0
        response = super().send(request, **kwargs)
        for _ in range(self.retry_attempts):
            if response.status_code not in RETRYABLE_STATUSES:
                break
            delay = retry_after_seconds(response.headers.get("Retry-After"))
            if delay is None or waited + delay > self.retry_after_max_wait:
                break
            response.close()
            self._sleep(delay)
            waited += delay
            response = super().send(request, **kwargs)
        return response


def curl_command(request: requests.PreparedRequest) -> str:
    """A copy-pasteable curl line for a sent request, with every secret header redacted."""
    parts = ["curl", "-X", request.method or "GET"]
    for name, value in redact_headers(dict(request.headers)).items():
        if name.lower() in ("content-length", "accept-encoding", "connection", "user-agent"):
            continue
        parts += ["-H", f"{name}: {value}"]
    body = request.body
    if body:
        parts += ["--data-binary", body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)]
    parts.append(request.url or "")
    return " ".join(shlex.quote(part) for part in parts)
