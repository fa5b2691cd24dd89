"""ZStack `Authorization: OAuth <session uuid>`: client header and server check."""

from __future__ import annotations

import pytest
import requests
from werkzeug.test import EnvironBuilder

from contract_tests.transport.signing import ZStackSessionAuth
from reference_provider.signature_checks import AuthFailure, verify_zstack

SESSION = "5f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99"
URL = "http://127.0.0.1:8080/zstack/v1/ai/model-services?q=name~=%25llm%25&limit=10"


def check(headers: dict[str, str]) -> AuthFailure | None:
    request = EnvironBuilder(method="GET", path="/zstack/v1/ai/model-services", headers=headers).get_request()
    return verify_zstack(request, session_uuid=SESSION)


def test_client_header_is_accepted() -> None:
    prepared = requests.Request("GET", URL, auth=ZStackSessionAuth(SESSION)).prepare()
    assert prepared.headers["Authorization"] == f"OAuth {SESSION}"
    assert check(dict(prepared.headers)) is None


@pytest.mark.parametrize(
    ("headers", "kind", "message_part"),
    [
        pytest.param({}, "missing", "missing header 'Authorization'", id="no-header"),
        pytest.param({"Authorization": f"Bearer {SESSION}"}, "missing", "must be 'OAuth'", id="other-scheme"),
        pytest.param({"Authorization": SESSION}, "missing", "must be 'OAuth'", id="no-scheme"),
        pytest.param(
            {"Authorization": "OAuth 00000000000000000000000000000000"}, "invalid", "", id="other-uuid"
        ),
        pytest.param({"Authorization": "OAuth"}, "invalid", "", id="empty-uuid"),
    ],
)
def test_rejections(headers: dict[str, str], kind: str, message_part: str) -> None:
    failure = check(headers)
    assert failure is not None
    assert failure.kind == kind
    assert message_part in failure.message
    assert SESSION not in failure.message
