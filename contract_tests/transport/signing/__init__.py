"""Client-side request auth for every x-auth-kind; signs the final prepared request.

Each signer is a `requests.auth.AuthBase`, so it also signs schemathesis-generated requests sent
through a session. Signatures use the providers' own SDK code (huaweicloudsdkcore's Signer,
alibabacloud_tea_openapi's ACS3 helpers); the reference provider verifies them independently.
"""

from contract_tests.transport.signing.acs3 import Acs3Auth
from contract_tests.transport.signing.factory import (
    AUTH_KINDS,
    MissingCredential,
    auth_for,
    declared_variables,
)
from contract_tests.transport.signing.huawei import HuaweiAkSkAuth, HuaweiTokenAuth
from contract_tests.transport.signing.redaction import (
    REDACTED,
    SECRET_HEADERS,
    is_secret_header,
    redact_headers,
)
from contract_tests.transport.signing.zstack import ZStackSessionAuth

__all__ = [
    "AUTH_KINDS",
    "REDACTED",
    "SECRET_HEADERS",
    "Acs3Auth",
    "HuaweiAkSkAuth",
    "HuaweiTokenAuth",
    "MissingCredential",
    "ZStackSessionAuth",
    "auth_for",
    "declared_variables",
    "is_secret_header",
    "redact_headers",
]
