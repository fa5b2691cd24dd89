"""The provider's latency knob (--latency-ms, $REFERENCE_PROVIDER_LATENCY_MS) and its timestamped access
log (--access-log-file): one line per request, arrival in UTC to the millisecond."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from provider_client import ProviderClient, api_path
from werkzeug.test import Client

from reference_provider import ProviderConfig, create_app
from reference_provider.access_log import AccessLog, timestamp
from reference_provider.cli import main
from reference_provider.factory import LATENCY_ENV, latency_ms_from

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(
    r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (\S+) "([A-Z]+) (\S+) (HTTP/[\d.]+)" (\d{3}|-) (\d+)ms$'
)
ZSTACK_AUTH = {"Authorization": "OAuth 5f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"}


def test_latency_comes_from_the_argument_else_the_environment(
    config: ProviderConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert create_app(config).latency_seconds == 0
    assert create_app(config, latency_ms=20).latency_seconds == pytest.approx(0.020)
    monkeypatch.setenv(LATENCY_ENV, "35")
    assert create_app(config).latency_seconds == pytest.approx(0.035)
    assert create_app(config, latency_ms=0).latency_seconds == 0  # the argument wins


@pytest.mark.parametrize("value", ["-1", "x", "1.5"])
def test_a_bad_latency_variable_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match=LATENCY_ENV):
        latency_ms_from({LATENCY_ENV: value})


def test_every_answer_waits_the_latency(config: ProviderConfig) -> None:
    client = ProviderClient(create_app(config, latency_ms=60), config)
    began = time.perf_counter()
    assert client.get("opensearch-ha3-models").status_code == 200
    assert client.get("opensearch-ha3-models", {"pageSize": "abc"}).status_code == 400  # errors too
    assert time.perf_counter() - began >= 0.12


@pytest.mark.parametrize("value", ["-5", "x"])
def test_a_bad_latency_flag_is_a_one_line_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--port", "0", "--latency-ms", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "latency" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_bad_latency_variable_is_a_one_line_error_of_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reference_provider", "--port", "0"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=20,
        env={"PATH": "", LATENCY_ENV: "soon"},
    )  # fmt: skip
    assert result.returncode == 2
    assert LATENCY_ENV in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_timestamps_are_utc_milliseconds() -> None:
    assert timestamp(0) == "1970-01-01T00:00:00.000Z"
    assert timestamp(1.2345) == "1970-01-01T00:00:01.234Z"


def test_the_access_log_writes_one_line_per_request(config: ProviderConfig) -> None:
    sink = io.StringIO()
    client = Client(AccessLog(create_app(config), sink))
    path = api_path("zstack-model-services", config)
    before = time.time()
    assert client.get(path, query_string={"limit": "2"}, headers=ZSTACK_AUTH).status_code == 200
    assert client.get("/nowhere").status_code == 404
    lines = sink.getvalue().splitlines()
    assert len(lines) == 2
    first = LINE.match(lines[0])
    assert first is not None, lines[0]
    when, _client, method, target, _protocol, status, _ms = first.groups()
    arrived = datetime.strptime(when, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()
    assert before - 0.001 <= arrived <= time.time()
    assert (method, target, status) == ("GET", f"{path}?limit=2", "200")
    second = LINE.match(lines[1])
    assert second is not None and second.group(4) == "/nowhere" and second.group(6) == "404"


def test_a_request_the_app_fails_on_is_logged_too() -> None:
    def broken(environ: object, start_response: object) -> list[bytes]:
        raise RuntimeError("boom")

    sink = io.StringIO()
    with pytest.raises(RuntimeError):
        AccessLog(broken, sink)({"REQUEST_METHOD": "GET", "PATH_INFO": "/x"}, lambda *a: None)  # type: ignore[arg-type]
    match = LINE.match(sink.getvalue().strip())
    assert match is not None and match.group(4) == "/x" and match.group(6) == "-"


def test_the_cli_logs_with_timestamps_and_overlaps_the_latency(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    latency = 0.3
    process = subprocess.Popen(
        [sys.executable, "-m", "reference_provider", "--port", "0", "--latency-ms", str(int(latency * 1000)),
         "--access-log-file", str(log)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip().rsplit(" ", 1)[1]
        url = base_url + "/zstack/v1/ai/model-services?limit=1"
        statuses: list[int] = []

        def fetch() -> None:
            statuses.append(requests.get(url, headers=ZSTACK_AUTH, timeout=10).status_code)

        threads = [threading.Thread(target=fetch) for _ in range(4)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
    assert statuses == [200] * 4
    assert elapsed < 4 * latency  # the four waits overlap on the threaded server
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(LINE.match(line) for line in lines), lines
    assert all(int(line.rsplit(" ", 1)[1].removesuffix("ms")) >= 300 for line in lines)
    assert "Traceback" not in stderr
