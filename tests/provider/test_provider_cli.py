"""The command line: start on a free port, announce it, serve, stop cleanly; bad arguments exit 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 20


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reference_provider", *args],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=STARTUP_TIMEOUT_S, env=env,
    )  # fmt: skip


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serves_on_a_free_port_and_stops_cleanly(stop_signal: signal.Signals) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "reference_provider", "--port", "0"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("reference provider listening on http://127.0.0.1:")
        base_url = line.rsplit(" ", 1)[1]
        response = requests.get(
            f"{base_url}/zstack/v1/ai/model-services",
            params={"limit": "1"},
            headers={"Authorization": "OAuth 5f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"},
            timeout=10,
        )
        assert response.status_code == 200
        assert len(response.json()["inventories"]) == 1
    finally:
        process.send_signal(stop_signal)
        _, stderr = process.communicate(timeout=STARTUP_TIMEOUT_S)
    assert process.returncode == 0
    assert "Traceback" not in stderr


def test_variant_from_the_environment() -> None:
    env = {**os.environ, "REFERENCE_PROVIDER_VARIANT": "no-such-variant"}
    result = run_cli("--port", "0", env=env)
    assert result.returncode == 2
    assert "unknown variant" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("--port", "x"), ("--port", "70000"), (), ("--port", "0", "--variant", "nope"), ("--bogus",)],
)
def test_bad_arguments_exit_2_with_one_line(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "error:" in result.stderr


def test_list_variants() -> None:
    result = run_cli("--list-variants")
    assert result.returncode == 0
    assert all(len(line.split("\t")) == 5 for line in result.stdout.splitlines())


def test_list_variants_into_a_closed_pipe_is_quiet() -> None:
    # `--list-variants | head` closes the pipe early; the read end is closed before the first write
    # here, so every write meets a broken pipe, deterministically.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "reference_provider", "--list-variants"],
            cwd=PROJECT_ROOT, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=STARTUP_TIMEOUT_S,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 0
