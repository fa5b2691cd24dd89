"""A sixth API is just a spec: a copy of a real spec under a new stem, with its owned seed facts,
gets its own full contract suite, and the project's spec and machinery tests still pass, with no
code change. Run on a copy of the project, so the checkout's specs/ stays the five real ones."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPIED = (
    "contract_tests",
    "reference_provider",
    "specs",
    "targets",
    "tests",
    "tools",
    "docs",
    "pyproject.toml",
)
NEW = "acme-endpoints"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sixth") / "project"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "reports", "build")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    shutil.copy2(ROOT / "specs" / "huawei-endpoints.yaml", root / "specs" / f"{NEW}.yaml")
    facts = (ROOT / "specs" / "seed-facts" / "huawei-endpoints.json").read_text(encoding="utf-8")
    (root / "specs" / "seed-facts" / f"{NEW}.json").write_text(
        facts.replace('"spec": "huawei-endpoints"', f'"spec": "{NEW}"'), encoding="utf-8"
    )
    return root


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=600, check=False)


def test_the_new_spec_gets_its_full_suite(project: Path) -> None:
    run = _pytest(project, "contract_tests", "-k", NEW, "--junitxml", "junit.xml")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    cases = ElementTree.parse(project / "junit.xml").getroot().iter("testcase")
    modules = {case.get("classname", "").rsplit(".", 1)[-1] for case in cases if NEW in case.get("name", "")}
    # Every check family the copied spec's x-list calls for (it has no sort, like its original).
    assert modules == {
        "test_property",
        "test_envelope",
        "test_pagination",
        "test_filters",
        "test_enums",
        "test_errors",
        "test_model_oracle",
    }


def test_the_projects_own_tests_still_pass(project: Path) -> None:
    run = _pytest(project, "tests/specs", "tests/suite", "tests/kinds", "-m", "not slow and not packaging")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
