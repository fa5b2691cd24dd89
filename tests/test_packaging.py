"""The installable tool: a wheel built from a copy of the sources carries the specs and the entry points,
and, installed outside the checkout, finds its specs and keeps its exit codes (0 / 1 tests / 2 config).

Marked `packaging` (deselect with `-m "not packaging"`): it builds a wheel with pip (build isolation,
setuptools from the configured index) and runs the installed command three times, about 40 s in all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted(path.name for path in (ROOT / "specs").glob("*.yaml") if not path.name.startswith("."))
SOURCES = ("pyproject.toml", "contract_tests", "reference_provider", "specs", "targets")
TIMEOUT_S = 120

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (the checkout stays clean of build/ and egg-info)."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / name)
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_S)
    [built] = dist.glob("listapi_contracts-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed (without its dependencies, which this venv has) into a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target)]
    subprocess.run([*command, str(wheel)], check=True, capture_output=True, timeout=TIMEOUT_S)
    return target


def _run(installed: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """An installed command, run from a folder that is not the checkout, with only the install importable."""
    environment = {**os.environ, "PYTHONPATH": str(installed), "REPORTS": str(cwd / "reports"), **env}
    for name in ("TARGET", "TARGET_FILE", "APIS", "REFERENCE_PROVIDER_VARIANT"):
        if name not in env:
            environment.pop(name, None)
    # pytest and python are this venv's (the install has no dependencies); the console script the install's.
    if args[0] in ("pytest", "python"):
        program = [sys.executable, "-m", "pytest"] if args[0] == "pytest" else [sys.executable]
    else:
        program = [str(installed / "bin" / args[0])]
    return subprocess.run(
        [*program, *args[1:]],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=TIMEOUT_S,
    )  # fmt: skip


def test_wheel_carries_specs_targets_and_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [entry_points_file] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        entry_points = archive.read(entry_points_file).decode()
    assert {f"contract_tests/_specs/{name}" for name in SPECS} <= names
    # The owned seed facts too: a failure quotes the document's row from them.
    facts = sorted(path.name for path in (ROOT / "specs" / "seed-facts").glob("*.json"))
    assert facts and {f"contract_tests/_specs/seed-facts/{name}" for name in facts} <= names
    assert {"contract_tests/_targets/local.toml", "reference_provider/_targets/local.toml"} <= names
    assert "contract_tests/conftest.py" in names and "contract_tests/runner/cli.py" in names
    assert not any(name.startswith("tools/") for name in names)  # no generic top-level `tools`
    assert "listapi-contracts = contract_tests.runner.cli:main" in entry_points
    assert "[pytest11]\nlistapi_contracts = contract_tests.runner.pytest_entry" in entry_points


def test_wheel_carries_every_module_of_the_packages(wheel: Path) -> None:
    # The packages are listed by hand in pyproject.toml; a new subpackage must not be left out.
    expected = {
        path.relative_to(ROOT).as_posix()
        for package in ("contract_tests", "reference_provider")
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    with zipfile.ZipFile(wheel) as archive:
        assert sorted(expected - set(archive.namelist())) == []


def test_help_lists_the_commands(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, tmp_path, "listapi-contracts", "--help")
    assert result.returncode == 0, result.stderr
    assert all(command in result.stdout for command in ("run", "serve", "mutation"))


def test_configuration_error_exits_2_with_one_line(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, tmp_path, "listapi-contracts", "run", "--apis", "no-such-api")
    assert result.returncode == 2
    output = result.stdout.splitlines() + result.stderr.splitlines()
    [line] = [line for line in output if "no-such-api" in line]
    assert "Traceback" not in result.stdout + result.stderr
    # The known APIs come from the installed specs: an install without them lists none.
    assert line.endswith("known: " + ", ".join(name.removesuffix(".yaml") for name in SPECS))


def test_installed_suite_finds_its_specs_and_fails_a_faulty_provider_with_1(
    installed: Path, tmp_path: Path
) -> None:
    result = _run(
        installed, tmp_path,
        "listapi-contracts", "run", "--apis", "zstack-model-services", "-q", "-p", "no:cacheprovider",
        "-k", "test_every_page_carries_items_and_a_consistent_total",
        REFERENCE_PROVIDER_VARIANT="zstack-total-dropped",
    )  # fmt: skip
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "1 failed" in result.stdout
    assert (tmp_path / "reports" / "contract-junit.xml").is_file()


def test_the_pytest_plugin_is_inert_unless_asked_for(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "test_other.py").write_text("def test_other():\n    assert True\n", encoding="utf-8")
    plain = _run(installed, tmp_path, "pytest", "-q", "-p", "no:cacheprovider", TARGET="not a url")
    assert plain.returncode == 0, plain.stdout + plain.stderr  # the suite would stop on this TARGET
    # Asked for, the entry point and the package's conftest.py both want the suite's plugin; one
    # registers it and the other sees it (registering twice would be an internal error, exit 3).
    asked = _run(
        installed, tmp_path,
        "pytest", "--contract-suite", str(installed / "contract_tests"), "--collect-only", "-q",
        "-p", "no:cacheprovider", f"--rootdir={installed}", "-k", "test_every_page_carries_items",
        APIS="zstack-model-services",
    )  # fmt: skip
    assert asked.returncode == 0, asked.stdout[-2000:] + asked.stderr[-2000:]
    assert "test_every_page_carries_items_and_a_consistent_total[zstack-model-services]" in asked.stdout


def test_mutation_outside_a_checkout_says_why_it_cannot_run(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, tmp_path, "listapi-contracts", "mutation")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("run it from the clone's root")


def _stamp_recipe() -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("$(STAMP):"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_the_clone_venv_installs_the_project_after_the_lock() -> None:
    """Issue 22: failure lines name `listapi-contracts`, which a clone's .venv/bin did not have."""
    recipe = _stamp_recipe()
    lock = next(i for i, line in enumerate(recipe) if "-r requirements.lock" in line)
    project = next(i for i, line in enumerate(recipe) if "--no-deps -e ." in line)
    assert lock < project < next(i for i, line in enumerate(recipe) if "touch $(STAMP)" in line)
    # A venv made before this rule changed is brought up to date: the rule depends on the Makefile too.
    rule = next(line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith("$(STAMP):"))
    assert {"requirements.lock", "pyproject.toml", "Makefile"} <= set(rule.split(":", 1)[1].split())


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(), reason="runs in the Makefile's venv only"
)
def test_the_clone_venv_has_the_command_failure_lines_name() -> None:
    command = Path(sys.executable).parent / "listapi-contracts"
    result = subprocess.run(
        [str(command), "--version"], capture_output=True, text=True, timeout=TIMEOUT_S, cwd="/"
    )
    assert result.returncode == 0, result.stderr
    version = next(
        line.split('"')[1]
        for line in (ROOT / "pyproject.toml").read_text().splitlines()
        if line.startswith("version =")
    )
    assert result.stdout.strip() == f"listapi-contracts {version}"


def test_installed_codegen_exports_the_specs_and_generates_signed_clients(
    installed: Path, tmp_path: Path
) -> None:
    """Issue 22: codegen, the spec export and the signing helper existed only in a clone."""
    out = tmp_path / "generated"
    result = _run(
        installed, tmp_path, "listapi-contracts", "codegen", "--out", str(out), "--typescript", "skip"
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert sorted(path.name for path in (out / "specs").glob("*.yaml")) == SPECS
    for name in SPECS:
        stem = name.removesuffix(".yaml")
        assert (out / "models" / f"{stem.replace('-', '_')}.py").is_file()
        assert (out / "clients" / stem / f"{stem.replace('-', '_')}_client" / "client.py").is_file()
    # The signing helper is the installed package's: it signs a request with the local credentials.
    probe = (
        "import yaml, httpx, contract_tests.codegen.auth as a; "
        f"spec = yaml.safe_load(open({str(out / 'specs' / 'pai-eas-services.yaml')!r})); "
        "auth = a.auth_for_operation(spec, 'ListServices', a.credentials()); "
        "request = next(auth.auth_flow(httpx.Request('GET', 'http://127.0.0.1:1/api/v2/services'))); "
        "print(a.__file__); print(request.headers['Authorization'].split()[0])"
    )
    signed = _run(installed, tmp_path, "python", "-c", probe)
    assert signed.returncode == 0, signed.stderr[-2000:]
    where, scheme = signed.stdout.split()
    assert Path(where).is_relative_to(installed) and scheme == "ACS3-HMAC-SHA256"


def test_pytest_contract_suite_finds_the_suite_on_its_own(installed: Path, tmp_path: Path) -> None:
    """Issue 22: in another repository with tests of its own, `pytest --contract-suite` collected no
    contract test, ran that repository's tests and exited 0."""
    (tmp_path / "test_other.py").write_text("def test_other():\n    assert True\n", encoding="utf-8")
    common = ("-q", "-p", "no:cacheprovider", f"--rootdir={tmp_path}")
    env = {"APIS": "zstack-model-services", "EMBEDDED_TRANSPORT": "wsgi"}
    alone = _run(
        installed, tmp_path, "pytest", "--contract-suite", *common, "-k", "test_every_page_carries", **env
    )
    assert alone.returncode == 0, alone.stdout[-2000:] + alone.stderr[-2000:]
    assert "1 passed" in alone.stdout and "test_other" not in alone.stdout
    beside = _run(
        installed, tmp_path, "pytest", "--contract-suite", "test_other.py", *common, "-rA",
        "-k", "test_every_page_carries or test_other", **env,
    )  # fmt: skip
    assert beside.returncode == 0, beside.stdout[-2000:] + beside.stderr[-2000:]
    assert "2 passed" in beside.stdout and "test_other" in beside.stdout


def test_a_run_without_a_contract_test_is_never_green(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "test_other.py").write_text("def test_other():\n    assert True\n", encoding="utf-8")
    done = _run(
        installed, tmp_path, "pytest", "--contract-suite", "test_other.py", "-q", "-p", "no:cacheprovider",
        f"--rootdir={tmp_path}", "-k", "test_other",
        APIS="zstack-model-services", EMBEDDED_TRANSPORT="wsgi",
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-2000:]
    lines = [line for line in output.splitlines() if "contract suite:" in line]
    assert len(lines) == 1 and "no contract test ran" in lines[0], output[-2000:]
    assert "No test was judged" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
