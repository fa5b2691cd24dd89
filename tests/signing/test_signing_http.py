"""Signed requests survive a real HTTP hop on loopback (Host header, query and body encoding on the wire)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest
import requests
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from contract_tests.transport.signing import auth_for
from reference_provider.signature_checks import verify_acs3, verify_huawei, verify_zstack

CREDENTIALS = {
    "HUAWEI_AUTH_TOKEN": "local-huawei-token",
    "HUAWEICLOUD_SDK_AK": "LOCALHUAWEIAK0000001",
    "HUAWEICLOUD_SDK_SK": "local-huawei-sk",
    "HUAWEI_PROJECT_ID": "project-1",
    "ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAI5tLocal",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "local-alibaba-secret",
    "ZSTACK_SESSION_UUID": "5f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99",
}
AWKWARD_PARAMS = [
    ("name", "two words"),
    ("name", "中文+plus/slash"),
    ("Label", '{"key1":"value1","key2":null}'),
    ("q", "name~=%llm%"),
    ("empty", ""),
]


@Request.application
def echo_verdict(request: Request) -> Response:
    kind = request.path.split("/")[1]
    if kind == "huawei":
        failure = verify_huawei(
            request,
            token=CREDENTIALS["HUAWEI_AUTH_TOKEN"],
            ak=CREDENTIALS["HUAWEICLOUD_SDK_AK"],
            sk=CREDENTIALS["HUAWEICLOUD_SDK_SK"],
        )
    elif kind == "acs3":
        failure = verify_acs3(
            request,
            access_key_id=CREDENTIALS["ALIBABA_CLOUD_ACCESS_KEY_ID"],
            access_key_secret=CREDENTIALS["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
        )
    else:
        failure = verify_zstack(request, session_uuid=CREDENTIALS["ZSTACK_SESSION_UUID"])
    body = {
        "ok": failure is None,
        "failure": failure and failure.kind,
        "args": list(request.args.items(multi=True)),
    }
    return Response(json.dumps(body), status=200 if failure is None else 401, mimetype="application/json")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server: BaseWSGIServer = make_server("127.0.0.1", 0, echo_verdict, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [
        ("huawei-aksk", "huawei"),
        ("huawei-token", "huawei"),
        ("acs3-hmac-sha256", "acs3"),
        ("zstack-oauth", "zs"),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_signed_request_is_accepted_over_http(base_url: str, kind: str, prefix: str, method: str) -> None:
    auth = auth_for(kind, CREDENTIALS, action="ListServices", version="2021-07-01")
    with requests.Session() as session:
        session.trust_env = False  # loopback only, whatever proxy the environment names
        session.headers["User-Agent"] = "contract-suite/1"
        body = '{"filter": "é"}' if method == "POST" else None
        response = session.request(
            method,
            f"{base_url}/{prefix}/v1/ws 1/items",
            params=AWKWARD_PARAMS,
            data=body,
            headers={"Content-Type": "application/json"} if body else None,
            auth=auth,
            timeout=10,
        )
    assert response.status_code == 200, response.text
    assert [tuple(pair) for pair in response.json()["args"]] == AWKWARD_PARAMS


def test_prepared_then_sent_request_is_signed(base_url: str) -> None:
    """schemathesis-style: the session prepares (and so signs) the request, then sends it."""
    with requests.Session() as session:
        session.trust_env = False
        session.auth = auth_for("acs3-hmac-sha256", CREDENTIALS, action="ListModels", version="2021-10-25")
        prepared = session.prepare_request(requests.Request("GET", f"{base_url}/acs3/x", params={"a": "b c"}))
        response = session.send(prepared, timeout=10)
    assert response.status_code == 200, response.text


def test_wrong_credentials_fail_over_http(base_url: str) -> None:
    wrong = {**CREDENTIALS, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "nope"}
    auth = auth_for("acs3-hmac-sha256", wrong, action="ListServices", version="2021-07-01")
    with requests.Session() as session:
        session.trust_env = False
        response = session.get(f"{base_url}/acs3/x", params={"a": "1"}, auth=auth, timeout=10)
    assert response.status_code == 401
    assert response.json()["failure"] == "invalid"
