"""The listapi-contracts command's own logic, in process (the installed copy: tests/test_packaging.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.model.specs import SPECS_DIR, project_dir
from contract_tests.runner import cli


@pytest.mark.parametrize(
    ("pytest_code", "expected"),
    [
        (pytest.ExitCode.OK, 0),
        (pytest.ExitCode.TESTS_FAILED, 1),
        (pytest.ExitCode.INTERRUPTED, 2),  # the suite's own pytest.exit(returncode=2) on bad configuration
        (pytest.ExitCode.USAGE_ERROR, 2),
        (pytest.ExitCode.NO_TESTS_COLLECTED, 2),
        (pytest.ExitCode.INTERNAL_ERROR, 3),
    ],
)
def test_exit_codes_keep_failures_and_configuration_apart(pytest_code: int, expected: int) -> None:
    assert cli.exit_code(pytest_code) == expected


def test_no_command_prints_usage_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "usage: listapi-contracts" in capsys.readouterr().err


def test_an_unknown_command_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["bogus"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_suite_arguments_run_the_package_folder_with_junit(tmp_path: Path) -> None:
    arguments = cli.suite_arguments(tmp_path)
    package = Path(cli.__file__).resolve().parent.parent
    assert arguments[0] == str(package)
    assert f"--junitxml={tmp_path / 'contract-junit.xml'}" in arguments


def test_serve_passes_its_arguments_to_the_provider(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--list-variants"]) == 0
    assert capsys.readouterr().out.count("\n") > 50


def test_mutation_is_found_in_this_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(cli.__file__).resolve().parents[1])
    assert cli.mutation_main() is not None


def test_a_checkout_reads_its_own_specs() -> None:
    root = Path(cli.__file__).resolve().parents[2]
    assert root / "specs" == SPECS_DIR
    assert project_dir("targets") == root / "targets"


def test_version_prints_the_version_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 22: `--version` printed the help and exited 2."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"listapi-contracts {cli.package_version()}"


def test_the_version_falls_back_to_pyproject_when_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise cli.PackageNotFoundError(name)

    monkeypatch.setattr(cli, "installed_version", not_installed)
    root = Path(cli.__file__).resolve().parents[2]
    assert f'version = "{cli.package_version()}"' in (root / "pyproject.toml").read_text(encoding="utf-8")


def test_run_seed_sets_seed_as_the_environment_would(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 22: `run --seed 5` was an error; it means SEED=5."""
    monkeypatch.delenv("SEED", raising=False)
    seen: dict[str, str | None] = {}

    def fake_main(arguments: list[str]) -> int:
        import os

        seen["SEED"] = os.environ.get("SEED")
        seen["args"] = " ".join(arguments)
        return 0

    monkeypatch.setattr(cli.pytest, "main", fake_main)
    assert cli.main(["run", "--seed", "5", "--reports", str(tmp_path), "-k", "x"]) == 0
    assert seen["SEED"] == "5"
    assert "--seed" not in str(seen["args"])


def test_a_bad_seed_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["run", "--seed", "five"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_serve_help_names_the_command_the_user_typed(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 22: `serve --help` said `usage: python -m reference_provider`."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["serve", "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: listapi-contracts serve ")


def test_codegen_without_its_generators_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 22: `listapi-contracts codegen` did not exist; without the optional generators it says so."""
    from contract_tests.codegen import generate

    monkeypatch.setattr(generate, "missing_generators", lambda: ["openapi-python-client"])
    assert cli.main(["codegen", "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "listapi-contracts codegen: error: openapi-python-client not installed; install the generators "
        'with pip install "listapi-contracts[codegen]" (with the same -c lock)\n'
    )
    assert not (tmp_path / "out").exists()


def test_codegen_help_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["codegen", "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: listapi-contracts codegen ")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["codegen", "--bogus"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "listapi-contracts codegen: error: unrecognized arguments: --bogus\n"


def test_codegen_exports_the_packaged_specs(tmp_path: Path) -> None:
    from contract_tests.codegen.generate import export_specs

    exported = export_specs(SPECS_DIR, tmp_path)
    names = sorted(p.name for p in exported.iterdir())
    assert names == sorted(p.name for p in SPECS_DIR.glob("*.yaml") if not p.name.startswith("."))
    assert all((exported / n).read_bytes() == (SPECS_DIR / n).read_bytes() for n in names)


def test_the_codegen_extra_pins_the_generators_as_dev_does() -> None:
    import tomllib

    root = Path(cli.__file__).resolve().parents[2]
    with (root / "pyproject.toml").open("rb") as handle:
        extras = tomllib.load(handle)["project"]["optional-dependencies"]
    assert extras["codegen"] and set(extras["codegen"]) <= set(extras["dev"])
