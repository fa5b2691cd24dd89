"""Transport for every request the suite sends: a whole-request deadline, a body-size cap, a per-run
Retry-After budget, no redirects, and the safe-method guard.

The same session serves schemathesis-generated cases, schemathesis' own probes (see GuardedTransport)
and the semantic tests, so all of them get the same guarantees (docs/promises.md):
- REQUEST_TIMEOUT bounds a whole exchange (connect, headers and body), not each socket read: a
  watchdog shuts the connection's socket down when the deadline passes, so a server that trickles one
  byte a second cannot hold a request open;
- a body is read in chunks and refused beyond MAX_BODY_BYTES, which bounds memory on a huge answer;
- Retry-After waits come out of one budget per run (RETRY_AFTER_MAX_WAIT); once it cannot cover a
  wait, the request fails with RateLimited, one line saying the target rate-limits;
- redirects are never followed. Following one could send X-Auth-Token or a session to another host
  (requests strips only Authorization), and would re-send a signature computed for another URL. The
  documents define no redirect, so a 3xx is the provider's answer and is checked as such.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import shlex
import socket
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from schemathesis.transport.requests import RequestsTransport
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from contract_tests.config.scrub import SCRUBBER
from contract_tests.config.target import SAFE_METHODS
from contract_tests.transport.gate import RequestGate, TargetStopped
from contract_tests.transport.signing import is_secret_header, redact_headers

RETRYABLE_STATUSES = frozenset({429, 503})
MAX_BODY_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024


class UnsafeMethodBlocked(RuntimeError):
    """The suite refused to send a state-changing method to a non-loopback target."""


class RateLimited(requests.RequestException):
    """The target kept answering 429/503 with Retry-After beyond the run's wait budget."""


class ResponseTooLarge(requests.RequestException):
    """A response body exceeded MAX_BODY_BYTES."""


class DeadlineExceeded(requests.Timeout):
    """No complete answer (headers and body) within REQUEST_TIMEOUT."""


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


class RetryBudget:
    """The total Retry-After wait of a run, shared by every session of the run."""

    def __init__(self, max_wait: float) -> None:
        self.max_wait = max_wait
        self.waited = 0.0
        self.refused: str | None = None  # the first refusal, once the budget could not cover a wait
        self._lock = threading.Lock()  # concurrent page fetches draw from it

    def take(self, delay: float) -> bool:
        with self._lock:
            if self.waited + delay > self.max_wait:
                return False
            self.waited += delay
            return True

    def refuse(self, url: str, status: int, delay: float) -> RateLimited:
        left = self.max_wait - self.waited
        message = (
            f"the target rate-limits: {url} answered {status} with Retry-After {delay:g} s, beyond what is "
            f"left ({left:g} s) of the run's wait budget RETRY_AFTER_MAX_WAIT={self.max_wait:g} s"
        )
        self.refused = self.refused or message
        return RateLimited(SCRUBBER.scrub(message))


# --- the whole-request deadline -------------------------------------------------------------------

_WATCH = threading.local()


class _DeadlineClock:
    """One daemon thread fires every request's deadline (a Timer thread per request would cost about as
    much as a loopback request). Cancelled deadlines are dropped lazily when they reach the top."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._heap: list[tuple[float, int, _Watchdog]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, when: float, watchdog: _Watchdog) -> None:
        with self._condition:
            heapq.heappush(self._heap, (when, next(self._order), watchdog))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="request-deadlines", daemon=True)
                self._thread.start()
            if self._heap[0][2] is watchdog:  # a new earliest deadline: wake the thread to wait less
                self._condition.notify()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._heap:
                    self._condition.wait()
                when, _, watchdog = self._heap[0]
                if watchdog.done:
                    heapq.heappop(self._heap)
                    continue
                delay = when - time.monotonic()
                if delay > 0:
                    self._condition.wait(delay)
                    continue
                heapq.heappop(self._heap)
            watchdog.fire()


_CLOCK = _DeadlineClock()


class _Watchdog:
    """Shuts down the sockets a request uses once its deadline passes, unblocking any read."""

    def __init__(self, seconds: float) -> None:
        # Sockets, not connections: http.client detaches a closing connection's socket into the response.
        self.sockets: list[socket.socket] = []
        self.fired = False
        self.done = False
        self._seconds = seconds
        self._lock = threading.Lock()

    def __enter__(self) -> _Watchdog:
        _WATCH.current = self
        _CLOCK.schedule(time.monotonic() + self._seconds, self)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.done = True
            _WATCH.current = None
            self.sockets.clear()

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self.sockets.append(sock)
            fired = self.fired
        if fired:  # the deadline passed while connecting
            self._shutdown(sock)

    def fire(self) -> None:
        with self._lock:
            if self.done:
                return
            self.fired = True
            sockets = list(self.sockets)
        for sock in sockets:
            self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


class _WatchedConnectionMixin:
    sock: socket.socket | None

    def request(self, *args: Any, **kwargs: Any) -> Any:
        # The socket exists once the request is sent (urllib3 connects lazily); the response reads from it.
        result = super().request(*args, **kwargs)  # type: ignore[misc]
        watchdog = getattr(_WATCH, "current", None)
        if watchdog is not None:
            watchdog.attach(self.sock)
        return result


class _WatchedHTTPConnection(_WatchedConnectionMixin, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedConnectionMixin, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections a watchdog can cut off."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


# --- the session ----------------------------------------------------------------------------------


class GuardedSession(requests.Session):
    def __init__(
        self,
        *,
        timeout: float,
        allow_unsafe_methods: bool,
        retry_after_max_wait: float = 120.0,
        retry_attempts: int = 3,
        retry_budget: RetryBudget | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        gate: RequestGate | None = None,
        pool_size: int = 10,
    ) -> None:
        super().__init__()
        self.timeout = timeout
        self.allow_unsafe_methods = allow_unsafe_methods
        self.retry_budget = retry_budget or RetryBudget(retry_after_max_wait)
        self.retry_attempts = retry_attempts
        self.max_body_bytes = max_body_bytes
        self._sleep = sleep
        self.gate = gate  # the run's budget, rate limit and dead-target stop; None in unit tests
        # One pooled connection per concurrent page fetch, so none waits for another to be returned.
        self.mount("http://", DeadlineAdapter(pool_maxsize=pool_size))
        self.mount("https://", DeadlineAdapter(pool_maxsize=pool_size))

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        # Never a next hop: requests would otherwise read a 3xx body (uncapped) to prepare one.
        return None

    @property
    def retry_after_max_wait(self) -> float:
        return self.retry_budget.max_wait

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        method = (request.method or "GET").upper()
        if method not in SAFE_METHODS and not self.allow_unsafe_methods:
            raise UnsafeMethodBlocked(
                SCRUBBER.scrub(
                    f"refused to send {method} {request.url}: the target is not on loopback "
                    "(set ALLOW_UNSAFE_METHODS=1 to allow state-changing methods)"
                )
            )
        kwargs["allow_redirects"] = False  # see the module docstring
        kwargs.pop("stream", None)  # the body is always read here, under the deadline and the cap
        given = kwargs.pop("timeout", None)
        deadline = given if isinstance(given, int | float) and given > 0 else self.timeout
        response = self._send_once(request, deadline, kwargs)
        for _ in range(self.retry_attempts):
            if response.status_code not in RETRYABLE_STATUSES:
                break
            delay = retry_after_seconds(response.headers.get("Retry-After"))
            if delay is None:
                break
            if not self.retry_budget.take(delay):
                raise self.retry_budget.refuse(request.url or "", response.status_code, delay)
            response.close()
            self._sleep(delay)
            response = self._send_once(request, deadline, kwargs)
        return response

    def _send_once(
        self, request: requests.PreparedRequest, deadline: float, kwargs: dict[str, Any]
    ) -> requests.Response:
        if self.gate is None:
            return self._exchange(request, deadline, kwargs)
        method, url = request.method or "GET", SCRUBBER.scrub(request.url or "")
        self.gate.admit(method, url)
        try:
            response = self._exchange(request, deadline, kwargs)
        except (requests.ConnectionError, requests.Timeout) as exc:
            if isinstance(exc, TargetStopped):
                raise
            self.gate.failed(method, url, exc)
            stopped = self.gate.stopped
            if stopped:
                raise TargetStopped(stopped, request=request) from None
            raise
        self.gate.answered()
        return response

    def _exchange(
        self, request: requests.PreparedRequest, deadline: float, kwargs: dict[str, Any]
    ) -> requests.Response:
        with _Watchdog(deadline) as watchdog:
            try:
                response = super().send(request, stream=True, timeout=deadline, **kwargs)
                self._read_body(response)
            except requests.RequestException as exc:
                if watchdog.fired and not isinstance(exc, ResponseTooLarge):
                    raise DeadlineExceeded(self._late(request, deadline), request=request) from None
                raise
            if watchdog.fired:
                raise DeadlineExceeded(self._late(request, deadline), request=request)
        return response

    @staticmethod
    def _late(request: requests.PreparedRequest, deadline: float) -> str:
        return SCRUBBER.scrub(
            f"no complete answer to {request.method} {request.url} within {deadline:g} s (REQUEST_TIMEOUT)"
        )

    def _read_body(self, response: requests.Response) -> None:
        """Read the whole body now, refused beyond the cap (decoded bytes: gzip cannot inflate past it)."""
        if response.raw is None or response._content is not False:  # an adapter that answered in memory
            response._content_consumed = True
            return
        body = bytearray()
        try:
            for chunk in response.iter_content(_CHUNK):
                body += chunk
                if len(body) > self.max_body_bytes:
                    raise ResponseTooLarge(
                        SCRUBBER.scrub(
                            f"the answer to {response.request.method} {response.url} exceeds "
                            f"{self.max_body_bytes // (1024 * 1024)} MiB, the most the suite reads of a body"
                        ),
                        response=response,
                    )
        except ResponseTooLarge:
            response.close()
            raise
        response._content = bytes(body)
        response._content_consumed = True
        response.close()


class GuardedTransport(RequestsTransport):
    """schemathesis' requests transport, defaulting to a GuardedSession.

    schemathesis sends its own follow-up probes (ignored_auth's requests without and with invalid
    credentials) through `schema.transport` with the session dropped, i.e. through a fresh plain
    `requests` session: no deadline, no Retry-After, redirects followed. Defaulting to the guarded
    session puts them on the same path as every other request. The session carries no credentials of
    its own (the signers are passed per request), so a probe stays unauthenticated.
    """

    def __init__(self, session: GuardedSession) -> None:
        super().__init__()
        self.session = session

    def send(self, case: Any, *, session: requests.Session | None = None, **kwargs: Any) -> Any:
        return super().send(case, session=session or self.session, **kwargs)


def guard_probes(schema: Any, session: GuardedSession) -> Any:
    """Make `schema.transport` (a read-only property in schemathesis) a GuardedTransport for this schema."""
    transport = GuardedTransport(session)
    base = type(schema)
    schema.__class__ = type(f"Guarded{base.__name__}", (base,), {"transport": property(lambda _: transport)})
    return schema


def curl_command(request: requests.PreparedRequest) -> str:
    """A curl line for a sent request that runs as pasted once the credential variables are exported:
    a token or session travels as `"$HUAWEI_AUTH_TOKEN"`-style placeholders; a signed request (its
    signature holds a time and a nonce) ends in the `listapi-contracts replay` command that re-signs it."""
    parts: list[str] = ["curl", "-X", shlex.quote(request.method or "GET")]
    signed = False
    for name, value in dict(request.headers).items():
        if name.lower() in ("content-length", "accept-encoding", "connection", "user-agent"):
            continue
        is_signed = is_secret_header(name) and _is_signature(str(value))
        placeholder = None if is_signed else _placeholder(name, str(value))
        if placeholder is not None:
            parts += ["-H", placeholder]
            continue
        if is_secret_header(name):
            signed = signed or is_signed
            parts += ["-H", shlex.quote(f"{name}: {redact_headers({name: value})[name]}")]
            continue
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    body = request.body
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        parts += ["--data-binary", shlex.quote(text)]
    parts.append(shlex.quote(request.url or ""))
    line = " ".join(parts)
    if signed:
        url = shlex.quote(request.url or "")
        line += f"  # signed: re-sign and send with: listapi-contracts replay {url}"
    return SCRUBBER.scrub(line)


def _placeholder(name: str, value: str) -> str | None:
    """`"Name: prefix ${VARIABLE}"` when the header carries a secret the run read from a variable."""
    found = SCRUBBER.variable_for(value)
    if found is None:
        return None
    secret, variable = found
    head, _, tail = f"{name}: {value}".partition(secret)
    return '"' + _escape_double(head) + "${" + variable + "}" + _escape_double(tail) + '"'


def _escape_double(text: str) -> str:
    """Text safe inside a double-quoted shell word."""
    for special in ("\\", '"', "$", "`"):
        text = text.replace(special, "\\" + special)
    return text


def _is_signature(value: str) -> bool:
    return "Signature=" in value or value.split(" ", 1)[0].upper().endswith(("HMAC-SHA256", "HMAC-SM3"))
