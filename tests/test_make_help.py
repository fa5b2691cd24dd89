"""`make help` documents every variable a user can set: the README's table, the Makefile's own, what the
suite reads from the environment, the specs' ids and credentials, and the provider variant."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _make_help() -> str:
    command = ["make", "--no-print-directory", "help"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, timeout=30).stdout


def _readme_variables() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| variable | meaning |") :].split("\n\n", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines()[2:]]
    return {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)", cell)}


def _makefile_variables() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]+) \?=", text, flags=re.MULTILINE))


def _suite_environment_variables() -> set[str]:
    text = (ROOT / "contract_tests" / "config" / "target.py").read_text(encoding="utf-8")
    return set(re.findall(r'environ(?:\.get\(|, )"([A-Z][A-Z0-9_]+)"', text))


def _spec_variables() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "specs").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"x-target-var: ([A-Z][A-Z0-9_]+)", text))
        for match in re.findall(r"x-credential-vars: (\[.*\])", text):
            names |= set(yaml.safe_load(match))
    return names


def test_the_sources_are_read() -> None:
    # Guards the parsing above: each source yields what it is known to hold.
    assert {"TARGET", "SEED", "ALLOW_UNSAFE_METHODS"} <= _readme_variables()
    assert {"PORT", "REPORTS", "SEEDS"} <= _makefile_variables()
    assert {"MAX_EXAMPLES", "REQUEST_TIMEOUT", "RETRY_AFTER_MAX_WAIT", "TARGET_FILE"} <= (
        _suite_environment_variables()
    )
    assert {"HUAWEI_WORKSPACE_ID", "ZSTACK_SESSION_UUID", "HUAWEICLOUD_SDK_SK"} <= _spec_variables()


def test_make_help_documents_every_variable() -> None:
    documented = set(re.findall(r"\b[A-Z][A-Z0-9_]{2,}\b", _make_help()))
    wanted = (
        _readme_variables()
        | _makefile_variables()
        | _suite_environment_variables()
        | _spec_variables()
        | {"REFERENCE_PROVIDER_VARIANT", "HUAWEI_PROJECT_ID"}
    )
    assert sorted(wanted - documented) == []
