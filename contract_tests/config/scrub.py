"""The run's secret scrubber: every text the suite writes passes through it.

It knows each credential value of the run (registered when the target is resolved) and each signature
the signers compute (registered as it is made), and replaces them wherever they appear: headers,
bodies a provider echoes, URLs, exception text. Header-name redaction (signing/redaction.py) is the
first line; this is the one that does not depend on where a value shows up. It also redacts URL
userinfo and escapes control characters a target sent, so a response cannot drive the terminal.
"""

from __future__ import annotations

import base64
import html
import json
import re
import threading
from urllib.parse import quote, quote_plus

REDACTED = "[REDACTED]"
SCHEMATHESIS_MASK = "[Filtered]"
# Shorter values would blank ordinary words of the output; real tokens, keys and signatures are longer.
MIN_SECRET_LENGTH = 6

# SDK-HMAC-SHA256 and ACS3-HMAC-SHA256 signatures are 64 hex digits.
SIGNATURE_LENGTH = 64
_HEX_RUN = re.compile(rf"[0-9a-fA-F]{{{SIGNATURE_LENGTH},}}")
# scheme://userinfo@ -> scheme://[REDACTED]@ (userinfo cannot hold / ? # @ or whitespace).
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#@\s'\"<>]+@")
# C0 controls except tab and newline, DEL, C1 controls, and the Unicode bidi overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The SGR colour sequences pytest writes itself when the terminal has markup.
_SGR = re.compile("\x1b\\[[0-9;]*m")


def escape_controls(text: str) -> str:
    """Control characters as visible `\\xNN` / `\\uNNNN` escapes."""

    def visible(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"

    return _CONTROL.sub(visible, text)


def redact_userinfo(text: str) -> str:
    return _USERINFO.sub(lambda m: f"{m.group(1)}{REDACTED}@", text)


def _variants(value: str) -> set[str]:
    """The forms a value takes in output: as is, percent-encoded, JSON- and XML-escaped."""
    forms = {
        value,
        quote(value, safe=""),
        quote_plus(value, safe=""),
        json.dumps(value)[1:-1],
        html.escape(value, quote=True),
    }
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


class Scrubber:
    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._signatures: set[str] = set()
        self._names: dict[str, str] = {}  # secret value -> the environment variable that holds it
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def add(self, value: str | bytes | None) -> None:
        """Remember a secret (a credential, a signature, a password); short values are ignored."""
        if value is None:
            return
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        value = value.strip()
        if len(value) < MIN_SECRET_LENGTH:
            return
        with self._lock:
            new = _variants(value) - self._secrets
            if new:
                self._secrets |= new
                self._pattern = None

    def name(self, variable: str, value: str | None) -> None:
        """Remember which environment variable holds a secret, so a curl line can say `$VARIABLE`."""
        if value and len(value.strip()) >= MIN_SECRET_LENGTH:
            self.add(value)
            self._names[value.strip()] = variable

    def variable_for(self, text: str) -> tuple[str, str] | None:
        """(secret value, variable) of the first named secret inside `text`, longest first."""
        for value in sorted(self._names, key=len, reverse=True):
            if value in text:
                return value, self._names[value]
        return None

    def add_basic_auth(self, user: str, password: str) -> None:
        """URL userinfo travels as `Authorization: Basic base64(user:password)`; both forms are secret."""
        self.add(password)
        self.add(base64.b64encode(f"{user}:{password}".encode()).decode())

    def add_signature(self, signature: str | None) -> None:
        """A hex signature the signers computed; one per request, so kept in a set, not in the pattern."""
        if signature and _HEX_RUN.fullmatch(signature):
            self._signatures.add(signature.lower())
        else:
            self.add(signature)

    def _scrub_signatures(self, text: str) -> str:
        if not self._signatures:
            return text

        def replace(match: re.Match[str]) -> str:
            run = match.group()
            lowered = run.lower()
            for start in range(len(run) - SIGNATURE_LENGTH + 1):
                if lowered[start : start + SIGNATURE_LENGTH] in self._signatures:
                    return REDACTED
            return run

        return _HEX_RUN.sub(replace, text)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._secrets:
                # Longest first, so a secret that contains another is replaced whole.
                ordered = sorted(self._secrets, key=len, reverse=True)
                self._pattern = re.compile("|".join(map(re.escape, ordered)))
            return self._pattern

    def scrub(self, text: str) -> str:
        """Known secrets and URL userinfo replaced by REDACTED."""
        pattern = self._compiled()
        if pattern is not None:
            text = pattern.sub(REDACTED, text)
        text = self._scrub_signatures(text)
        # schemathesis masks the headers it knows with its own word; one redaction style in all output.
        return redact_userinfo(text.replace(SCHEMATHESIS_MASK, REDACTED))

    def clean(self, text: str) -> str:
        """What may be written: secrets redacted and the target's control characters escaped."""
        return escape_controls(self.scrub(text))

    def clean_terminal(self, text: str, *, markup: bool) -> str:
        """For the terminal stream: pytest's own colour codes survive when it writes markup."""
        text = self.scrub(text)
        if not markup:
            return escape_controls(text)
        parts = _SGR.split(text)
        codes = _SGR.findall(text)
        out = [escape_controls(parts[0])]
        for code, part in zip(codes, parts[1:], strict=True):
            out += [code, escape_controls(part)]
        return "".join(out)

    def clear(self) -> None:
        self._names.clear()
        with self._lock:
            self._secrets.clear()
            self._signatures.clear()
            self._pattern = None


# The process's one scrubber: the signers register each signature here as they compute it.
SCRUBBER = Scrubber()


def register_signature(signature: str | None) -> None:
    SCRUBBER.add_signature(signature)
