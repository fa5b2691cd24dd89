"""pytest wiring of the secret scrubber (contract_tests/config/scrub.py): nothing the run writes
keeps a secret.

Three layers, each covering what the others cannot see:
- every test report (failure text, including schemathesis' response dumps, and captured sections) is
  cleaned when it is made, so the terminal and the JUnit XML get clean text;
- the terminal stream itself is filtered, for what pytest prints outside reports (header, summary);
- at the end, the JUnit file and every report file written during the run are cleaned on disk.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, TextIO

import pytest

from contract_tests.config.scrub import SCRUBBER

_STARTED = pytest.StashKey[float]()


class ScrubbingStream:
    """A text stream that scrubs every write before passing it on."""

    def __init__(self, stream: TextIO, *, markup: bool) -> None:
        self._stream = stream
        self._markup = markup

    def write(self, text: str) -> int:
        self._stream.write(SCRUBBER.clean_terminal(text, markup=self._markup))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _clean_longrepr(longrepr: Any) -> Any:
    if longrepr is None:
        return None
    if isinstance(longrepr, tuple) and len(longrepr) == 3:  # a skip: (path, line, reason)
        path, line, reason = longrepr
        return (path, line, SCRUBBER.clean(str(reason)))
    text = str(longrepr)
    cleaned = SCRUBBER.clean(text)
    # Unchanged text keeps pytest's structured representation (and its colours).
    return longrepr if cleaned == text else cleaned


def clean_report(report: pytest.TestReport) -> None:
    report.longrepr = _clean_longrepr(report.longrepr)
    report.sections = [(title, SCRUBBER.clean(content)) for title, content in report.sections]


def clean_file(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    cleaned = SCRUBBER.clean(text)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")


def written_files(config: pytest.Config) -> list[Path]:
    """The JUnit file and the report files written since the run started."""
    started = config.stash.get(_STARTED, 0.0)
    paths: list[Path] = []
    xmlpath = getattr(config.option, "xmlpath", None)
    if xmlpath:
        paths.append(Path(xmlpath))
    reports = Path(os.environ.get("REPORTS", "reports"))
    if reports.is_dir():
        paths += [p for p in reports.iterdir() if p.is_file() and p.stat().st_mtime >= started]
    return [p for p in paths if p.is_file()]


def _filter_terminal(config: pytest.Config) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    writer = getattr(reporter, "_tw", None)
    # TerminalWriter keeps its stream in `_file`; wrapping it filters everything pytest prints.
    if writer is not None and not isinstance(getattr(writer, "_file", None), ScrubbingStream):
        writer._file = ScrubbingStream(writer._file, markup=writer.hasmarkup)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    config.stash[_STARTED] = time.time() - 1  # mtime granularity
    _filter_terminal(config)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _filter_terminal(session.config)  # in case the terminal reporter came after this plugin


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    outcome = yield
    clean_report(outcome.get_result())


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    for path in written_files(config):
        clean_file(path)
