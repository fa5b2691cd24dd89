"""httpx auth for the generated clients, reusing the suite's signers (contract_tests.transport.signing).

openapi-python-client builds on httpx; the suite's signers are `requests` AuthBase objects that sign a final
PreparedRequest. `SignerAuth` hands them a PreparedRequest view of the final httpx.Request and copies every
header they set back, so the Huawei AK/SK and ACS3 signatures come from the same SDK code as the suite's.

    auth = auth_for_operation(spec, "ListServices", credentials())
    client = Client(base_url=url, httpx_args={"auth": auth})
"""

from __future__ import annotations

import os
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import Any

import requests

try:
    import httpx
except ImportError:  # httpx comes with the generators, the optional `codegen` extra
    raise ImportError(
        'contract_tests.codegen.auth needs httpx: pip install "listapi-contracts[codegen]"'
    ) from None
from requests.auth import AuthBase
from requests.structures import CaseInsensitiveDict

from contract_tests.config.target import LOCAL_DEFAULTS, load_local_defaults
from contract_tests.model.specs import all_specs, declared_credential_variables
from contract_tests.transport.signing import auth_for


class SignerAuth(httpx.Auth):
    """Runs a requests AuthBase over the final httpx request; URL, headers and body as they go on the wire."""

    requires_request_body = True  # the signers hash the body

    def __init__(self, signer: AuthBase) -> None:
        self.signer = signer

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        prepared = requests.PreparedRequest()
        prepared.method = request.method
        prepared.url = str(request.url)
        prepared.headers = CaseInsensitiveDict(request.headers.items())  # includes the Host httpx will send
        prepared.body = request.content or None
        signed = self.signer(prepared)
        for name, value in signed.headers.items():
            request.headers[name] = value.decode("latin-1") if isinstance(value, bytes) else value
        yield request

    def __repr__(self) -> str:
        return f"SignerAuth({self.signer!r})"


def credentials(
    target_file: Path = LOCAL_DEFAULTS, environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The local target's [values], each overridable by the environment variable of the same name."""
    values = load_local_defaults(target_file)
    environ = os.environ if environ is None else environ
    names = set(values).union(declared_credential_variables(all_specs()))
    values.update({name: environ[name] for name in names if environ.get(name)})
    return values


def security_kinds(spec: Mapping[str, Any], operation_id: str) -> list[str]:
    """x-auth-kind of each scheme the operation accepts, in the spec's order of preference."""
    operation = _operation(spec, operation_id)
    schemes = spec.get("components", {}).get("securitySchemes", {})
    requirements = operation.get("security", spec.get("security", []))
    return [schemes[name]["x-auth-kind"] for requirement in requirements for name in requirement]


def auth_for_operation(
    spec: Mapping[str, Any], operation_id: str, values: Mapping[str, str], kind: str | None = None
) -> httpx.Auth:
    """httpx auth for one operation: the first scheme it accepts, or the one whose x-auth-kind is `kind`."""
    kinds = security_kinds(spec, operation_id)
    chosen = kind or (kinds[0] if kinds else None)
    if chosen is None or chosen not in kinds:
        raise ValueError(f"{operation_id} accepts x-auth-kind {kinds}, not {chosen!r}")
    schemes = spec.get("components", {}).get("securitySchemes", {}).values()
    version = next((s.get("x-acs-version") for s in schemes if s.get("x-auth-kind") == chosen), None)
    # ACS3 signs the action (the operationId) and the scheme's x-acs-version into every request.
    return SignerAuth(auth_for(chosen, values, action=operation_id, version=version))


def _operation(spec: Mapping[str, Any], operation_id: str) -> Mapping[str, Any]:
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(f"no operation {operation_id!r} in the spec")
