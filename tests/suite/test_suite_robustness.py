"""Hostile, flaky and misconfigured targets (issue 12): each test names its row and fails without the fix.

Servers come from tests/fault_servers: loopback, port 0, a daemon thread, bounded faults. Whole-suite
runs use a small APIS subset and MAX_EXAMPLES=3 so each takes seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from contract_tests.config.target import TargetError, resolve_target
from contract_tests.model.specs import SpecError, all_specs, load_spec
from contract_tests.transport.http import (
    MAX_BODY_BYTES,
    DeadlineExceeded,
    GuardedSession,
    GuardedTransport,
    ResponseTooLarge,
    guard_probes,
)
from contract_tests.transport.signing import Acs3Auth, HuaweiAkSkAuth, HuaweiTokenAuth, ZStackSessionAuth
from reference_provider import ProviderConfig, create_app
from tests.fault_servers import RequestLog, SuiteRun, logged, run_suite, running, trickling_headers
from tests.fault_servers.apps import (
    always_rate_limited,
    escape_sequences,
    huge_body,
    rate_limit_every,
    rate_limited_after,
    redirect_to,
    trickle,
)

LOCAL = ProviderConfig.local()
SMALL_RUN = {"SEED": "5", "MAX_EXAMPLES": "3"}
TOKEN_ENV = {"HUAWEI_WORKSPACE_ID": LOCAL.huawei_workspace_id, "HUAWEI_AUTH_TOKEN": LOCAL.huawei_auth_token}


def _session(timeout: float = 5.0, **options: object) -> GuardedSession:
    return GuardedSession(timeout=timeout, allow_unsafe_methods=False, **options)  # type: ignore[arg-type]


def _one_line_exit_2(run: SuiteRun, *needles: str) -> str:
    output = run.stdout + run.stderr
    assert run.returncode == 2, output[-3000:]
    assert "Traceback" not in output and "INTERNALERROR" not in output
    lines = [line for line in output.splitlines() if "contract suite:" in line]
    assert len(lines) == 1, output[-3000:]
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


# --- row 4: redirects --------------------------------------------------------------------------------

SIGNERS = {
    "huawei-token": HuaweiTokenAuth("token-that-must-stay-home-0123"),
    "huawei-aksk": HuaweiAkSkAuth("AKREDIRECT000001", "sk-that-must-stay-home-0123"),
    "acs3": Acs3Auth("LTAIredirect0001", "acs-secret-that-must-stay-home", "ListServices", "2021-07-01"),
    "zstack": ZStackSessionAuth("0123456789abcdef0123456789abcdef"),
}


@pytest.mark.parametrize("kind", SIGNERS)
def test_credentials_never_follow_a_redirect_to_another_host(kind: str) -> None:
    elsewhere = RequestLog()
    with (
        running(logged(always_rate_limited(0), elsewhere)) as other,
        running(redirect_to(other)) as target,
    ):
        response = _session().get(target + "/v1/workspaces/ws/endpoints", auth=SIGNERS[kind])
    assert response.status_code == 302  # the answer under test, not followed
    assert elsewhere.entries == []  # nothing, signed or unsigned, reached the other host


def test_a_redirecting_target_stops_the_run_with_one_line(tmp_path: Path) -> None:
    elsewhere = RequestLog()
    with (
        running(logged(always_rate_limited(0), elsewhere)) as other,
        running(redirect_to(other)) as target,
    ):
        run = run_suite({**SMALL_RUN, **TOKEN_ENV, "TARGET": target, "APIS": "huawei-endpoints"}, tmp_path)
    _one_line_exit_2(run, "redirecting to", "does not follow redirects")
    assert elsewhere.entries == []


# --- row 5: a credential with a control character ----------------------------------------------------


@pytest.mark.parametrize(
    "variable", ["HUAWEI_AUTH_TOKEN", "ZSTACK_SESSION_UUID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"]
)
def test_a_credential_with_a_newline_is_a_configuration_error(variable: str) -> None:
    secret = "visible-part-0123\ninjected: header"
    environ = {
        "TARGET": "http://127.0.0.1:9",
        "HUAWEI_WORKSPACE_ID": "ws-1",
        "HA3_INSTANCE_ID": "ha-1",
        "HUAWEI_AUTH_TOKEN": "t0123456",
        "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI0123",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "s0123456",
        "ZSTACK_SESSION_UUID": "u0123456",
        variable: secret,
    }
    with pytest.raises(TargetError) as info:
        resolve_target(environ, all_specs())
    message = str(info.value)
    assert variable in message and "control character" in message
    assert "visible-part" not in message and "\n" not in message


def test_a_credential_with_a_newline_exits_2_without_showing_it(tmp_path: Path) -> None:
    env = {**SMALL_RUN, **TOKEN_ENV, "TARGET": "http://127.0.0.1:9", "APIS": "huawei-endpoints"}
    env["HUAWEI_AUTH_TOKEN"] = "secret-token-part-0123\nX-Injected: 1"
    run = run_suite(env, tmp_path, timeout=60)
    _one_line_exit_2(run, "HUAWEI_AUTH_TOKEN", "control character")
    assert "secret-token-part" not in run.stdout + run.stderr


# --- row 6: the Retry-After budget is per run --------------------------------------------------------


def test_the_retry_budget_holds_for_the_whole_run(tmp_path: Path) -> None:
    log = RequestLog()
    with running(logged(always_rate_limited(1), log)) as target:
        env = {
            **SMALL_RUN,
            **TOKEN_ENV,
            "TARGET": target,
            "APIS": "huawei-endpoints,huawei-service-instances",
        }
        run = run_suite({**env, "RETRY_AFTER_MAX_WAIT": "2"}, tmp_path, timeout=120)
    _one_line_exit_2(run, "the target rate-limits", "RETRY_AFTER_MAX_WAIT=2")
    assert len(log.entries) == 3  # the first try and the two 1 s waits the budget covers, nothing after


def test_a_spent_budget_mid_run_stops_the_run_with_one_line(tmp_path: Path) -> None:
    log = RequestLog()
    with running(logged(rate_limited_after(5, create_app(LOCAL)), log)) as target:
        env = {**SMALL_RUN, **TOKEN_ENV, "TARGET": target, "APIS": "huawei-endpoints"}
        run = run_suite({**env, "RETRY_AFTER_MAX_WAIT": "1"}, tmp_path, timeout=120)
    assert run.returncode == 2, run.stdout[-3000:]  # pytest's code for an interrupted run
    stops = [
        line
        for line in run.stdout.splitlines()
        if "Interrupted: contract suite: the target rate-limits" in line
    ]
    assert len(stops) == 1, run.stdout[-3000:]
    assert "RETRY_AFTER_MAX_WAIT=1 s" in stops[0]
    assert run.stdout.count("failed") <= 2  # one failing test, then the stop; not a page of failures


# --- row 7: REQUEST_TIMEOUT is a deadline for the whole request --------------------------------------


def test_request_timeout_is_a_deadline_for_the_whole_request() -> None:
    with running(trickle(length=30, interval=0.5)) as target:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded, match=r"no complete answer .* within 1.5 s \(REQUEST_TIMEOUT\)"):
            _session(timeout=1.5).get(target + "/slow")
        elapsed = time.monotonic() - started
    # Bounded by the deadline (plus slack for a loaded machine), not by 30 reads of 0.5 s each.
    assert elapsed < 10


def test_the_deadline_also_covers_trickling_headers() -> None:
    with trickling_headers(interval=0.5, length=60) as target:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            _session(timeout=1.5).get(target + "/slow-headers")
        assert time.monotonic() - started < 10  # not the 30 s the headers would take


def test_a_trickling_target_ends_the_run_within_its_deadline(tmp_path: Path) -> None:
    with running(trickle(length=60, interval=1.0)) as target:
        env = {**SMALL_RUN, **TOKEN_ENV, "TARGET": target, "APIS": "huawei-endpoints", "REQUEST_TIMEOUT": "2"}
        run = run_suite(env, tmp_path, timeout=60)
    _one_line_exit_2(run, "no complete answer within 2 s")


# --- the memory bound: a body beyond the cap is refused while it is read -----------------------------


def test_a_huge_body_is_refused_at_the_cap() -> None:
    assert MAX_BODY_BYTES == 32 * 1024 * 1024  # the documented cap (docs/promises.md)
    cap = 2 * 1024 * 1024
    with running(huge_body(cap)) as target:
        assert len(_session(max_body_bytes=cap).get(target + "/at-the-cap").content) == cap
    # Refused while reading: at most the cap and one chunk are ever held, not the 60 MiB.
    with (
        running(huge_body(30 * cap)) as target,
        pytest.raises(ResponseTooLarge, match="exceeds 2 MiB, the most the suite reads"),
    ):
        _session(max_body_bytes=cap).get(target + "/huge")


# --- row 8: path ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["..", ".", "a/b", "../../v1", "%2e%2e", "ws?x=1", "ws#x", "a b"])
def test_path_ids_must_be_one_plain_segment(value: str) -> None:
    environ = {
        **TOKEN_ENV,
        "TARGET": "http://127.0.0.1:9",
        "APIS": "huawei-endpoints",
        "HUAWEI_WORKSPACE_ID": value,
    }
    with pytest.raises(TargetError, match="HUAWEI_WORKSPACE_ID must be one path segment"):
        resolve_target(environ, all_specs())


def test_a_dot_dot_path_id_sends_no_request(tmp_path: Path) -> None:
    log = RequestLog()
    with running(logged(always_rate_limited(0), log)) as target:
        env = {
            **SMALL_RUN,
            **TOKEN_ENV,
            "TARGET": target,
            "APIS": "huawei-endpoints",
            "HUAWEI_WORKSPACE_ID": "..",
        }
        run = run_suite(env, tmp_path, timeout=60)
    _one_line_exit_2(run, "HUAWEI_WORKSPACE_ID")
    assert log.entries == []


# --- row 10: unknown TARGET_FILE keys ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('base_url = "http://127.0.0.1:9"\nrequest_timeout = 5\n', "request_timeout"),
        ('base_url = "http://127.0.0.1:9"\nretries = 3\n', "retries"),
        ('base_url = "http://127.0.0.1:9"\n[values]\nrequest_timeout = 5\n', "request_timeout"),
        ('base_url = "http://127.0.0.1:9"\n[api.huawei-endpoints]\ntimeout = 5\n', "timeout"),
    ],
)
def test_unknown_target_file_keys_are_refused(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "target.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetError, match=f"unknown key `{key}`.*known: ") as info:
        resolve_target({**TOKEN_ENV, "TARGET_FILE": str(path), "APIS": "huawei-endpoints"}, all_specs())
    if "[" not in text:
        assert "base_url, apis, values, api" in str(info.value)


def test_unknown_target_file_keys_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "target.toml"
    path.write_text('base_url = "http://127.0.0.1:9"\nrequest_timeout = 5\n', encoding="utf-8")
    run = run_suite(
        {**SMALL_RUN, **TOKEN_ENV, "TARGET_FILE": str(path), "APIS": "huawei-endpoints"}, tmp_path
    )
    _one_line_exit_2(run, "unknown key `request_timeout`", "known: base_url, apis, values, api")


# --- row 11: $refs resolve when a spec is loaded ---------------------------------------------------------


def _spec_with_ref(tmp_path: Path, ref: str) -> Path:
    source = all_specs()["huawei-endpoints"].path.read_text(encoding="utf-8")
    path = tmp_path / "huawei-endpoints.yaml"
    path.write_text(source + f"\nx-extra:\n  broken:\n    $ref: '{ref}'\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("#/components/schemas/NoSuchSchema", "points to nothing"),
        ("../outside.yaml#/components/schemas/X", "is not local"),
        ("/etc/hostname", "is not local"),
    ],
)
def test_a_bad_ref_is_one_line_at_load(tmp_path: Path, ref: str, expected: str) -> None:
    with pytest.raises(SpecError) as info:
        load_spec(_spec_with_ref(tmp_path, ref))
    assert expected in str(info.value) and "\n" not in str(info.value)


# --- row 13: schemathesis' own probes take the guarded path ------------------------------------------------


def test_probes_without_a_session_use_the_guarded_session() -> None:
    import schemathesis

    spec = all_specs()["huawei-endpoints"]
    session = _session()
    schema = guard_probes(schemathesis.openapi.from_path(spec.path), session)
    assert isinstance(schema.transport, GuardedTransport) and schema.transport.session is session
    operation = next(iter(schema.get_all_operations())).ok()
    assert operation.schema.transport is schema.transport  # what send_probe uses


# --- whole-suite runs: control characters, probes under rate limiting, reproducibility --------------------


@pytest.mark.slow
def test_control_characters_from_the_target_are_escaped(tmp_path: Path) -> None:
    # Only authenticated requests get the payload, so schemathesis' auth probes get real 401s and the
    # first property failure is the 500 itself, whose body (the payload) it prints.
    token = TOKEN_ENV["HUAWEI_AUTH_TOKEN"]
    app = escape_sequences(
        create_app(LOCAL), only_when=lambda environ: environ.get("HTTP_X_AUTH_TOKEN") == token
    )
    with running(app) as target:
        run = run_suite({**SMALL_RUN, **TOKEN_ENV, "TARGET": target, "APIS": "huawei-endpoints"}, tmp_path)
    assert run.returncode == 1, run.stdout[-3000:]
    assert "\\x1b" in run.stdout  # the payload was printed, escaped
    for where, data in run.everything().items():
        assert b"\x1b" not in data and b"\xc2\x9b" not in data and b"\x07" not in data, where


@pytest.mark.slow
def test_probes_are_retried_like_every_request(tmp_path: Path) -> None:
    """A conformant provider that rate-limits every 3rd request (Retry-After: 0) passes."""
    app = rate_limit_every(3, create_app(LOCAL))
    with running(app) as target:
        run = run_suite({**SMALL_RUN, **TOKEN_ENV, "TARGET": target, "APIS": "huawei-endpoints"}, tmp_path)
    assert run.returncode == 0, run.stdout[-4000:]


def _requests_of_a_run(tmp_path: Path, name: str, concurrency: int) -> list[tuple[str, str]]:
    log = RequestLog()
    with running(logged(create_app(LOCAL), log)) as target:
        env = {
            **SMALL_RUN,
            "CONCURRENCY": str(concurrency),
            **TOKEN_ENV,
            "TARGET": target,
            "APIS": "huawei-endpoints,opensearch-ha3-models",
            "HA3_INSTANCE_ID": LOCAL.ha3_instance_id,
            "ALIBABA_CLOUD_ACCESS_KEY_ID": LOCAL.alibaba_cloud_access_key_id,
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": LOCAL.alibaba_cloud_access_key_secret,
        }
        reports = tmp_path / name
        reports.mkdir()
        run = run_suite(env, reports)
    assert run.returncode == 0, run.stdout[-3000:]
    return [(method, path) for method, path, _ in log.entries]


@pytest.mark.slow
def test_the_same_seed_sends_the_same_requests(tmp_path: Path) -> None:
    """In the same order one at a time; concurrent pages of a walk may arrive in another order."""
    first = _requests_of_a_run(tmp_path, "first", concurrency=1)
    second = _requests_of_a_run(tmp_path, "second", concurrency=1)
    concurrent = _requests_of_a_run(tmp_path, "concurrent", concurrency=4)
    assert any("contracttest-unknown-" in path for _, path in first)  # the seeded unknown id was sent
    assert first == second
    assert sorted(concurrent) == sorted(first)
