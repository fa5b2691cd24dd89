"""Session fixtures: generate every spec once into a tmp dir; start the reference provider once."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from codegen_support import PROJECT_ROOT, SPEC_DIR, SPEC_STEMS, Generated

from contract_tests.codegen.generate import SpecOutcome, discover_specs, generate_all

PROVIDER_START_SECONDS = 20.0
PROVIDER_READY_LINE = re.compile(r"reference provider listening on (http://\S+)")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    out = tmp_path_factory.mktemp("codegen")
    started = time.perf_counter()
    # Warnings are asserted per spec by the tests; the partial clients are still worth importing.
    outcomes = generate_all(discover_specs(SPEC_DIR), out, allow_warnings=True)
    added = [str(outcome.client_project) for outcome in outcomes]
    sys.path[:0] = added
    yield Generated(out, {o.target.stem: o for o in outcomes}, time.perf_counter() - started)
    for entry in added:
        sys.path.remove(entry)


@pytest.fixture(params=SPEC_STEMS)
def outcome(request: pytest.FixtureRequest, generated: Generated) -> SpecOutcome:
    return generated.outcomes[request.param]


def _pump_lines(stream: object, lines: queue.Queue[str]) -> None:
    # Keeps draining stdout after the first line so the provider never blocks on a full pipe.
    for line in stream:  # type: ignore[attr-defined]
        lines.put(line)


@pytest.fixture(scope="session")
def provider_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not (PROJECT_ROOT / "reference_provider" / "__main__.py").is_file():
        pytest.fail("reference_provider/__main__.py is missing: the provider cannot be started")
    stderr_path = tmp_path_factory.mktemp("provider") / "stderr.log"
    with stderr_path.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "reference_provider", "--port", "0"],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        try:
            first = lines.get(timeout=PROVIDER_START_SECONDS)
        except queue.Empty:
            first = ""
        match = PROVIDER_READY_LINE.search(first)
        if not match:
            detail = stderr_path.read_text(errors="replace").strip().splitlines()[-1:] or ["no stderr"]
            pytest.fail(
                f"reference provider not ready in {PROVIDER_START_SECONDS:.0f}s: {first!r} {detail[0]}"
            )
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
