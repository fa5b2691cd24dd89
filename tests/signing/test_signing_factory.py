"""auth_for picks the signer by x-auth-kind and names the missing variable in one line."""

from __future__ import annotations

import pytest
import requests

from contract_tests.model.specs import SecurityScheme
from contract_tests.transport.signing import (
    AUTH_KINDS,
    Acs3Auth,
    HuaweiAkSkAuth,
    HuaweiTokenAuth,
    MissingCredential,
    ZStackSessionAuth,
    auth_for,
    declared_variables,
)

CREDENTIALS = {
    "HUAWEI_AUTH_TOKEN": "token",
    "HUAWEICLOUD_SDK_AK": "AK",
    "HUAWEICLOUD_SDK_SK": "SK",
    "HUAWEI_PROJECT_ID": "project",
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret",
    "ZSTACK_SESSION_UUID": "uuid",
}


@pytest.mark.parametrize(
    ("kind", "expected_type", "header"),
    [
        ("huawei-token", HuaweiTokenAuth, "X-Auth-Token"),
        ("huawei-aksk", HuaweiAkSkAuth, "Authorization"),
        ("acs3-hmac-sha256", Acs3Auth, "Authorization"),
        ("zstack-oauth", ZStackSessionAuth, "Authorization"),
    ],
)
def test_kind_selects_signer(kind: str, expected_type: type, header: str) -> None:
    auth = auth_for(kind, CREDENTIALS, action="ListServices", version="2021-07-01")
    assert isinstance(auth, expected_type)
    prepared = requests.Request("GET", "http://127.0.0.1:1/x", auth=auth).prepare()
    assert header in prepared.headers


def test_project_id_is_optional_and_sent_when_set() -> None:
    with_project = auth_for("huawei-aksk", CREDENTIALS)
    without = auth_for("huawei-aksk", {**CREDENTIALS, "HUAWEI_PROJECT_ID": ""})
    assert (
        requests.Request("GET", "http://h/x", auth=with_project).prepare().headers["X-Project-Id"]
        == "project"
    )
    assert "X-Project-Id" not in requests.Request("GET", "http://h/x", auth=without).prepare().headers


@pytest.mark.parametrize(
    ("kind", "variable"), [(k, v) for k in sorted(AUTH_KINDS) for v in declared_variables(k)[0]]
)
@pytest.mark.parametrize("absent", ["removed", "empty"])
def test_missing_credential_names_the_variable(kind: str, variable: str, absent: str) -> None:
    credentials = dict(CREDENTIALS)
    if absent == "removed":
        del credentials[variable]
    else:
        credentials[variable] = ""
    with pytest.raises(MissingCredential) as raised:
        auth_for(kind, credentials, action="ListServices", version="2021-07-01")
    assert raised.value.variable_name == variable
    assert isinstance(raised.value, ValueError)
    message = str(raised.value)
    assert variable in message and "\n" not in message


def test_acs3_needs_action_and_version() -> None:
    with pytest.raises(ValueError, match="action"):
        auth_for("acs3-hmac-sha256", CREDENTIALS, version="2021-07-01")


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown x-auth-kind"):
        auth_for("basic", CREDENTIALS)


def test_every_signer_reads_the_variables_its_spec_scheme_declares() -> None:
    assert declared_variables("huawei-aksk") == (
        ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"),
        ("HUAWEI_PROJECT_ID",),
    )
    assert declared_variables("zstack-oauth") == (("ZSTACK_SESSION_UUID",), ())
    with pytest.raises(ValueError, match="no spec declares x-credential-vars for x-auth-kind 'basic'"):
        declared_variables("basic")


def test_a_scheme_given_names_its_own_variables() -> None:
    scheme = SecurityScheme("Token", "huawei-token", ("MY_TOKEN",), None)
    auth = auth_for("huawei-token", {"MY_TOKEN": "tok-1"}, scheme=scheme)
    assert isinstance(auth, HuaweiTokenAuth)
    with pytest.raises(MissingCredential, match="MY_TOKEN"):
        auth_for("huawei-token", {"HUAWEI_AUTH_TOKEN": "tok-1"}, scheme=scheme)
