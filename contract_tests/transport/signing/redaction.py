"""Header redaction for anything the suite prints or writes (logs, reports, failure messages)."""

from __future__ import annotations

from collections.abc import Mapping

from contract_tests.config.scrub import REDACTED

SECRET_HEADERS: frozenset[str] = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-auth-token",
        "x-subject-token",
        "x-security-token",
        "x-acs-security-token",
        "x-acs-bearer-token",
        "x-acs-zero-trust-idtoken",
        "x-session-id",
    }
)

# Header names containing one of these are treated as secret even when not listed above.
_SECRET_NAME_MARKERS = ("token", "secret", "password", "session")

# Scheme words kept in front of the placeholder; only these, so no part of an arbitrary value survives.
_KNOWN_SCHEMES = {
    scheme.lower(): scheme
    for scheme in (
        "SDK-HMAC-SHA256",
        "SDK-HMAC-SM3",
        "V11-HMAC-SHA256",
        "SDK-ECDSA-P256-SHA256",
        "SDK-SM2-SM3",
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SM3",
        "ACS3-RSA-SHA256",
        "OAuth",
        "ZStack",
        "acs",
        "Bearer",
        "Basic",
        "Digest",
    )
}


def is_secret_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_HEADERS or any(marker in lowered for marker in _SECRET_NAME_MARKERS)


def redact_value(value: str | bytes) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    first_word, _, rest = value.strip().partition(" ")
    scheme = _KNOWN_SCHEMES.get(first_word.lower())
    if scheme and rest.strip():
        return f"{scheme} {REDACTED}"
    return REDACTED


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of `headers` with every secret value replaced, keeping a known auth scheme word."""
    return {name: redact_value(value) if is_secret_header(name) else value for name, value in headers.items()}
