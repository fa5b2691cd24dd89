"""Start the reference provider as a separate process on loopback: the default target, over real HTTP."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass

READY_PREFIX = "reference provider listening on "


class EmbeddedProviderError(RuntimeError):
    """The embedded reference provider did not start."""


@dataclass
class EmbeddedProvider:
    process: subprocess.Popen[str]
    base_url: str

    def stop(self) -> None:
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
    values: Mapping[str, str], *, variant: str | None = None, timeout: float = 30.0
) -> EmbeddedProvider:
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
