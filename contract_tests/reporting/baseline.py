"""Acknowledged deviations (BASELINE=contract-baseline.toml): which findings a team has accepted, until when.

Pure: parsing a baseline file, and matching one entry against one finding. The pytest side (what a
failure's findings are, how an accepted test is reported) is contract_tests/runner/baseline_plugin.py.

    [[deviation]]
    api = "huawei-endpoints"
    rule = "test_every_enum_field_holds_a_documented_value"   # or a check: response_schema_conformance
    param = "status"                                          # optional
    reason = "TICKET-123: ACTIVE is being renamed"
    expires = 2027-01-31
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

KEYS = ("api", "rule", "param", "reason", "expires")
REQUIRED = ("api", "rule", "reason", "expires")


class BaselineError(ValueError):
    """The baseline file cannot be read or is malformed (one line)."""


@dataclass(frozen=True)
class Entry:
    api: str
    rule: str
    reason: str
    expires: datetime.date
    param: str | None = None

    @property
    def name(self) -> str:
        return f"{self.api} {self.rule}" + (f" [{self.param}]" if self.param else "")


@dataclass(frozen=True)
class Finding:
    """One thing a failing test found: its API, the rule names it may go by (a semantic test's function
    name, or the schemathesis/list check names of one check failure), the case-id parts, and its text."""

    api: str
    rules: frozenset[str]
    parts: frozenset[str]
    text: str


def parse_baseline(text: str, source: str) -> list[Entry]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BaselineError(f"baseline {source} is not valid TOML: {error}") from None
    unknown = sorted(set(data) - {"deviation"})
    if unknown:
        raise BaselineError(
            f"baseline {source}: unknown top-level key(s) {', '.join(unknown)}; use [[deviation]]"
        )
    rows = data.get("deviation", [])
    if not isinstance(rows, list):
        raise BaselineError(f"baseline {source}: `deviation` must be an array of tables ([[deviation]])")
    return [_entry(row, number, source) for number, row in enumerate(rows, start=1)]


def _entry(row: object, number: int, source: str) -> Entry:
    where = f"baseline {source}, deviation {number}"
    if not isinstance(row, dict):
        raise BaselineError(f"{where}: must be a table")
    unknown = sorted(set(row) - set(KEYS))
    if unknown:
        raise BaselineError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(KEYS)})")
    missing = [key for key in REQUIRED if key not in row]
    if missing:
        raise BaselineError(f"{where}: missing {', '.join(missing)} (reason and expires are required)")
    for key in ("api", "rule", "reason", "param"):
        if key in row and (not isinstance(row[key], str) or not row[key].strip()):
            raise BaselineError(f"{where}: {key} must be a non-empty string")
    expires = row["expires"]
    if not isinstance(expires, datetime.date) or isinstance(expires, datetime.datetime):
        raise BaselineError(f"{where}: expires must be a TOML date such as 2027-01-31, not {expires!r}")
    return Entry(row["api"], row["rule"], row["reason"], expires, row.get("param"))


def load_baseline(path: Path) -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise BaselineError(f"cannot read baseline {path}: {reason}") from None
    return parse_baseline(text, str(path))


def expired(entries: Iterable[Entry], today: datetime.date) -> list[Entry]:
    return [entry for entry in entries if entry.expires < today]


def matches(entry: Entry, finding: Finding) -> bool:
    """Whether `entry` accepts `finding`: same API, the rule among the finding's names, and the
    parameter (when given) a part of the case id or named as a word in the finding's text."""
    if entry.api != finding.api or entry.rule not in finding.rules:
        return False
    if entry.param is None or entry.param in finding.parts:
        return True
    return re.search(rf"(?<![\w-]){re.escape(entry.param)}(?![\w-])", finding.text) is not None


def accepting(entries: Sequence[Entry], findings: Sequence[Finding]) -> list[Entry] | None:
    """The entries that accept every finding, or None when some finding is new (or there is none)."""
    if not findings:
        return None
    used: list[Entry] = []
    for finding in findings:
        entry = next((e for e in entries if matches(e, finding)), None)
        if entry is None:
            return None
        if entry not in used:
            used.append(entry)
    return used


def case_parts(test: str) -> frozenset[str]:
    """`test_x[huawei-endpoints/invalid-credentials:XAuthToken]` -> the case id's parts after the API."""
    found = re.search(r"\[([^\]]*)\]$", test)
    if not found or "/" not in found.group(1):
        return frozenset()
    rest = found.group(1).split("/", 1)[1]
    return frozenset({rest, *rest.split(":")})


def function_name(test: str) -> str:
    return test.split("::")[-1].split("[")[0]


def semantic_finding(api: str, test: str, text: str) -> Finding:
    return Finding(api, frozenset({function_name(test)}), case_parts(test), text)


def check_findings(api: str, test: str, checks: Sequence[tuple[Sequence[str], str]]) -> list[Finding]:
    """The property test's findings: one per check failure (the check names it may go by, its text)."""
    parts = case_parts(test)
    return [Finding(api, frozenset(names), parts, text) for names, text in checks]
