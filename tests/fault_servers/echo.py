"""The canary provider: the reference provider behind a middleware that echoes every credential it
receives back into response headers, bodies, totals and error texts, wherever a suite might print them."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any

from tests.fault_servers import WSGIApp

CREDENTIAL_ENVIRON = ("HTTP_X_AUTH_TOKEN", "HTTP_AUTHORIZATION")
SIGNATURE = re.compile(r"Signature=([0-9a-fA-F]+)")


def _replace_counts(node: Any, echo: str) -> Any:
    """Every integer total/count field becomes the echo, so the suite's own messages quote it."""
    if isinstance(node, dict):
        return {
            key: echo
            if isinstance(value, int) and re.search("total|count", key, re.I)
            else _replace_counts(value, echo)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_replace_counts(value, echo) for value in node]
    return node


class EchoCredentials:
    """Every 4th credentialed request gets a 500 quoting the credentials, every other one a body carrying
    them (an extra field and, on every 4th + 1, as the total); every answer has them in `X-Echo`."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.received: set[str] = set()
        self.signatures: set[str] = set()
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        values = [str(environ[name]) for name in CREDENTIAL_ENVIRON if environ.get(name)]
        with self._lock:
            self.count += 1
            count = self.count
            self.received.update(values)
            for value in values:
                self.signatures.update(SIGNATURE.findall(value))
        echo = " | ".join(values)
        if values and count % 4 == 0:
            body = json.dumps({"error": f"cannot serve {echo}", "echo": echo}).encode()
            start_response(
                "500 Internal Server Error",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("X-Echo", echo)],
            )
            return [body]
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers)
            return lambda data: None

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        if values:
            try:
                document = json.loads(body)
            except ValueError:
                document = None
            if isinstance(document, dict):
                if count % 4 == 1:
                    document = _replace_counts(document, echo)
                document["echoedCredentials"] = echo
                body = json.dumps(document).encode()
            headers.append(("X-Echo", echo))
        headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers)
        return [body]

    def secrets(self, configured: Mapping[str, str]) -> set[str]:
        """Every secret of the run: the configured credentials and each signature the canary saw."""
        return {value for value in configured.values() if value} | self.signatures
