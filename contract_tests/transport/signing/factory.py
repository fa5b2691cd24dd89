"""Pick the request auth for a spec's security scheme by its `x-auth-kind`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from requests.auth import AuthBase

from contract_tests.model.specs import SecurityScheme, all_specs, security_schemes_of
from contract_tests.transport.signing.acs3 import Acs3Auth
from contract_tests.transport.signing.huawei import HuaweiAkSkAuth, HuaweiTokenAuth
from contract_tests.transport.signing.zstack import ZStackSessionAuth

Builder = Callable[[Sequence[str], Sequence[str | None], str | None, str | None], AuthBase]

# Each x-auth-kind's signer, given its credentials in the order the spec's `x-credential-vars` names
# them (then the optional ones of `x-optional-credential-vars`, None when unset), action and version.
SIGNERS: Mapping[str, Builder] = {
    "huawei-token": lambda values, optional, action, version: HuaweiTokenAuth(values[0]),
    "huawei-aksk": lambda values, optional, action, version: HuaweiAkSkAuth(
        values[0], values[1], optional[0] if optional else None
    ),
    "acs3-hmac-sha256": lambda values, optional, action, version: _acs3(values, action, version),
    "zstack-oauth": lambda values, optional, action, version: ZStackSessionAuth(values[0]),
}
AUTH_KINDS = frozenset(SIGNERS)


def _acs3(values: Sequence[str], action: str | None, version: str | None) -> AuthBase:
    if not action or not version:
        raise ValueError("x-auth-kind acs3-hmac-sha256 needs the action (operationId) and x-acs-version")
    return Acs3Auth(values[0], values[1], action, version)


def declared_variables(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required, optional) credential variables of `kind`, as the specs' security schemes declare them."""
    for scheme in security_schemes_of(all_specs()):
        if scheme.kind == kind and scheme.credential_vars:
            return scheme.credential_vars, scheme.optional_credential_vars
    raise ValueError(f"no spec declares x-credential-vars for x-auth-kind {kind!r}")


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
    scheme: SecurityScheme | None = None,
    action: str | None = None,
    version: str | None = None,
) -> AuthBase:
    """Build the signer for `kind` from the credentials its spec scheme names (`scheme`, else the first
    scheme of that kind in the specs); `action`/`version`: the ACS3 operationId and `x-acs-version`
    (default: the scheme's)."""
    if kind not in SIGNERS:
        raise ValueError(f"unknown x-auth-kind {kind!r}; known: {', '.join(sorted(AUTH_KINDS))}")
    required, optional = (
        (scheme.credential_vars, scheme.optional_credential_vars) if scheme else declared_variables(kind)
    )
    if version is None and scheme is not None:
        version = scheme.acs_version
    values = [_required(credentials, name, kind) for name in required]
    return SIGNERS[kind](values, [credentials.get(name) or None for name in optional], action, version)


def _required(credentials: Mapping[str, str], name: str, kind: str) -> str:
    value = credentials.get(name)
    if not value:
        raise MissingCredential(name, kind)
    return value
