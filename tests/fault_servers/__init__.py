"""Small hostile targets for the suite's robustness tests, and a runner for the suite against them.

Every server binds 127.0.0.1 on port 0, serves from a daemon thread, and is bounded: `running()` stops
it on exit, and each fault (trickling, redirecting, rate-limiting) has a fixed length.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server

ROOT = Path(__file__).resolve().parents[2]
# The suite's own variables are never inherited from the outer run: each test sets exactly what it means.
SUITE_VARIABLE_PREFIXES = (
    "HUAWEI",
    "ALIBABA",
    "ZSTACK",
    "HA3_",
    "TARGET",
    "APIS",
    "SEED",
    "MAX_EXAMPLES",
    "REQUEST_TIMEOUT",
    "RETRY_AFTER",
    "REFERENCE_PROVIDER",
    "ALLOW_UNSAFE",
    "REPORTS",
    "PYTEST_",
)
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Any]


@contextmanager
def running(app: WSGIApp) -> Iterator[str]:
    """Serve `app` on loopback in a thread; yields its base URL."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class RequestLog:
    """What a fault server received: (method, path with query, headers) in arrival order."""

    entries: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, environ: Mapping[str, Any]) -> None:
        headers = {
            key[5:].replace("_", "-").title(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        query = environ.get("QUERY_STRING", "")
        path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
        with self.lock:
            self.entries.append((environ["REQUEST_METHOD"], path, headers))


def logged(app: WSGIApp, log: RequestLog) -> WSGIApp:
    def wrapper(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        log.record(environ)
        return app(environ, start_response)

    return wrapper


@dataclass
class SuiteRun:
    returncode: int
    stdout: str
    stderr: str
    files: dict[str, bytes]

    def everything(self) -> dict[str, bytes]:
        """Every byte the run produced, by where it went."""
        return {"stdout": self.stdout.encode(), "stderr": self.stderr.encode(), **self.files}


def run_suite(
    env: Mapping[str, str], reports: Path, *, timeout: float = 300, args: tuple[str, ...] = ()
) -> SuiteRun:
    """Run the contract suite in a subprocess with exactly `env` added (no TARGET/TARGET_FILE inherited)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(SUITE_VARIABLE_PREFIXES)}
    environ.update({"REPORTS": str(reports), **env})
    junit = reports / "contract-junit.xml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            *args,
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    files = {str(p.relative_to(reports)): p.read_bytes() for p in reports.rglob("*") if p.is_file()}
    return SuiteRun(result.returncode, result.stdout, result.stderr, files)


@contextmanager
def trickling_headers(interval: float = 0.5, length: int = 60) -> Iterator[str]:
    """A raw server that sends its status line and headers one byte per `interval` (at most `length`)."""
    import socket
    import time

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    head = (b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * length + b"\r\n\r\n")[:length]

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                for byte in head:
                    if stop.is_set():
                        break
                    try:
                        connection.sendall(bytes([byte]))
                    except OSError:
                        break
                    time.sleep(interval)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
