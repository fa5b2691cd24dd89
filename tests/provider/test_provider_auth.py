"""Auth failures mapped onto each API family's documented errors (real auth module, real signers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from provider_client import ProviderClient, acs3_action, api_path

from contract_tests.transport.signing import Acs3Auth


class TestHuawei:
    @pytest.mark.parametrize("api", ["huawei-service-instances", "huawei-endpoints"])
    @pytest.mark.parametrize("kind", ["huawei-token", "huawei-aksk"])
    def test_both_credentials_are_accepted(self, provider: ProviderClient, api: str, kind: str) -> None:
        assert provider.get(api, {"limit": "2", "name": "chat"}, auth=kind).status_code == 200

    def test_missing_is_401_apig_1002(self, provider: ProviderClient) -> None:
        response = provider.get("huawei-service-instances", auth=None)
        assert response.status_code == 401
        assert response.json == {
            "error_code": "APIG.1002",
            "error_msg": "Incorrect token or token resolution failed",
        }

    def test_invalid_token_is_the_gateway_403(self, provider: ProviderClient) -> None:
        response = provider.get("huawei-endpoints", auth=None, headers={"X-Auth-Token": "wrong"})
        assert response.status_code == 403
        assert response.json == {
            "error": {
                "code": "403",
                "message": "X-Auth-Token is invalid in the request",
                "title": "Forbidden",
            },
            "error_code": 403,
            "error_msg": "X-Auth-Token is invalid in the request",
            "title": "Forbidden",
        }

    def test_bad_signature_is_401_apig_0301(self, provider: ProviderClient) -> None:
        path = api_path("huawei-service-instances", provider.config)
        headers = provider.signed_headers("huawei-service-instances", path, {"limit": "2"}, "huawei-aksk")
        response = provider.get(
            "huawei-service-instances", {"limit": "3"}, auth=None, headers=headers
        )  # query changed
        assert response.status_code == 401
        assert response.json["error_code"] == "APIG.0301"

    def test_unknown_access_key_is_401_apig_0301(self, provider: ProviderClient) -> None:
        headers = {
            "Authorization": "SDK-HMAC-SHA256 Access=NOPE, SignedHeaders=host;x-sdk-date, Signature=00"
        }
        response = provider.get("huawei-service-instances", auth=None, headers=headers)
        assert response.status_code == 401
        assert response.json["error_code"] == "APIG.0301"


@pytest.mark.parametrize("api", ["pai-eas-services", "opensearch-ha3-models"])
class TestAlibaba:
    def test_missing_is_incomplete_signature(self, provider: ProviderClient, api: str) -> None:
        response = provider.get(api, auth=None)
        assert response.status_code == 400
        assert response.json["Code"] == "IncompleteSignature"
        assert response.json["RequestId"] == response.headers["x-acs-request-id"]

    def test_tampered_request_is_signature_does_not_match(self, provider: ProviderClient, api: str) -> None:
        headers = provider.signed_headers(api, alibaba_path(provider, api), {"PageSize": "1"})
        response = provider.get(api, {"PageSize": "2"}, auth=None, headers=headers)
        assert response.status_code == 400
        assert response.json["Code"] == "SignatureDoesNotMatch"

    def test_unknown_key_is_404(self, provider: ProviderClient, api: str) -> None:
        headers = {
            "Authorization": "ACS3-HMAC-SHA256 Credential=LTAIx,SignedHeaders=host;x-acs-date,Signature=00"
        }
        response = provider.get(api, auth=None, headers=headers)
        assert response.status_code == 404
        assert response.json["Code"] == "InvalidAccessKeyId.NotFound"

    def test_stale_date_is_expired(self, provider: ProviderClient, api: str) -> None:
        action, version = acs3_action(api)
        an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
        signer = Acs3Auth(
            provider.config.alibaba_cloud_access_key_id,
            provider.config.alibaba_cloud_access_key_secret,
            action,
            version,
            clock=lambda: an_hour_ago,
        )
        prepared = signer(requests.Request("GET", f"http://localhost{alibaba_path(provider, api)}").prepare())
        response = provider.get(api, auth=None, headers=dict(prepared.headers))
        assert response.status_code == 400
        assert response.json["Code"] == "InvalidTimeStamp.Expired"


def alibaba_path(provider: ProviderClient, api: str) -> str:
    return api_path(api, provider.config)


class TestZStack:
    def test_missing_header(self, provider: ProviderClient) -> None:
        response = provider.get("zstack-model-services", auth=None)
        assert response.status_code == 400
        assert response.mimetype == "text/plain"
        assert response.get_data(as_text=True) == "missing header 'Authorization'"

    def test_wrong_scheme(self, provider: ProviderClient) -> None:
        response = provider.get("zstack-model-services", auth=None, headers={"Authorization": "Bearer abc"})
        assert response.status_code == 400
        assert response.get_data(as_text=True) == "Authorization type must be 'OAuth'"

    def test_unknown_session_is_a_503_api_failure(self, provider: ProviderClient) -> None:
        headers = {"Authorization": "OAuth 00000000000000000000000000000000"}
        response = provider.get("zstack-model-services", auth=None, headers=headers)
        assert response.status_code == 503
        assert response.mimetype == "application/json"
        error = response.json["error"]
        assert error["code"] == "ID.1001"
        assert set(error) == {"code", "description", "details", "elaboration", "opaque", "cause"}
        assert (error["elaboration"], error["opaque"], error["cause"]) == (None, None, None)
