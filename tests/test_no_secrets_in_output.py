"""No token, key, session or signature ever reaches the suite's output, reports, JUnit XML or curl lines.

The canary tests (issue 12, rows 1-3) run the suite against a provider that echoes every credential it
receives into headers, bodies, totals and error texts, and grep every byte the run produced.

The suite runs against faulty variants so that failures (with their curl reproductions, from both the
semantic tests and schemathesis) are printed, once per auth kind: Huawei AK/SK signing, ACS3, ZStack
session; the Huawei token run covers X-Auth-Token.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.config.target import load_local_defaults
from reference_provider import ProviderConfig, create_app
from tests.fault_servers import SuiteRun, run_suite, running
from tests.fault_servers.echo import EchoCredentials

ROOT = Path(__file__).resolve().parent.parent
LOCAL = load_local_defaults()
SECRETS = (
    "HUAWEI_AUTH_TOKEN",
    "HUAWEICLOUD_SDK_SK",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ZSTACK_SESSION_UUID",
)
# A signature is 64 hex digits after `Signature=`; a redacted header never carries one.
SIGNATURE = re.compile(r"Signature=[0-9a-f]{16,}")

RUNS = [
    (
        "huawei-aksk",
        "huawei-instances-duration-string",
        "huawei-service-instances",
        {"HUAWEI_AUTH_TOKEN": ""},
    ),
    ("huawei-token", "huawei-endpoints-type-mismatch-422", "huawei-endpoints", {}),
    ("acs3", "pai-eas-cpu-string", "pai-eas-services", {}),
    ("zstack-session", "zstack-request-memory-string", "zstack-model-services", {}),
]


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "variant", "api", "extra"), RUNS, ids=[run[0] for run in RUNS])
def test_failure_output_and_reports_hold_no_secret(
    kind: str, variant: str, api: str, extra: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("TARGET", "TARGET_FILE")}
    env.update(
        REFERENCE_PROVIDER_VARIANT=variant,
        APIS=api,
        SEED="7",
        MAX_EXAMPLES="5",
        REPORTS=str(tmp_path),
        **extra,
    )
    junit = tmp_path / "junit.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "contract_tests", "-p", "no:cacheprovider", f"--junitxml={junit}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 1, "the variant must fail the suite, so that failure output is produced"
    outputs = {"stdout": result.stdout, "stderr": result.stderr}
    outputs.update(
        {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir() if path.is_file()}
    )
    assert "curl " in result.stdout, "failures must carry a curl reproduction"
    # The credential header is shown, as its variable or redacted: the check below is not passing for
    # want of a header.
    assert "[REDACTED]" in result.stdout or "${" in result.stdout
    assert "<redacted>" not in result.stdout and "[Filtered]" not in result.stdout  # one redaction style
    for name, text in outputs.items():
        for secret in SECRETS:
            assert LOCAL[secret] not in text, f"{secret} leaked into {name} ({kind})"
        assert not SIGNATURE.search(text), f"a request signature leaked into {name} ({kind})"


# --- the canary: a provider that echoes every credential it receives --------------------------------

# Three APIs cover all four auth kinds across the two runs: Huawei token (env run) or AK/SK (file run),
# ACS3 signing, ZStack session. MAX_EXAMPLES=3 keeps each run to seconds.
CANARY_RUN = {"SEED": "12", "MAX_EXAMPLES": "3", "REQUEST_TIMEOUT": "10"}


def canary_credentials() -> dict[str, str]:
    """Fresh values, so a hit can only come from this run."""
    return {
        "HUAWEI_AUTH_TOKEN": "canary-token-" + secrets.token_hex(12),
        "HUAWEICLOUD_SDK_AK": "CANARYAK" + secrets.token_hex(6).upper(),
        "HUAWEICLOUD_SDK_SK": "canary-sk-" + secrets.token_hex(12),
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIcanary" + secrets.token_hex(6),
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "canary-acs-secret-" + secrets.token_hex(12),
        "ZSTACK_SESSION_UUID": secrets.token_hex(16),
    }


@pytest.fixture
def canary() -> Iterator[tuple[str, EchoCredentials, dict[str, str]]]:
    credentials = canary_credentials()
    app = EchoCredentials(create_app(ProviderConfig.from_env(credentials)))
    with running(app) as base_url:
        yield base_url, app, credentials


def assert_no_secret(run: SuiteRun, secrets_: set[str]) -> None:
    hits = {
        (where, secret[:6] + "…"): data.count(secret.encode())
        for where, data in run.everything().items()
        for secret in secrets_
        if secret.encode() in data
    }
    assert hits == {}, f"secrets found in the run's output: {hits}"


def assert_failures_were_printed(run: SuiteRun) -> None:
    """The canary made tests fail, so that bodies, totals and curl lines were printed (and scrubbed)."""
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "curl " in run.stdout and ("[REDACTED]" in run.stdout or "${" in run.stdout)
    assert "echoedCredentials" in run.stdout or "cannot serve" in run.stdout


def test_canary_credentials_from_the_environment_never_appear(
    canary: tuple[str, EchoCredentials, dict[str, str]], tmp_path: Path
) -> None:
    base_url, app, credentials = canary
    env = {
        **CANARY_RUN,
        **credentials,
        "TARGET": base_url,
        "APIS": "huawei-endpoints,pai-eas-services,zstack-model-services",
        "HUAWEI_WORKSPACE_ID": LOCAL["HUAWEI_WORKSPACE_ID"],
    }
    run = run_suite(env, tmp_path)
    assert credentials["HUAWEI_AUTH_TOKEN"] in app.received  # the canary really saw the secrets
    assert app.signatures, "ACS3 requests were signed"
    assert_no_secret(run, app.secrets(credentials))
    assert_failures_were_printed(run)


def test_canary_credentials_from_a_target_file_never_appear(
    canary: tuple[str, EchoCredentials, dict[str, str]], tmp_path: Path
) -> None:
    base_url, app, credentials = canary
    target_file = tmp_path / "target.toml"
    # ${NAME} under CI-style names, not the suite's own variables: the values exist only in the environment.
    target_file.write_text(
        f'''base_url = "{base_url}"
apis = ["huawei-service-instances", "pai-eas-services", "opensearch-ha3-models"]

[values]
HUAWEI_WORKSPACE_ID = "{LOCAL["HUAWEI_WORKSPACE_ID"]}"
HA3_INSTANCE_ID = "{LOCAL["HA3_INSTANCE_ID"]}"
HUAWEICLOUD_SDK_AK = "${{CI_HUAWEI_AK}}"
HUAWEICLOUD_SDK_SK = "${{CI_HUAWEI_SK}}"
ALIBABA_CLOUD_ACCESS_KEY_ID = "${{CI_ALIBABA_AK}}"
ALIBABA_CLOUD_ACCESS_KEY_SECRET = "${{CI_ALIBABA_SECRET}}"
''',
        encoding="utf-8",
    )
    env = {
        **CANARY_RUN,
        "TARGET_FILE": str(target_file),
        "CI_HUAWEI_AK": credentials["HUAWEICLOUD_SDK_AK"],
        "CI_HUAWEI_SK": credentials["HUAWEICLOUD_SDK_SK"],
        "CI_ALIBABA_AK": credentials["ALIBABA_CLOUD_ACCESS_KEY_ID"],
        "CI_ALIBABA_SECRET": credentials["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
    }
    reports = tmp_path / "reports"
    reports.mkdir()
    run = run_suite(env, reports)
    assert any(value.startswith("SDK-HMAC-SHA256") for value in app.received)  # Huawei AK/SK signing
    assert any(value.startswith("ACS3-HMAC-SHA256") for value in app.received)
    secrets_ = app.secrets({k: v for k, v in credentials.items() if "HUAWEI_AUTH" not in k})
    assert_no_secret(run, secrets_)
    assert_failures_were_printed(run)


def test_a_password_in_the_target_url_never_appears(
    canary: tuple[str, EchoCredentials, dict[str, str]], tmp_path: Path
) -> None:
    base_url, _, credentials = canary
    password = "canary-pw-" + secrets.token_hex(8)
    with_userinfo = base_url.replace("http://", f"http://ci-user:{password}@")
    env = {
        **CANARY_RUN,
        "ZSTACK_SESSION_UUID": credentials["ZSTACK_SESSION_UUID"],
        "TARGET": with_userinfo,
        "APIS": "zstack-model-services",
    }
    run = run_suite(env, tmp_path)
    basic = base64.b64encode(f"ci-user:{password}".encode()).decode()
    assert_no_secret(run, {password, basic, credentials["ZSTACK_SESSION_UUID"]})
    assert run.returncode in (0, 1), run.stderr[-2000:]
    assert "[REDACTED]@127.0.0.1" in run.stdout  # the header names the target, without its password
