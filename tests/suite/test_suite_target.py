"""contract_tests.config.target: resolving the run's target from the environment and TARGET_FILE."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from pinned import pinned_specs

from contract_tests.config.target import (
    ApiTarget,
    RateLimit,
    RunSettings,
    TargetConfig,
    TargetError,
    is_loopback_url,
    load_local_defaults,
    parse_flag,
    resolve_target,
    run_settings,
    select_apis,
    with_base_url,
)
from contract_tests.model.specs import ApiSpec

SPECS: Mapping[str, ApiSpec] = pinned_specs()
LOCAL = load_local_defaults()
# Every value some spec needs, all set: a complete live environment.
FULL_ENV = {
    "HUAWEI_WORKSPACE_ID": "ws-live",
    "HUAWEI_AUTH_TOKEN": "tok-live",
    "HA3_INSTANCE_ID": "ha-live",
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "ak-live",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "sk-live",
    "ZSTACK_SESSION_UUID": "zs-live",
}


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "target.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _error(environ: Mapping[str, str]) -> str:
    with pytest.raises(TargetError) as info:
        resolve_target(environ, SPECS)
    message = str(info.value)
    assert "\n" not in message, message
    return message


def test_target_only() -> None:
    config = resolve_target({**FULL_ENV, "TARGET": "https://api.example.com/"}, SPECS)
    assert not config.embedded and config.source == "TARGET"
    assert config.apis == tuple(SPECS)
    for key in SPECS:
        target = config.for_api(key)
        assert target.base_url == "https://api.example.com"  # trailing slash dropped
        assert target.values["HUAWEI_WORKSPACE_ID"] == "ws-live"
        assert not target.is_loopback


def test_target_file_values_sections_and_interpolation(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        """
base_url = "https://default.example.com"

[values]
HUAWEI_WORKSPACE_ID = "${WS}"
HUAWEI_AUTH_TOKEN = "file-token"
ZSTACK_SESSION_UUID = "prefix-${ZS}-suffix"

[api.huawei-endpoints]
base_url = "https://${HOST}/"
HUAWEI_AUTH_TOKEN = "section-token"

[api.zstack-model-services]
""",
    )
    environ = {
        "TARGET_FILE": path,
        "WS": "ws-from-env",
        "ZS": "abc",
        "HOST": "ep.example.com",
        "HUAWEI_AUTH_TOKEN": "env-token",
        "HUAWEI_WORKSPACE_ID": "env-ws",
        "APIS": "huawei-endpoints,huawei-service-instances,zstack-model-services",
    }
    config = resolve_target(environ, SPECS)
    assert config.source == path and not config.embedded
    endpoints = config.for_api("huawei-endpoints")
    assert endpoints.base_url == "https://ep.example.com"
    assert endpoints.values["HUAWEI_AUTH_TOKEN"] == "section-token"  # section > [values] > environment
    assert endpoints.values["HUAWEI_WORKSPACE_ID"] == "ws-from-env"  # [values] > environment
    instances = config.for_api("huawei-service-instances")
    assert instances.base_url == "https://default.example.com"
    assert instances.values["HUAWEI_AUTH_TOKEN"] == "file-token"
    assert config.for_api("zstack-model-services").values["ZSTACK_SESSION_UUID"] == "prefix-abc-suffix"


def test_environment_fills_what_the_file_leaves_out(tmp_path: Path) -> None:
    path = _file(tmp_path, 'base_url = "http://10.1.2.3:8080"\n')
    config = resolve_target({**FULL_ENV, "TARGET_FILE": path, "APIS": "zstack-model-services"}, SPECS)
    target = config.for_api("zstack-model-services")
    assert target.base_url == "http://10.1.2.3:8080"
    assert target.values["ZSTACK_SESSION_UUID"] == "zs-live"


def test_target_overrides_the_file_base_url(tmp_path: Path) -> None:
    path = _file(tmp_path, 'base_url = "https://file.example.com"\n')
    config = resolve_target({**FULL_ENV, "TARGET_FILE": path, "TARGET": "https://env.example.com"}, SPECS)
    assert {t.base_url for t in config.targets.values()} == {"https://env.example.com"}


def test_shipped_example_target_file_resolves() -> None:
    example = Path(__file__).resolve().parents[2] / "targets" / "staging.example.toml"
    environ = {
        **FULL_ENV,
        "TARGET_FILE": str(example),
        "PAI_ACCESS_KEY_ID": "a",
        "PAI_ACCESS_KEY_SECRET": "b",
    }
    config = resolve_target(environ, SPECS)
    assert config.apis == ("huawei-service-instances", "huawei-endpoints", "pai-eas-services")


def test_a_section_does_not_deselect_other_apis(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        'base_url = "https://x.example.com"\n[api.pai-eas-services]\nbase_url = "https://p.example.com"\n',
    )
    config = resolve_target({**FULL_ENV, "TARGET_FILE": path}, SPECS)
    assert config.apis == tuple(SPECS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, tuple(SPECS)),
        ("", tuple(SPECS)),
        ("pai-eas-services", ("pai-eas-services",)),
        (
            " zstack-model-services , pai-eas-services,zstack-model-services ",
            ("zstack-model-services", "pai-eas-services"),
        ),
        (["huawei-endpoints"], ("huawei-endpoints",)),
    ],
)
def test_select_apis(raw: str | list[str] | None, expected: tuple[str, ...]) -> None:
    assert select_apis(raw, SPECS) == expected


def test_select_unknown_api() -> None:
    with pytest.raises(TargetError, match="APIS names unknown API 'nope'; known: huawei-endpoints, "):
        select_apis("pai-eas-services,nope", SPECS)


def test_apis_restricts_the_checked_values() -> None:
    # Only ZStack selected: no Huawei workspace id or Alibaba keys needed.
    config = resolve_target(
        {"TARGET": "https://z.example.com", "APIS": "zstack-model-services", "ZSTACK_SESSION_UUID": "u"},
        SPECS,
    )
    assert config.apis == ("zstack-model-services",) and set(config.targets) == {"zstack-model-services"}


def test_embedded_defaults_and_overrides() -> None:
    config = resolve_target({"HUAWEI_WORKSPACE_ID": "ws-override", "lowercase_ignored": "x"}, SPECS)
    assert config.embedded and config.source == "embedded reference provider"
    values = config.for_api("huawei-endpoints").values
    assert values["HUAWEI_WORKSPACE_ID"] == "ws-override"
    assert values["HUAWEI_AUTH_TOKEN"] == LOCAL["HUAWEI_AUTH_TOKEN"]
    assert "lowercase_ignored" not in values
    assert (
        config.for_api("zstack-model-services").values["ZSTACK_SESSION_UUID"] == LOCAL["ZSTACK_SESSION_UUID"]
    )
    assert config.for_api("pai-eas-services").is_loopback
    moved = with_base_url(config, "http://127.0.0.1:4321")
    assert {t.base_url for t in moved.targets.values()} == {"http://127.0.0.1:4321"}
    assert moved.for_api("huawei-endpoints").values["HUAWEI_WORKSPACE_ID"] == "ws-override"


def test_local_defaults_cover_every_credential_and_path_variable() -> None:
    needed = {v for spec in SPECS.values() for v in spec.path_parameters().values() if v}
    needed |= {v for spec in SPECS.values() for s in spec.security_schemes for v in s.credential_vars}
    assert needed <= set(LOCAL)


def _without(*names: str) -> dict[str, str]:
    return {k: v for k, v in FULL_ENV.items() if k not in names}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {**_without("HUAWEI_WORKSPACE_ID"), "TARGET": "https://x.example.com"},
            "huawei-endpoints needs HUAWEI_WORKSPACE_ID (the `workspace_id` path value)",
        ),
        (
            {**_without("HA3_INSTANCE_ID"), "TARGET": "https://x.example.com"},
            "opensearch-ha3-models needs HA3_INSTANCE_ID (the `instanceId` path value)",
        ),
        (
            {**_without("HUAWEI_AUTH_TOKEN"), "TARGET": "https://x.example.com"},
            "huawei-endpoints needs credentials: HUAWEI_AUTH_TOKEN is not set "
            "(accepted: HUAWEI_AUTH_TOKEN or HUAWEICLOUD_SDK_AK+HUAWEICLOUD_SDK_SK)",
        ),
        (
            {**_without("HUAWEI_AUTH_TOKEN"), "HUAWEICLOUD_SDK_AK": "ak", "TARGET": "https://x.example.com"},
            "huawei-endpoints needs credentials: HUAWEI_AUTH_TOKEN is not set",
        ),
        (
            {**_without("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), "TARGET": "https://x.example.com"},
            "opensearch-ha3-models needs credentials: ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set",
        ),
        (
            {**_without("ZSTACK_SESSION_UUID"), "ZSTACK_SESSION_UUID": "", "TARGET": "https://x.example.com"},
            "zstack-model-services needs credentials: ZSTACK_SESSION_UUID is not set",
        ),
        (
            {**FULL_ENV, "TARGET": "ftp://x.example.com"},
            "TARGET must be an http(s) URL with a host, got 'ftp://x",
        ),
        ({**FULL_ENV, "TARGET": "x.example.com"}, "TARGET must be an http(s) URL with a host"),
        ({**FULL_ENV, "TARGET": "http://"}, "TARGET must be an http(s) URL with a host"),
        (
            {**FULL_ENV, "TARGET": "http://x.example.com:80a"},
            "TARGET has an invalid port: 'http://x.example.com:80a'",
        ),
        ({**FULL_ENV, "TARGET": "http://x.example.com:70000"}, "TARGET has an invalid port"),
        (
            {**FULL_ENV, "TARGET_FILE": "/nonexistent/target.toml"},
            "TARGET_FILE /nonexistent/target.toml does not exist",
        ),
        ({**FULL_ENV, "TARGET": "https://x.example.com", "APIS": "nope"}, "APIS names unknown API 'nope'"),
    ],
)
def test_one_line_errors(environ: dict[str, str], expected: str) -> None:
    assert expected in _error(environ)


def test_huawei_accepts_ak_sk_instead_of_token() -> None:
    environ = {**_without("HUAWEI_AUTH_TOKEN"), "HUAWEICLOUD_SDK_AK": "ak", "HUAWEICLOUD_SDK_SK": "sk"}
    config = resolve_target({**environ, "TARGET": "https://x.example.com"}, SPECS)
    assert config.for_api("huawei-endpoints").values["HUAWEICLOUD_SDK_SK"] == "sk"


def test_embedded_missing_value_still_checked() -> None:
    # An explicitly emptied variable overrides the local default and is reported.
    assert "pai-eas-services needs credentials: ALIBABA_CLOUD_ACCESS_KEY_ID" in _error(
        {"ALIBABA_CLOUD_ACCESS_KEY_ID": "", "APIS": "pai-eas-services"}
    )


def test_file_errors(tmp_path: Path) -> None:
    bad = _file(tmp_path, "base_url = [unclosed\n")
    assert f"TARGET_FILE {bad} is not valid TOML" in _error({**FULL_ENV, "TARGET_FILE": bad})
    unset = _file(
        tmp_path, 'base_url = "https://x.example.com"\n[values]\nHUAWEI_AUTH_TOKEN = "${UNSET_SECRET}"\n'
    )
    message = _error({**FULL_ENV, "TARGET_FILE": unset})
    expected = f"{unset} [values].HUAWEI_AUTH_TOKEN refers to ${{UNSET_SECRET}}, which is not set"
    assert message == expected + " in the environment"
    section = _file(tmp_path, '[api.zstack-model-services]\nbase_url = "https://${NO_HOST}"\n')
    message = _error({**FULL_ENV, "TARGET_FILE": section, "APIS": "zstack-model-services"})
    assert "[api.zstack-model-services].base_url refers to ${NO_HOST}" in message
    no_url = _file(tmp_path, "[values]\n")
    assert "has no base URL: set TARGET or base_url in" in _error({**FULL_ENV, "TARGET_FILE": no_url})
    bad_scheme = _file(tmp_path, '[api.zstack-model-services]\nbase_url = "file:///etc"\n')
    message = _error({**FULL_ENV, "TARGET_FILE": bad_scheme, "APIS": "zstack-model-services"})
    assert message.startswith(f"{bad_scheme} [api.zstack-model-services].base_url must be an http(s) URL")


def test_target_file_is_a_directory(tmp_path: Path) -> None:
    assert f"TARGET_FILE {tmp_path} cannot be read" in _error({**FULL_ENV, "TARGET_FILE": str(tmp_path)})


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, RunSettings()),
        (
            {"MAX_EXAMPLES": "7", "SEED": "-3", "REQUEST_TIMEOUT": "2.5", "ALLOW_UNSAFE_METHODS": "Yes"},
            RunSettings(request_timeout=2.5, max_examples=7, seed=-3, allow_unsafe_methods=True),
        ),
        ({"MAX_EXAMPLES": "", "SEED": "", "ALLOW_UNSAFE_METHODS": "0"}, RunSettings()),
        ({"RETRY_AFTER_MAX_WAIT": "0"}, RunSettings(retry_after_max_wait=0.0)),
        (
            {"MAX_REQUESTS": "300", "CONCURRENCY": "1", "RATE_LIMIT": " 10 / s "},
            RunSettings(max_requests=300, concurrency=1, rate_limit=RateLimit(10, 1.0, "10/s")),
        ),
        ({"RATE_LIMIT": "300/m"}, RunSettings(rate_limit=RateLimit(300, 60.0, "300/m"))),
        ({"RATE_LIMIT": ""}, RunSettings()),
        ({"MODEL_EXAMPLES": "40"}, RunSettings(model_examples=40)),
        ({"MODEL_EXAMPLES": "0"}, RunSettings(model_examples=0)),
    ],
)
def test_run_settings(environ: dict[str, str], expected: RunSettings) -> None:
    assert run_settings(environ) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"MAX_EXAMPLES": "many"}, "MAX_EXAMPLES must be a number, got 'many'"),
        ({"MAX_EXAMPLES": "2.5"}, "MAX_EXAMPLES must be a number, got '2.5'"),
        ({"MAX_EXAMPLES": "-1"}, "MAX_EXAMPLES must be a positive number, got '-1'"),
        ({"SEED": "0x1z"}, "SEED must be an integer, got '0x1z'"),
        ({"REQUEST_TIMEOUT": "soon"}, "REQUEST_TIMEOUT must be a number, got 'soon'"),
        ({"REQUEST_TIMEOUT": "-1"}, "REQUEST_TIMEOUT must be a positive number, got '-1'"),
        (
            {"RETRY_AFTER_MAX_WAIT": "-0.5"},
            "RETRY_AFTER_MAX_WAIT must be zero or a positive number, got '-0.5'",
        ),
        ({"MAX_REQUESTS": "0"}, "MAX_REQUESTS must be a positive number, got '0'"),
        ({"MODEL_EXAMPLES": "-2"}, "MODEL_EXAMPLES must be zero or a positive number, got '-2'"),
        ({"CONCURRENCY": "64"}, "CONCURRENCY must be at most 32, got 64"),
        (
            {"RATE_LIMIT": "10 per second"},
            "RATE_LIMIT must look like 10/s, 300/m, 5000/h or 100000/d (N >= 1), got '10 per second'",
        ),
        (
            {"RATE_LIMIT": "0/s"},
            "RATE_LIMIT must look like 10/s, 300/m, 5000/h or 100000/d (N >= 1), got '0/s'",
        ),
    ],
)
def test_run_settings_errors(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(TargetError) as info:
        run_settings(environ)
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("name", "value"), [("REQUEST_TIMEOUT", "0"), ("REQUEST_TIMEOUT", "nan"), ("MAX_EXAMPLES", "0")]
)
def test_run_settings_rejects_unusable_values(name: str, value: str) -> None:
    with pytest.raises(TargetError, match=name):
        run_settings({name: value})


@pytest.mark.parametrize("name", ["STRICT", "ALLOW_UNSAFE_METHODS", "FAIL_FAST"])
def test_every_flag_reads_the_same_words(name: str) -> None:
    """Issue 22: STRICT=on was silently ignored (STRICT had a parser of its own, without `on`)."""
    field = name.lower()
    for word in ("1", "true", "yes", "on", "ON", " True "):
        assert parse_flag({name: word}, name) is True
        assert getattr(run_settings({name: word}), field) is True
    for word in ("0", "false", "no", "off", "OFF", "", "  "):
        assert parse_flag({name: word}, name) is False
        assert getattr(run_settings({name: word}), field) is False
    assert getattr(run_settings({}), field) is False


@pytest.mark.parametrize("value", ["2", "enabled", "y", "onn"])
def test_a_flag_that_is_neither_on_nor_off_is_one_line(value: str) -> None:
    with pytest.raises(TargetError) as info:
        run_settings({"STRICT": value})
    assert str(info.value) == (
        f"STRICT must be one of 1/true/yes/on (on) or 0/false/no/off/empty (off), got {value!r}"
    )


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://127.8.9.1", True),
        ("http://localhost:1/x", True),
        ("http://LOCALHOST", True),
        ("http://[::1]:9000/", True),
        ("http://10.0.0.1", False),
        ("https://example.com", False),
        ("http://127.0.0.1.example.com", False),
        ("not a url", False),
    ],
)
def test_is_loopback_url(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


@pytest.mark.parametrize(
    ("url", "allow", "expected"),
    [
        ("http://127.0.0.1:1", False, True),
        ("https://prod.example.com", False, False),
        ("https://prod.example.com", True, True),
    ],
)
def test_unsafe_methods_allowed(url: str, allow: bool, expected: bool) -> None:
    config = TargetConfig(
        embedded=False,
        apis=("a",),
        targets={"a": ApiTarget("a", url, {})},
        settings=RunSettings(allow_unsafe_methods=allow),
    )
    assert config.unsafe_methods_allowed("a") is expected


def test_a_file_value_that_shadows_the_environment_is_named(tmp_path: Path) -> None:
    path = _file(tmp_path, 'base_url = "http://10.1.2.3:8080"\n[values]\nZSTACK_SESSION_UUID = "zs-file"\n')
    config = resolve_target({**FULL_ENV, "TARGET_FILE": path, "APIS": "zstack-model-services"}, SPECS)
    assert config.for_api("zstack-model-services").values["ZSTACK_SESSION_UUID"] == "zs-file"
    assert config.shadowed == ("ZSTACK_SESSION_UUID",)


def test_every_missing_variable_is_named_in_one_line() -> None:
    environ = {"TARGET": "https://x.example.com", "APIS": "huawei-endpoints,zstack-model-services"}
    message = _error(environ)
    assert "\n" not in message
    assert "huawei-endpoints needs HUAWEI_WORKSPACE_ID (the `workspace_id` path value)" in message
    assert "huawei-endpoints needs credentials: HUAWEI_AUTH_TOKEN is not set" in message
    assert message.endswith(
        "zstack-model-services needs credentials: ZSTACK_SESSION_UUID is not set "
        "(accepted: ZSTACK_SESSION_UUID); set them in the environment"
    )
