"""contract_tests.runner.embedded: the reference provider as a loopback subprocess (kept fast: two starts)."""

from __future__ import annotations

import requests

from contract_tests.config.target import is_loopback_url, load_local_defaults
from contract_tests.runner.embedded import EmbeddedProviderError, start_embedded

VALUES = load_local_defaults()


def test_bogus_variant_fails_at_start_with_one_line() -> None:
    try:
        provider = start_embedded(VALUES, variant="no-such-variant", timeout=10)
    except EmbeddedProviderError as exc:
        message = str(exc)
    else:  # pragma: no cover - only reached when the bug is present
        provider.stop()
        raise AssertionError("a bogus variant started")
    assert message.startswith("the embedded reference provider exited at start: ")
    assert "unknown variant 'no-such-variant'" in message
    assert "\n" not in message


def test_start_and_stop() -> None:
    provider = start_embedded(VALUES, timeout=10)
    try:
        assert provider.base_url.startswith("http://127.0.0.1:") and is_loopback_url(provider.base_url)
        port = int(provider.base_url.rsplit(":", 1)[1])
        assert 0 < port < 65536
        assert provider.process.poll() is None
        response = requests.get(
            provider.base_url + "/zstack/v1/ai/model-services",
            params={"limit": "1"},
            headers={"Authorization": "OAuth " + VALUES["ZSTACK_SESSION_UUID"]},
            timeout=5,
        )
        assert response.status_code == 200
    finally:
        provider.stop()
    assert provider.process.poll() is not None
    assert provider.process.stdout is not None and provider.process.stdout.closed
    provider.stop()  # idempotent
