"""contract_tests.config.scrub: secrets in every form, signatures, URL userinfo, control characters."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
import requests

from contract_tests.config.scrub import REDACTED, SCRUBBER, Scrubber, escape_controls, redact_userinfo
from contract_tests.transport.signing import Acs3Auth, HuaweiAkSkAuth

SECRET = 'tok/en+with&odd"chars=0123'


@pytest.mark.parametrize(
    "form", [SECRET, quote(SECRET, safe=""), json.dumps(SECRET)[1:-1], "tok/en+with&amp;odd&quot;chars=0123"]
)
def test_a_secret_is_replaced_in_every_form(form: str) -> None:
    scrubber = Scrubber()
    scrubber.add(SECRET)
    assert scrubber.scrub(f"body: {{'echo': '{form}'}} end") == f"body: {{'echo': '{REDACTED}'}} end"


def test_short_values_are_not_secrets() -> None:
    scrubber = Scrubber()
    scrubber.add("ab12")
    assert scrubber.scrub("ab12 stays") == "ab12 stays"


def test_signatures_are_replaced_wherever_they_appear() -> None:
    scrubber = Scrubber()
    signature = "ab" * 32
    scrubber.add_signature(signature)
    assert scrubber.scrub(f"Signature={signature}, x") == f"Signature={REDACTED}, x"
    assert scrubber.scrub(f"{signature.upper()}ff") == REDACTED  # inside a longer hex run, any case
    assert scrubber.scrub("cd" * 32) == "cd" * 32  # an unknown hex string is left alone


def test_every_computed_signature_is_registered() -> None:
    for auth in (
        HuaweiAkSkAuth("AKSCRUB0000001", "sk-scrub-0123456789"),
        Acs3Auth("LTAIscrub000001", "acs-scrub-0123456789", "ListServices", "2021-07-01"),
    ):
        prepared = auth(requests.Request("GET", "http://api.test/x?a=1").prepare())
        header = str(prepared.headers["Authorization"])
        signature = header.rsplit("Signature=", 1)[1]
        assert SCRUBBER.scrub(header).endswith(f"Signature={REDACTED}"), signature[:8]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://user:pw@host.test/x", f"see https://{REDACTED}@host.test/x"),
        ("'http://only-user@127.0.0.1:8080'", f"'http://{REDACTED}@127.0.0.1:8080'"),
        ("http://host.test/path?mail=a@b", "http://host.test/path?mail=a@b"),
    ],
)
def test_url_userinfo_is_redacted(text: str, expected: str) -> None:
    assert redact_userinfo(text) == expected


def test_control_characters_are_escaped_but_lines_kept() -> None:
    assert escape_controls("a\x1b]0;t\x07b\tc\nd\x9b\u202e") == "a\\x1b]0;t\\x07b\tc\nd\\x9b\\u202e"


def test_the_terminal_keeps_pytest_colours_only_with_markup() -> None:
    scrubber = Scrubber()
    text = "\x1b[31mFAILED\x1b[0m body \x1b]0;title\x07"
    assert scrubber.clean_terminal(text, markup=True) == "\x1b[31mFAILED\x1b[0m body \\x1b]0;title\\x07"
    assert "\x1b" not in scrubber.clean_terminal(text, markup=False)
