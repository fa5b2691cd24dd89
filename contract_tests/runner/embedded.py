"""The embedded reference provider, the default target: a separate process on loopback over real HTTP,
or (EMBEDDED_TRANSPORT=wsgi) its public WSGI app factory in this process behind a transport adapter."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from contract_tests.transport.wsgi_transport import WSGIAdapter

READY_PREFIX = "reference provider listening on "
TRANSPORT_ENV = "EMBEDDED_TRANSPORT"
TRANSPORTS = ("http", "wsgi")
# Never listened on: the adapter mounted for this address answers; a session without it is refused.
WSGI_BASE_URL = "http://127.0.0.1:9"


class EmbeddedProviderError(RuntimeError):
    """The embedded reference provider did not start."""


@dataclass
class EmbeddedProvider:
    process: subprocess.Popen[str] | None
    base_url: str
    app: Any = None  # the in-process WSGI app (wsgi transport), else None

    @property
    def transport(self) -> str:
        return "wsgi" if self.app is not None else "http"

    def mount(self, session: requests.Session) -> None:
        """Route the session's requests for this provider to the in-process app (no-op over HTTP)."""
        if self.app is not None:
            session.mount(self.base_url + "/", WSGIAdapter(self.app))

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_embedded(
    values: Mapping[str, str],
    *,
    variant: str | None = None,
    timeout: float = 30.0,
    transport: str = "http",
) -> EmbeddedProvider:
    """The reference provider (or a variant) over `transport`: "http" (a process) or "wsgi" (in-process)."""
    if transport not in TRANSPORTS:
        choices = ", ".join(TRANSPORTS)
        raise EmbeddedProviderError(f"{TRANSPORT_ENV} must be one of {choices}, not {transport!r}")
    if transport == "wsgi":
        return _in_process(values, variant)
    return _process(values, variant, timeout)


def _in_process(values: Mapping[str, str], variant: str | None) -> EmbeddedProvider:
    # The provider's public app factory only, used as a WSGI app; none of its internals.
    from reference_provider.config import ProviderConfig
    from reference_provider.factory import create_app

    try:
        app = create_app(ProviderConfig.from_env({**os.environ, **values}), variant=variant)
    except (KeyError, ValueError) as exc:
        raise EmbeddedProviderError(f"the embedded reference provider did not start: {exc}") from None
    return EmbeddedProvider(process=None, base_url=WSGI_BASE_URL, app=app)


def _process(values: Mapping[str, str], variant: str | None, timeout: float) -> EmbeddedProvider:
    """Launch `python -m reference_provider --port 0` and wait (bounded) for the line naming its address."""
    env = {**os.environ, **values}
    command = [sys.executable, "-m", "reference_provider", "--host", "127.0.0.1", "--port", "0"]
    if variant:
        command += ["--variant", variant]
    # stderr goes to a file, not a pipe: nobody drains it during a run, and a full pipe would block.
    errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the process
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env, start_new_session=True
    )
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if process.poll() is not None:
                errors.seek(0)
                error = errors.read().strip().splitlines()
                detail = error[-1] if error else f"exit code {process.returncode}"
                raise EmbeddedProviderError(f"the embedded reference provider exited at start: {detail}")
            if selector.select(timeout=0.2):
                line = process.stdout.readline().strip()
                if line.startswith(READY_PREFIX):
                    return EmbeddedProvider(process=process, base_url=line[len(READY_PREFIX) :].rstrip("/"))
    EmbeddedProvider(process=process, base_url="").stop()
    raise EmbeddedProviderError(
        f"the embedded reference provider did not report its address within {timeout:.0f} s"
    )
