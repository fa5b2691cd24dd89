"""Reproductions that run as printed: curl lines with `${VARIABLE}` placeholders, and `replay` for a
signed request, which re-signs it now."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pinned import pinned_specs

from contract_tests.config.scrub import SCRUBBER
from contract_tests.config.target import load_local_defaults
from contract_tests.runner import cli
from contract_tests.runner.embedded import EmbeddedProvider, start_embedded
from contract_tests.runner.replay import ReplayError, match_route, replay
from contract_tests.transport.http import curl_command

SPECS = pinned_specs()
TOKEN = "token-for-the-curl-test-0123456789"


def _prepared(headers: dict[str, str]) -> requests.PreparedRequest:
    return requests.Request(
        "GET", "http://127.0.0.1:1/v1/workspaces/ws/endpoints?limit=3", headers=headers
    ).prepare()


def test_a_token_becomes_its_variable_and_the_line_runs_as_pasted() -> None:
    SCRUBBER.name("HUAWEI_AUTH_TOKEN", TOKEN)
    line = curl_command(_prepared({"X-Auth-Token": TOKEN}))
    assert TOKEN not in line
    assert '"X-Auth-Token: ${HUAWEI_AUTH_TOKEN}"' in line
    # The shell expands the placeholder back into the token: the line is runnable once exported.
    echoed = subprocess.run(
        ["bash", "-c", line.replace("curl ", "printf '%s\\n' ", 1)],
        env={"HUAWEI_AUTH_TOKEN": TOKEN},
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    assert f"X-Auth-Token: {TOKEN}" in echoed


def test_a_signed_request_points_to_replay() -> None:
    signature = "SDK-HMAC-SHA256 Access=AKID, SignedHeaders=host;x-sdk-date, Signature=" + "ab" * 32
    line = curl_command(_prepared({"Authorization": signature}))
    assert "Signature=" not in line and "listapi-contracts replay" in line


def test_match_route_finds_the_api_and_its_path_values() -> None:
    spec, values = match_route(SPECS, "https://h.example/v1/workspaces/ws-1/services/instances?limit=2")
    assert spec.key == "huawei-service-instances" and values == {"workspace_id": "ws-1"}
    with pytest.raises(ReplayError, match="route of no spec"):
        match_route(SPECS, "https://h.example/v1/other")
    with pytest.raises(ReplayError, match="not an http"):
        match_route(SPECS, "ftp://h/api/v2/services")


@pytest.fixture(scope="module")
def provider() -> Iterator[EmbeddedProvider]:
    running = start_embedded(load_local_defaults())
    yield running
    running.stop()


def test_replay_re_signs_an_acs3_request(provider: EmbeddedProvider) -> None:
    out = io.StringIO()
    assert replay(f"{provider.base_url}/api/v2/services?PageSize=2", load_local_defaults(), out) == 0
    assert out.getvalue().startswith("pai-eas-services ListServices: HTTP 200")


def test_replay_names_a_missing_credential(provider: EmbeddedProvider) -> None:
    environ = {k: v for k, v in load_local_defaults().items() if not k.startswith("ALIBABA")}
    with pytest.raises(ReplayError, match="needs credentials"):
        replay(f"{provider.base_url}/api/v2/services", environ, io.StringIO())


def test_replay_reads_the_target_file_as_a_run_does(
    provider: EmbeddedProvider, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 22: `replay` ignored TARGET_FILE; its [api.<key>] section and ${NAME} secrets now apply."""
    local = load_local_defaults()
    target_file = tmp_path / "staging.toml"
    target_file.write_text(
        f'base_url = "https://staging.example.com"\n\n[api.pai-eas-services]\n'
        f'ALIBABA_CLOUD_ACCESS_KEY_ID = "{local["ALIBABA_CLOUD_ACCESS_KEY_ID"]}"\n'
        'ALIBABA_CLOUD_ACCESS_KEY_SECRET = "${CI_ALIBABA_SECRET}"\n',
        encoding="utf-8",
    )
    environ = {
        "TARGET_FILE": str(target_file),
        "CI_ALIBABA_SECRET": local["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
    }
    out = io.StringIO()
    assert replay(f"{provider.base_url}/api/v2/services?PageSize=2", environ, out) == 0
    assert out.getvalue().startswith("pai-eas-services ListServices: HTTP 200")
    # Through the command, with the same file: exit 0, and the secret is never printed.
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", raising=False)
    assert cli.main(["replay", f"{provider.base_url}/api/v2/services?PageSize=2"]) == 0


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"REQUEST_TIMEOUT": "soon"}, "REQUEST_TIMEOUT must be a number, got 'soon'"),
        ({"REQUEST_TIMEOUT": "0"}, "REQUEST_TIMEOUT must be a positive number, got '0'"),
        ({"TARGET_FILE": "/no/such/target.toml"}, "TARGET_FILE /no/such/target.toml does not exist"),
    ],
)
def test_replay_settings_are_the_runs_validated_settings(
    provider: EmbeddedProvider, environ: dict[str, str], expected: str
) -> None:
    with pytest.raises(ReplayError) as info:
        replay(f"{provider.base_url}/api/v2/services", {**load_local_defaults(), **environ}, io.StringIO())
    assert str(info.value) == expected


def test_a_bad_replay_setting_is_one_line_and_exit_2(
    provider: EmbeddedProvider, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REQUEST_TIMEOUT", "soon")
    assert cli.main(["replay", f"{provider.base_url}/api/v2/services"]) == 2
    assert capsys.readouterr().err == (
        "listapi-contracts: error: REQUEST_TIMEOUT must be a number, got 'soon'\n"
    )
