"""BASELINE=contract-baseline.toml: a failing test whose every finding a baseline entry accepts is
reported as accepted (pytest's xfail-style skip, so JUnit and the exit code stay green); a new finding
still fails; an expired entry stops the run; an entry that matched nothing is reported as stale.

Also gives every failure's JUnit `message` the problem and the curl line (the body keeps the full text).
The matching itself is pure: contract_tests/reporting/baseline.py.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest
from schemathesis.errors import FailureGroup

from contract_tests.reporting.baseline import (
    BaselineError,
    Entry,
    accepting,
    check_findings,
    expired,
    load_baseline,
    semantic_finding,
)
from contract_tests.reporting.report import headline
from contract_tests.runner.xdist_support import worker_input

ENTRIES = pytest.StashKey[list[Entry]]()
USED = pytest.StashKey[list[Entry]]()
FINDINGS = pytest.StashKey[dict[str, list[str]]]()  # a failed property test -> its checks' names
_CONFIG: list[pytest.Config] = []


class Headlined(str):
    """A failure text whose short form (pytest's `reprcrash.message`: JUnit's `message` attribute, the
    short summary line) is its problem and curl line; str() is the whole text."""

    class _Crash:
        def __init__(self, message: str) -> None:
            self.message = message

    reprcrash: _Crash

    @classmethod
    def of(cls, text: str, message: str) -> Headlined:
        made = cls(text)
        made.reprcrash = cls._Crash(message)
        return made


def pytest_configure(config: pytest.Config) -> None:
    _CONFIG.append(config)
    config.stash[ENTRIES], config.stash[USED], config.stash[FINDINGS] = [], [], {}
    path = os.environ.get("BASELINE", "").strip()
    if not path or worker_input(config) is not None:
        return
    try:
        entries = load_baseline(Path(path))
    except BaselineError as error:
        pytest.exit(f"contract suite: {error}", returncode=2)
    late = expired(entries, datetime.date.today())
    if late:
        names = "; ".join(f"{e.name} (expired {e.expires.isoformat()})" for e in late)
        message = f"contract suite: BASELINE {path}: expired entry: {names}; renew or remove it"
        pytest.exit(message, returncode=1)
    config.stash[ENTRIES] = entries


def pytest_unconfigure(config: pytest.Config) -> None:
    if _CONFIG and _CONFIG[-1] is config:
        _CONFIG.pop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.failed and call.excinfo is not None and isinstance(call.excinfo.value, FailureGroup):
        # A plain attribute (xdist carries it): each check failure's names and text.
        report.contract_checks = [
            [_check_names(failure), str(failure)] for failure in call.excinfo.value.exceptions
        ]


def _check_names(failure: BaseException) -> list[str]:
    named = getattr(failure, "check", None)
    if isinstance(named, str):
        return [named]
    return list(getattr(type(failure), "checks", ())) or [type(failure).__name__]


@pytest.hookimpl(tryfirst=True)  # before pytest counts the failure and JUnit writes it
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    found = getattr(report, "contract_outcome", None)
    config = _CONFIG[-1] if _CONFIG else None
    if not found or not report.failed or config is None or worker_input(config) is not None:
        return
    text = str(report.longrepr)
    short = headline(text)
    if short and not isinstance(report.longrepr, tuple):
        report.longrepr = Headlined.of(text, short)
    checks = getattr(report, "contract_checks", None)
    if checks:
        config.stash[FINDINGS][report.nodeid] = list(dict.fromkeys(names[0] for names, _ in checks))
    entries = config.stash.get(ENTRIES, [])
    if not entries:
        return
    if checks:
        findings = check_findings(found["api"], report.nodeid, [(names, body) for names, body in checks])
    else:
        findings = [semantic_finding(found["api"], report.nodeid, text)]
    used = accepting(entries, findings)
    if used is None:
        return
    reasons = dict.fromkeys(f"{e.reason} (until {e.expires.isoformat()})" for e in used)
    reason = "accepted: " + "; ".join(reasons)
    report.outcome = "skipped"
    report.wasxfail = reason  # pytest's xfail: JUnit <skipped type="pytest.xfail">, not counted failed
    found["outcome"], found["reason"] = "accepted", reason
    config.stash[USED].extend(e for e in used if e not in config.stash[USED])


def stale_entries(config: pytest.Config) -> list[Entry]:
    used = config.stash.get(USED, [])
    return [e for e in config.stash.get(ENTRIES, []) if e not in used]


def stale_lines(config: pytest.Config) -> list[str]:
    return [
        f"stale baseline entry: {e.name} matched nothing in this run (remove it from BASELINE)"
        for e in stale_entries(config)
    ]


@pytest.hookimpl(trylast=True)  # after the main plugin wrote the reports
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if worker_input(config) is not None or FINDINGS not in config.stash:
        return
    reports = Path(os.environ.get("REPORTS", "reports"))
    lines = stale_lines(config)
    data = reports / "conformance.json"
    if data.is_file():  # what `baseline` and `merge-reports` read back
        payload = json.loads(data.read_text(encoding="utf-8"))
        payload["findings"] = config.stash[FINDINGS]
        if config.stash.get(ENTRIES, []):
            payload["baseline"] = {
                "file": os.environ.get("BASELINE", ""),
                "accepted": [_entry_data(e) for e in config.stash.get(USED, [])],
                "stale": [_entry_data(e) for e in stale_entries(config)],
            }
        data.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    markdown = reports / "conformance.md"
    if markdown.is_file() and lines:
        with open(markdown, "a", encoding="utf-8") as handle:
            handle.write("\n## Stale baseline entries\n\n" + "".join(f"- {line}\n" for line in lines))
    page = reports / "index.html"
    if page.is_file() and lines:
        from html import escape

        section = "<h2>Stale baseline entries</h2><ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines)
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("<h2>Coverage</h2>", section + "</ul><h2>Coverage</h2>", 1), "utf-8")
    step = os.environ.get("GITHUB_STEP_SUMMARY")
    if step and lines:
        with open(step, "a", encoding="utf-8") as handle:
            handle.write("".join(f"- {line}\n" for line in lines))


def _entry_data(entry: Entry) -> dict[str, str]:
    data = {"api": entry.api, "rule": entry.rule, "reason": entry.reason}
    data["expires"] = entry.expires.isoformat()
    if entry.param:
        data["param"] = entry.param
    return data


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if worker_input(config) is not None:
        return
    used = config.stash.get(USED, [])
    if used:
        terminalreporter.write_line(f"baseline: {len(used)} entr(y/ies) accepted failing findings")
    for line in stale_lines(config):
        terminalreporter.write_line(line, yellow=True)
