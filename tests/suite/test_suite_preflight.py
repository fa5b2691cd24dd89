"""The preflight (issue 22): a bad setup stops the run before any test with one line, not dozens of
"contract failures". Each test runs against the reference provider served on loopback (its own
credentials are the local ones; the suite is given wrong ones), or a small fault server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.config.target import TargetError, load_local_defaults
from contract_tests.runner.parallel import preflight
from contract_tests.runner.preflight import PreflightFailed
from contract_tests.runner.run import build_run
from reference_provider import ProviderConfig, create_app
from tests.fault_servers import RequestLog, logged, run_suite, running

LOCAL = load_local_defaults()
WRONG = "wrong-value-0123456789abcdef"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with running(create_app(ProviderConfig.local())) as url:
        yield url


def _environ(url: str, apis: str, **values: str) -> dict[str, str]:
    return {**LOCAL, "TARGET": url, "APIS": apis, "SEED": "3", **values}


def _stop_line(environ: dict[str, str]) -> str:
    with pytest.raises(PreflightFailed) as info:
        build_run(environ)
    line = str(info.value)
    assert "\n" not in line and WRONG not in line
    return line


@pytest.mark.parametrize(
    ("api", "variable", "expected"),
    [
        ("huawei-endpoints", "HUAWEI_AUTH_TOKEN", "credentials rejected (HTTP 403); check HUAWEI_AUTH_TOKEN"),
        (
            "huawei-service-instances",
            "HUAWEI_AUTH_TOKEN",
            "credentials rejected (HTTP 403); check HUAWEI_AUTH_TOKEN",
        ),
        (
            "pai-eas-services",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "credentials rejected (HTTP 400 SignatureDoesNotMatch); "
            "check ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        ),
        (
            "zstack-model-services",
            "ZSTACK_SESSION_UUID",
            "credentials rejected (HTTP 503 ID.1001); check ZSTACK_SESSION_UUID",
        ),
    ],
)
def test_a_refused_credential_stops_the_run_with_one_line(
    provider: str, api: str, variable: str, expected: str
) -> None:
    line = _stop_line(_environ(provider, api, **{variable: WRONG}))
    assert line.startswith(f"preflight: {api}: {expected}"), line
    assert line.endswith("(PREFLIGHT=warn runs the suite anyway)")


def test_a_401_with_an_error_code_names_it() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = b'{"error_code": "APIG.1002", "error_msg": "Incorrect token or token resolution failed"}'
        start_response("401 Unauthorized", [("Content-Type", "application/json")])
        return [body]

    with running(app) as url:
        line = _stop_line(_environ(url, "huawei-endpoints", HUAWEI_AUTH_TOKEN=WRONG))
    assert line.startswith(
        "preflight: huawei-endpoints: credentials rejected (HTTP 401 APIG.1002); check HUAWEI_AUTH_TOKEN"
    ), line


def test_a_404_on_the_list_path_asks_for_the_base_url(provider: str) -> None:
    line = _stop_line(_environ(provider + "/wrong-prefix", "pai-eas-services"))
    assert line.startswith(
        "preflight: pai-eas-services: GET /api/v2/services answered 404; is the base URL right?"
    ), line


def test_every_finding_of_the_run_is_on_the_one_line(provider: str) -> None:
    line = _stop_line(
        _environ(
            provider,
            "huawei-endpoints,zstack-model-services",
            HUAWEI_AUTH_TOKEN=WRONG,
            ZSTACK_SESSION_UUID=WRONG,
        )
    )
    assert "preflight: huawei-endpoints: credentials rejected" in line
    assert "; preflight: zstack-model-services: credentials rejected" in line


def test_an_answer_that_is_not_json_stops_the_run() -> None:
    def login_page(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<html><body>Please sign in</body></html>"]

    with running(login_page) as url:
        line = _stop_line(_environ(url, "huawei-endpoints"))
    assert line.startswith(
        "preflight: huawei-endpoints: GET /v1/workspaces/{workspace_id}/endpoints answered HTTP 200 "
        "with a body that is not JSON (text/html)"
    ), line


def test_the_preflight_sends_one_request_per_api_through_the_gate(provider: str) -> None:
    log = RequestLog()
    with running(logged(create_app(ProviderConfig.local()), log)) as url:
        run = build_run(_environ(url, "huawei-endpoints,pai-eas-services,zstack-model-services"))
        try:
            assert run.gate.sent == 3 and len(log.entries) == 3
            assert run.preflight_warnings == []
        finally:
            run.close()


def test_preflight_warn_says_so_and_goes_on(provider: str) -> None:
    run = build_run(_environ(provider, "huawei-endpoints", HUAWEI_AUTH_TOKEN=WRONG, PREFLIGHT="warn"))
    try:
        [line] = run.preflight_warnings
        assert line.startswith("preflight: huawei-endpoints: credentials rejected (HTTP 403)")
        assert line.endswith("(PREFLIGHT=warn: the run goes on)")
    finally:
        run.close()


def test_preflight_off_judges_nothing_and_checks_each_base_url_once(provider: str) -> None:
    apis = "huawei-endpoints,huawei-service-instances"
    run = build_run(_environ(provider, apis, HUAWEI_AUTH_TOKEN=WRONG, PREFLIGHT="off"))
    try:
        assert run.preflight_warnings == [] and run.gate.sent == 1
    finally:
        run.close()


def test_an_unknown_preflight_mode_is_a_configuration_error(provider: str) -> None:
    with pytest.raises(TargetError, match="PREFLIGHT must be one of stop, warn, off, got 'maybe'"):
        build_run(_environ(provider, "huawei-endpoints", PREFLIGHT="maybe"))


def test_a_variant_of_the_embedded_provider_warns_by_default() -> None:
    environ = {
        "APIS": "huawei-endpoints",
        "REFERENCE_PROVIDER_VARIANT": "extra-fields",
        "EMBEDDED_TRANSPORT": "wsgi",
    }
    run = build_run(environ)
    try:
        assert run.target.settings.preflight == "warn"
    finally:
        run.close()
    plain = build_run({"APIS": "huawei-endpoints", "EMBEDDED_TRANSPORT": "wsgi"})
    try:
        assert plain.target.settings.preflight == "stop"
    finally:
        plain.close()


def test_the_latency_preflight_answer_is_judged_without_another_request() -> None:
    log = RequestLog()
    with running(logged(create_app(ProviderConfig.local()), log)) as url:
        environ = _environ(url, "huawei-endpoints", HUAWEI_AUTH_TOKEN=WRONG)
        decided = preflight(environ)  # what `-n auto` sends: two timed list requests
        assert list(decided.answered) == ["huawei-endpoints"] and len(log.entries) == 2
        with pytest.raises(PreflightFailed, match="credentials rejected"):
            build_run(environ, already_sent=decided.sent, answered=decided.answered)
        assert len(log.entries) == 2  # judged from the timed answer


def test_a_wrong_token_stops_even_the_property_only_shard_before_any_test(tmp_path: Path) -> None:
    """Measured in issue 22: SHARD=6/6 (property tests only) exited 0 with a wrong HUAWEI_AUTH_TOKEN."""
    with running(create_app(ProviderConfig.local())) as url:
        environ = {
            "TARGET": url,
            "APIS": "huawei-endpoints",
            "HUAWEI_WORKSPACE_ID": LOCAL["HUAWEI_WORKSPACE_ID"],
            "HUAWEI_AUTH_TOKEN": WRONG,
            "SHARD": "2/2",
            "MAX_EXAMPLES": "3",
        }
        done = run_suite(environ, tmp_path / "reports")
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-3000:]
    lines = [line for line in output.splitlines() if "preflight:" in line]
    assert len(lines) == 1 and "credentials rejected (HTTP 403); check HUAWEI_AUTH_TOKEN" in lines[0]
    assert "Traceback" not in output and WRONG not in output and " passed" not in output


def test_a_404_names_the_path_id_too(provider: str) -> None:
    line = _stop_line(_environ(provider + "/wrong-prefix", "huawei-endpoints"))
    assert line.startswith(
        "preflight: huawei-endpoints: GET /v1/workspaces/{workspace_id}/endpoints answered 404; "
        "is the base URL right (and HUAWEI_WORKSPACE_ID)?"
    ), line
