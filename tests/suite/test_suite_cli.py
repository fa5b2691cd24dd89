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
