"""ZStack session auth: `Authorization: OAuth <session uuid>`."""

from __future__ import annotations

import requests
from requests.auth import AuthBase


class ZStackSessionAuth(AuthBase):
    def __init__(self, session_uuid: str) -> None:
        self.session_uuid = session_uuid

    def __call__(self, prepared: requests.PreparedRequest) -> requests.PreparedRequest:
        prepared.headers["Authorization"] = f"OAuth {self.session_uuid}"
        return prepared

    def __repr__(self) -> str:
        return "ZStackSessionAuth([REDACTED])"
