"""`make bench`: how fast the reference provider answers, and how much of that the contract suite uses.

Everything is measured in one run, side by side, so the ratios hold even on a noisy machine:
- the provider over real HTTP on loopback (keep-alive, client-side signing included) and in-process
  over WSGI, per API, each bounded by a request count and a time budget;
- the contract suite against the embedded provider: wall time, requests it sent, and its demand rate;
- how busy the provider was during the suite: its CPU seconds over the suite's wall seconds (well under
  100% means the provider is not the suite's bottleneck).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.test import Client

from contract_tests.client import ApiClient
from contract_tests.http import GuardedSession
from contract_tests.specs import all_specs
from contract_tests.target import ApiTarget, load_local_defaults
from reference_provider import create_app
from reference_provider.config import ProviderConfig

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 400
TIME_BUDGET = 3.0  # seconds per API and transport


@dataclass
class Rate:
    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _bounded(call: object) -> Rate:
    started = time.perf_counter()
    count = 0
    while count < MAX_REQUESTS and time.perf_counter() - started < TIME_BUDGET:
        call()  # type: ignore[operator]
        count += 1
    return Rate(count, time.perf_counter() - started)


def http_rates(base_url: str, values: dict[str, str]) -> dict[str, Rate]:
    rates = {}
    for key, spec in all_specs().items():
        client = ApiClient(
            spec, ApiTarget(key, base_url, values), GuardedSession(timeout=10, allow_unsafe_methods=False)
        )
        page = client.list({})
        assert page.status == 200, f"{key}: HTTP {page.status}"
        rates[key] = _bounded(lambda c=client: c.list({}))
        client.session.close()
    return rates


def wsgi_rates(values: dict[str, str]) -> dict[str, Rate]:
    """In-process: the same default page per API, without sockets (auth by token/session where possible)."""
    app = create_app(ProviderConfig.from_env(values))
    client = Client(app)
    rates = {}
    for key, spec in all_specs().items():
        http_client = ApiClient(
            spec,
            ApiTarget(key, "http://127.0.0.1", values),
            GuardedSession(timeout=10, allow_unsafe_methods=False),
        )
        prepared = http_client.session.prepare_request(
            __import__("requests").Request(
                "GET",
                http_client.url(),
                params=list(spec.semantics.total_requires.items()),
                auth=http_client.auth,
            )
        )
        path = prepared.path_url
        headers = dict(prepared.headers)
        response = client.get(path, headers=headers)
        assert response.status_code == 200, f"{key}: in-process HTTP {response.status_code}"
        # Signed headers carry a timestamp valid for minutes: reusing them for a 3 s burst is fine.
        rates[key] = _bounded(lambda p=path, h=headers: client.get(p, headers=h).close())
    return rates


def suite_run(base_url: str, values: dict[str, str], log: Path) -> tuple[float, int]:
    env = {**os.environ, **values, "TARGET": base_url, "SEED": "20261122", "REPORTS": str(log.parent)}
    env.pop("TARGET_FILE", None)
    env.pop("APIS", None)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(
            "bench: the contract suite failed against the reference provider:\n" + proc.stdout[-2000:]
        )
    return seconds, sum(
        1 for _ in log.read_text(encoding="utf-8", errors="replace").splitlines() if '"GET ' in _
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    values = load_local_defaults()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        log = Path(tmp) / "access.log"
        command = [sys.executable, "-m", "reference_provider", "--port", "0", "--access-log"]
        with log.open("w") as sink:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=sink,
                text=True,
                env={**os.environ, **values, "REFERENCE_PROVIDER_VARIANT": ""},
            )
            try:
                line = process.stdout.readline().strip() if process.stdout else ""
                base_url = line.rsplit(" ", 1)[-1]
                if not base_url.startswith("http"):
                    raise SystemExit(f"bench: the provider did not start: {line!r}")
                http = http_rates(base_url, values)
                log.write_text("")  # count only the suite's requests
                cpu_before = cpu_seconds(process.pid)
                suite_seconds, suite_requests = suite_run(base_url, values, log)
                provider_cpu = cpu_seconds(process.pid) - cpu_before
            finally:
                process.terminate()
                process.wait(timeout=10)
        wsgi = wsgi_rates(values)
    print(f"{'API':26} {'HTTP req/s':>11} {'WSGI req/s':>11} {'WSGI/HTTP':>10}")
    for key in http:
        ratio = wsgi[key].per_second / http[key].per_second if http[key].per_second else 0.0
        print(f"{key:26} {http[key].per_second:11.0f} {wsgi[key].per_second:11.0f} {ratio:9.1f}x")
    demand = suite_requests / suite_seconds if suite_seconds else 0.0
    print(
        f"\ncontract suite (all five APIs, seed 20261122): {suite_seconds:.1f} s wall, "
        f"{suite_requests} requests ({demand:.0f} req/s)"
    )
    print(
        f"provider CPU during the suite: {provider_cpu:.1f} s = {100 * provider_cpu / suite_seconds:.0f}% "
        "of the suite's wall time (well under 100%: the provider is not the bottleneck)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
