"""Pick the request auth for a spec's security scheme by its `x-auth-kind`."""

from __future__ import annotations

from collections.abc import Mapping

from requests.auth import AuthBase

from contract_tests.transport.signing.acs3 import Acs3Auth
from contract_tests.transport.signing.huawei import HuaweiAkSkAuth, HuaweiTokenAuth
from contract_tests.transport.signing.zstack import ZStackSessionAuth

# Environment variables (also the keys of targets/*.toml [values]) each kind reads, required first.
CREDENTIAL_VARS: Mapping[str, tuple[str, ...]] = {
    "huawei-token": ("HUAWEI_AUTH_TOKEN",),
    "huawei-aksk": ("HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"),
    "acs3-hmac-sha256": ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    "zstack-oauth": ("ZSTACK_SESSION_UUID",),
}
OPTIONAL_CREDENTIAL_VARS: Mapping[str, tuple[str, ...]] = {"huawei-aksk": ("HUAWEI_PROJECT_ID",)}
AUTH_KINDS = frozenset(CREDENTIAL_VARS)


class MissingCredential(ValueError):
    """A credential the chosen auth kind needs is not set; str() is one line naming the variable."""

    def __init__(self, variable_name: str, kind: str | None = None) -> None:
        self.variable_name = variable_name
        self.kind = kind
        needed_by = f" (needed by x-auth-kind {kind})" if kind else ""
        super().__init__(f"missing credential: set the environment variable {variable_name}{needed_by}")


def auth_for(
    kind: str,
    credentials: Mapping[str, str],
    *,
    action: str | None = None,
    version: str | None = None,
) -> AuthBase:
    """Build the signer for `kind`; `action`/`version` are the ACS3 operationId and `x-acs-version`."""
    if kind not in CREDENTIAL_VARS:
        raise ValueError(f"unknown x-auth-kind {kind!r}; known: {', '.join(sorted(AUTH_KINDS))}")
    values = [_required(credentials, name, kind) for name in CREDENTIAL_VARS[kind]]
    if kind == "huawei-token":
        return HuaweiTokenAuth(values[0])
    if kind == "huawei-aksk":
        return HuaweiAkSkAuth(values[0], values[1], credentials.get("HUAWEI_PROJECT_ID") or None)
    if kind == "acs3-hmac-sha256":
        if not action or not version:
            raise ValueError("x-auth-kind acs3-hmac-sha256 needs the action (operationId) and x-acs-version")
        return Acs3Auth(values[0], values[1], action, version)
    return ZStackSessionAuth(values[0])


def _required(credentials: Mapping[str, str], name: str, kind: str) -> str:
    value = credentials.get(name)
    if not value:
        raise MissingCredential(name, kind)
    return value
