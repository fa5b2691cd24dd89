"""One run of the contract suite, or of plain schemathesis, against one provider variant."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from contract_tests.config.target import load_local_defaults
from contract_tests.model.specs import all_specs
from contract_tests.runner.embedded import start_embedded
from tools.mutation.catalogue import Entry

ROOT = Path(__file__).resolve().parents[2]
_FAILURE_TITLE = re.compile(r"^\s*- (ST\d+ [^\n]+)$", re.MULTILINE)
SUITE_TIMEOUT = 900
BASELINE_TIMEOUT = 600
TARGET_VARS = (
    "TARGET",
    "TARGET_FILE",
    "APIS",
    "REFERENCE_PROVIDER_VARIANT",
    "SEED",
    "MAX_EXAMPLES",
    "REPORTS",
)


@dataclass
class RunResult:
    outcome: str  # killed | passes | error (| noise, once scored: see tools/mutation/report.py)
    seconds: float
    failed_tests: list[str] = field(default_factory=list)
    detail: str = ""
    # False when the run stopped at its first failure (FAIL_FAST): the tests after it never ran, so
    # `failed_tests` proves a kill but not which tests alone catch the variant.
    complete: bool = True


# A user's load and provider settings must not change what the catalogue measures.
# A user's shell must not reshape the catalogue's runs: data size, latency, load, the model's sample,
# the gates and accepted deviations (a SHARD would skip tests, a BASELINE accept failures).
RUN_SHAPING_VARS = frozenset(
    {
        "REFERENCE_PROVIDER_SCALE",
        "REFERENCE_PROVIDER_LATENCY_MS",
        "MAX_REQUESTS",
        "CONCURRENCY",
        "RATE_LIMIT",
        "MODEL_EXAMPLES",
        "SHARD",
        "STRICT",
        "MIN_COVERAGE",
        "BASELINE",
        "PREFLIGHT",
    }
)


def clean_env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in TARGET_VARS and k not in RUN_SHAPING_VARS and not k.startswith("PYTEST_")
    }
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return {**env, **extra}


def failed_testcases(junit: Path) -> list[str]:
    if not junit.exists():
        return []
    names = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            names.append(case.get("name", "?"))
    return names


def run_suite(entry: Entry, *, seed: int, max_examples: int) -> RunResult:
    """The contract suite against the embedded provider switched to this variant."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        junit = Path(tmp) / "junit.xml"
        env = clean_env(
            {
                "REFERENCE_PROVIDER_VARIANT": entry.name,
                "APIS": ",".join(entry.spec_keys),
                "SEED": str(seed),
                "MAX_EXAMPLES": str(max_examples),
                "REPORTS": tmp,
            }
        )
        command = [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            "-o",
            "console_output_style=classic",
        ]
        try:
            proc = subprocess.run(
                command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SUITE_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            return RunResult(
                "error", time.monotonic() - started, detail=f"suite timed out after {SUITE_TIMEOUT} s"
            )
        failed = failed_testcases(junit)
        seconds = time.monotonic() - started
    if proc.returncode == 0:
        return RunResult("passes", seconds)
    if proc.returncode == 1 and failed:
        return RunResult("killed", seconds, failed)
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
    return RunResult("error", seconds, failed, detail=f"exit {proc.returncode}: " + " | ".join(tail))


def baseline_command(
    key: str, base_url: str, values: Mapping[str, str], seed: int, max_examples: int, config: Path
) -> tuple[list[str], dict[str, str]]:
    spec = all_specs()[key]
    pinned = {name: values[var] for name, var in spec.path_parameters().items() if var}
    lines = [
        "[parameters]",
        *(f"{json.dumps('path.' + name)} = {json.dumps(value)}" for name, value in pinned.items()),
    ]
    config.write_text("\n".join(lines) + "\n")
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(config),
        "run",
        str(spec.path),
        "--url",
        base_url,
        "--checks",
        "all",
        "--seed",
        str(seed),
        "--max-examples",
        str(max_examples),
        "--phases",
        "examples,coverage,fuzzing",
        "--no-color",
    ]
    env: dict[str, str] = {}
    kinds = {scheme.kind for scheme in spec.security_schemes}
    if "huawei-token" in kinds:
        command += ["-H", f"X-Auth-Token: {values['HUAWEI_AUTH_TOKEN']}"]
    elif "zstack-oauth" in kinds:
        command += ["-H", f"Authorization: OAuth {values['ZSTACK_SESSION_UUID']}"]
    elif "acs3-hmac-sha256" in kinds:
        scheme = next(s for s in spec.security_schemes if s.kind == "acs3-hmac-sha256")
        env = {
            "SCHEMATHESIS_HOOKS": "tools.baseline_hooks",
            "BASELINE_ACS3_ACTION": spec.operation_id,
            "BASELINE_ACS3_VERSION": scheme.acs_version or "",
        }
    return command, env


def run_baseline(
    entry: Entry | None, *, seed: int, max_examples: int, keys: tuple[str, ...] = ()
) -> RunResult:
    """Plain `schemathesis run --checks all` on the same specs against a variant (None: the reference).

    `failed_tests` lists "<api key>: <failure title>" for each distinct failure schemathesis reports.
    """
    started = time.monotonic()
    values = load_local_defaults()
    provider = start_embedded(values, variant=entry.name if entry else None)
    failures: list[str] = []
    errors: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="baseline-") as tmp:
            for key in entry.spec_keys if entry else keys:
                command, extra = baseline_command(
                    key, provider.base_url, values, seed, max_examples, Path(tmp) / f"{key}.toml"
                )
                try:
                    proc = subprocess.run(
                        command,
                        cwd=ROOT,
                        env=clean_env({**values, **extra, "REFERENCE_PROVIDER_VARIANT": ""}),
                        capture_output=True,
                        text=True,
                        timeout=BASELINE_TIMEOUT,
                    )
                except subprocess.TimeoutExpired:
                    errors.append(f"{key}: timed out")
                    continue
                if proc.returncode == 1:
                    titles = sorted(set(_FAILURE_TITLE.findall(proc.stdout))) or ["failed"]
                    failures += [f"{key}: {title}" for title in titles]
                elif proc.returncode != 0:
                    errors.append(f"{key}: exit {proc.returncode}")
    finally:
        provider.stop()
    seconds = time.monotonic() - started
    if failures:
        return RunResult("killed", seconds, failures, detail="; ".join(errors))
    if errors:
        return RunResult("error", seconds, detail="; ".join(errors))
    return RunResult("passes", seconds)


def beyond_noise(result: RunResult, noise: RunResult) -> RunResult:
    """A baseline verdict that counts only failures the unmodified reference does not also produce."""
    extra = [failure for failure in result.failed_tests if failure not in set(noise.failed_tests)]
    if result.outcome == "killed" and not extra:
        return RunResult(
            "passes", result.seconds, result.failed_tests, detail="only the reference's own failures"
        )
    return RunResult(result.outcome, result.seconds, extra or result.failed_tests, result.detail)
