"""BASELINE (issue 22): accepted deviations, new findings, expired and stale entries, malformed files;
and JUnit failure messages that start with the problem and the curl line."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.reporting.baseline import (
    BaselineError,
    Entry,
    Finding,
    accepting,
    case_parts,
    expired,
    matches,
    parse_baseline,
)
from contract_tests.reporting.report import curl_line, first_problem, headline

ROOT = Path(__file__).resolve().parents[2]
VARIANT = "huawei-endpoints-status-active"  # breaks the enum test and the property test's checks
FAR = datetime.date(2099, 1, 31)


def _entry(rule: str, param: str | None = None, api: str = "huawei-endpoints") -> Entry:
    return Entry(api, rule, "TICKET-1", FAR, param)


def test_parse_reads_entries_and_refuses_malformed_ones() -> None:
    text = '[[deviation]]\napi = "a"\nrule = "r"\nparam = "p"\nreason = "why"\nexpires = 2027-01-31\n'
    assert parse_baseline(text, "b.toml") == [Entry("a", "r", "why", datetime.date(2027, 1, 31), "p")]
    for bad, says in (
        ("[[deviation]\n", "not valid TOML"),
        ('[[deviation]]\napi = "a"\nrule = "r"\nexpires = 2027-01-31\n', "missing reason"),
        ('[[deviation]]\napi = "a"\nrule = "r"\nreason = "x"\nexpires = "2027-01-31"\n', "TOML date"),
        (
            '[[deviation]]\napi = "a"\nrule = "r"\nreason = "x"\nexpires = 2027-01-31\nwhy = 1\n',
            "unknown key",
        ),
        ('[[accept]]\napi = "a"\n', "unknown top-level"),
    ):
        with pytest.raises(BaselineError, match=says) as error:
            parse_baseline(bad, "b.toml")
        assert "\n" not in str(error.value)


def test_an_entry_matches_by_api_rule_and_parameter() -> None:
    finding = Finding(
        "huawei-endpoints", frozenset({"test_f"}), case_parts("t.py::test_f[huawei-endpoints/type]"), "x"
    )
    assert matches(_entry("test_f"), finding) and matches(_entry("test_f", "type"), finding)
    assert not matches(_entry("test_f", "name"), finding)
    assert not matches(_entry("test_g"), finding) and not matches(_entry("test_f", api="other"), finding)
    named = Finding("a", frozenset({"response_schema_conformance"}), frozenset(), "`$.items[].status` bad")
    assert matches(_entry("response_schema_conformance", "status", api="a"), named)
    assert not matches(_entry("response_schema_conformance", "stat", api="a"), named)


def test_a_group_is_accepted_only_when_every_finding_matches() -> None:
    schema = Finding("a", frozenset({"response_schema_conformance"}), frozenset(), "")
    new = Finding("a", frozenset({"not_a_server_error"}), frozenset(), "")
    entries = [_entry("response_schema_conformance", api="a")]
    assert accepting(entries, [schema]) == entries
    assert accepting(entries, [schema, new]) is None
    assert accepting(entries, []) is None
    assert expired([Entry("a", "r", "x", datetime.date(2020, 1, 1))], datetime.date.today())


SEMANTIC = """[huawei-endpoints] ListEndpoints (GET /e) · enums · documented enum values
Document fact: document “X”, ListEndpoints
Problems:
  - endpoints[8].status = 'ACTIVE' is not a documented value
  - endpoints[9].status = 'ACTIVE' is not a documented value
Reproduce (seed 1):
  curl -X GET 'http://h/e?offset=0'
    -> HTTP 200 application/json"""


def test_the_headline_is_the_first_problem_then_the_curl_line() -> None:
    assert (
        headline(SEMANTIC)
        == "endpoints[8].status = 'ACTIVE' is not a documented value\ncurl -X GET 'http://h/e?offset=0'"
    )
    group = (
        'Schemathesis found 1 distinct failure\n\n- ST108 Response violates schema\n\n    "A" is bad\n\n'
        "Reproduce with:\n\n    curl -X GET http://h/e\n"
    )
    assert first_problem(group) == 'ST108 Response violates schema: "A" is bad'
    assert curl_line(group) == "curl -X GET http://h/e"


def _suite(tmp_path: Path, baseline: str | None, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("TARGET", "TARGET_FILE", "APIS", "SEED", "BASELINE")
    }
    extra = {}
    if baseline is not None:
        (tmp_path / "baseline.toml").write_text(baseline, encoding="utf-8")
        extra["BASELINE"] = str(tmp_path / "baseline.toml")
    reports = tmp_path / "reports"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "contract_tests",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={reports / 'junit.xml'}",
        ],
        cwd=ROOT,
        env={
            **clean,
            "MAX_EXAMPLES": "3",
            "SEED": "11",
            "REPORTS": str(reports),
            "APIS": "huawei-endpoints",
            "REFERENCE_PROVIDER_VARIANT": VARIANT,
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            **extra,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )


def _deviation(rule: str, reason: str = "TICKET-1", expires: str = "2099-01-31", param: str = "") -> str:
    line = f'param = "{param}"\n' if param else ""
    head = f'[[deviation]]\napi = "huawei-endpoints"\nrule = "{rule}"\n'
    return f'{head}{line}reason = "{reason}"\nexpires = {expires}\n'


ACCEPT_ALL = (
    _deviation(
        "test_every_enum_field_holds_a_documented_value", "TICKET-1: ACTIVE is being renamed", param="status"
    )
    + _deviation("response_schema_conformance")
    + _deviation("list_enum_values_documented")
)


@pytest.mark.slow
def test_junit_message_starts_with_the_problem_and_the_curl_line(tmp_path: Path) -> None:
    result = _suite(tmp_path, None)
    assert result.returncode == 1, result.stdout[-2000:]
    junit = (tmp_path / "reports" / "junit.xml").read_text()
    messages = re.findall(r'<failure message="([^"]*)"', junit)
    assert messages and all("[+" not in m for m in messages)
    assert any(m.startswith("endpoints[") and "&#10;curl " in m for m in messages), messages
    summary = (tmp_path / "summary.md").read_text()
    assert "problem: endpoints[" in summary and "is not a documented value" in summary


@pytest.mark.slow
def test_accepted_findings_are_not_failures_and_a_stale_entry_is_reported(tmp_path: Path) -> None:
    stale = _deviation("test_default_page_size_applies", "no longer needed")
    result = _suite(tmp_path, ACCEPT_ALL + stale)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 xfailed" in result.stdout and "accepted" in result.stdout
    assert "stale baseline entry: huawei-endpoints test_default_page_size_applies" in result.stdout
    reports = tmp_path / "reports"
    junit = (reports / "junit.xml").read_text()
    assert junit.count('type="pytest.xfail" message="accepted: ') == 3 and "<failure" not in junit
    conformance = json.loads((reports / "conformance.json").read_text())
    states = {o["test"].split("::")[-1]: o["outcome"] for o in conformance["outcomes"]}
    assert states["test_every_enum_field_holds_a_documented_value[huawei-endpoints]"] == "accepted"
    assert states["test_property[huawei-endpoints/fuzzing]"] == "accepted"
    assert [e["rule"] for e in conformance["baseline"]["stale"]] == ["test_default_page_size_applies"]
    assert "accepted" in (reports / "conformance.md").read_text()
    page = (reports / "index.html").read_text()
    assert "<td class=accepted>accepted</td>" in page and "Stale baseline entries" in page
    summary = (tmp_path / "summary.md").read_text()
    assert "| accepted |" in summary and "stale baseline entry" in summary


@pytest.mark.slow
def test_a_new_check_failure_still_fails_the_property_test(tmp_path: Path) -> None:
    # Only the schema check is accepted: the list rule's failure in the same group is new.
    partial = _deviation("test_every_enum_field_holds_a_documented_value") + _deviation(
        "response_schema_conformance"
    )
    result = _suite(tmp_path, partial)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "FAILED contract_tests/test_property.py::test_property[huawei-endpoints/" in result.stdout
    assert "XFAIL contract_tests/test_enums.py" in result.stdout


def test_an_expired_entry_and_a_malformed_file_stop_the_run_in_one_line(tmp_path: Path) -> None:
    late = _suite(tmp_path, _deviation("test_x", expires="2020-01-01"))
    assert late.returncode == 1
    line = [x for x in (late.stdout + late.stderr).splitlines() if "expired" in x]
    assert line == [
        "Exit: contract suite: BASELINE "
        + str(tmp_path / "baseline.toml")
        + ": expired entry: huawei-endpoints test_x (expired 2020-01-01); renew or remove it"
    ], line
    bad = _suite(tmp_path, '[[deviation]]\napi = "huawei-endpoints"\n')
    assert bad.returncode == 2 and "Traceback" not in bad.stdout + bad.stderr
    assert "missing rule, reason, expires" in bad.stdout + bad.stderr


@pytest.mark.slow
def test_the_baseline_command_writes_a_baseline_that_accepts_the_run(tmp_path: Path) -> None:
    first = _suite(tmp_path, None)
    assert first.returncode == 1
    out = tmp_path / "contract-baseline.toml"
    command = [sys.executable, "-m", "contract_tests", "baseline", "--reports", str(tmp_path / "reports")]
    written = subprocess.run(
        [*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert written.returncode == 0, written.stderr
    entries = parse_baseline(out.read_text(), "b")
    assert {(e.api, e.rule, e.param) for e in entries} >= {
        ("huawei-endpoints", "test_every_enum_field_holds_a_documented_value", None),
        ("huawei-endpoints", "list_enum_values_documented", None),
    }
    assert all(e.reason == "TODO: why this is accepted" for e in entries)
    assert all(e.expires == datetime.date.today() + datetime.timedelta(days=30) for e in entries)
    again = subprocess.run(
        [*command, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 2 and "--force" in again.stderr and again.stderr.count("\n") == 1
    forced = subprocess.run(
        [*command, "--out", str(out), "--force"], cwd=ROOT, capture_output=True, text=True
    )
    assert forced.returncode == 0
    accepted = _suite(tmp_path, out.read_text())
    assert accepted.returncode == 0 and "xfailed" in accepted.stdout, accepted.stdout[-2000:]


def test_a_long_problem_is_shortened_so_the_curl_line_stays_in_the_message() -> None:
    curl = "curl -X GET 'http://127.0.0.1:1/v1/workspaces/ws/endpoints?" + "x=1&" * 60 + "'"
    text = f"Problems:\n  - {'a very long problem ' * 40}\nReproduce (seed 1):\n  {curl}\n"
    short = headline(text)
    assert len(short) <= 500 and short.endswith(curl) and "…" in short.splitlines()[0]
