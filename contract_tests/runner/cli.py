"""listapi-contracts: the installed command. Run the contract suite, serve the reference provider, or (from
a checkout) measure the suite against the provider's faulty variants.

    listapi-contracts run [--target URL | --target-file FILE] [--apis A,B] [--reports DIR] [--seed N]
                          [pytest args]
    listapi-contracts serve --port N [--variant NAME | --list-variants]
    listapi-contracts replay URL       # send a request of a failure again, re-signed now (GET only)
    listapi-contracts codegen [--out DIR]   # export the specs, generate models and clients from them
    listapi-contracts mutation [...]   # needs a checkout: its runner (tools/mutation) is not installed
    listapi-contracts baseline [--reports DIR] [--out FILE] [--force]   # a BASELINE from a run's failures
    listapi-contracts merge-reports DIR... [--out DIR]   # one report across SHARD runs, MIN_COVERAGE once

`run` exits 0 when every contract holds, 1 when a test failed, 2 on a configuration error (bad URL,
missing credential, unreadable target file, unknown API, bad pytest arguments).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tomllib
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import NoReturn

import pytest

from contract_tests.runner.report_commands import COMMANDS as REPORT_COMMANDS

TESTS_FAILED = 1
CONFIGURATION_ERROR = 2
DISTRIBUTION = "listapi-contracts"
SERVE_PROG = "listapi-contracts serve"
CODEGEN_PROG = "listapi-contracts codegen"


def package_version() -> str:
    """The installed distribution's version; in a checkout that was never installed, pyproject.toml's."""
    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        with pyproject.open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return "unknown"


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse that reports a bad argument on one line (no usage block) and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(CONFIGURATION_ERROR, f"{self.prog}: error: {message}\n")


def build_parser() -> OneLineErrorParser:
    parser = OneLineErrorParser(
        prog="listapi-contracts",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Configuration not given as an option is read from the environment as in the README "
        "(SEED, MAX_EXAMPLES, REQUEST_TIMEOUT, credentials, ...).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(
        dest="command", metavar="{run,serve,replay,codegen,mutation}", parser_class=OneLineErrorParser
    )
    run = commands.add_parser(
        "run",
        allow_abbrev=False,  # a pytest option must never be taken for an abbreviation of ours
        help="run the contract suite; with no target, against the embedded reference provider",
        description="Run the contract suite. Arguments it does not know are passed to pytest.",
    )
    run.add_argument("--target", metavar="URL", help="base URL of the provider under test (sets TARGET)")
    run.add_argument("--target-file", metavar="FILE", help="a TOML target file (sets TARGET_FILE)")
    run.add_argument("--apis", metavar="A,B", help="comma list of API keys (sets APIS); default: all")
    run.add_argument("--reports", metavar="DIR", help="where reports go (sets REPORTS; default reports/)")
    run.add_argument("--seed", metavar="N", type=int, help="reproduce a run (sets SEED)")
    commands.add_parser("serve", help="the reference provider on 127.0.0.1 (python -m reference_provider)")
    replay = commands.add_parser(
        "replay", help="send one request of a failure again, re-signed now with the environment's credentials"
    )
    replay.add_argument("url", help="the URL of the curl line (its API is found from the path)")
    commands.add_parser(
        "codegen",
        help="export the specs and generate pydantic models and typed clients from them "
        '(needs the generators: pip install "listapi-contracts[codegen]")',
    )
    commands.add_parser("mutation", help="the suite's kill rate against faulty variants (needs a checkout)")
    return parser


def run_suite(options: argparse.Namespace, pytest_args: Sequence[str]) -> int:
    # The suite reads its configuration from the environment (12-factor), so the options land there.
    for name, value in (
        ("TARGET", options.target),
        ("TARGET_FILE", options.target_file),
        ("APIS", options.apis),
        ("REPORTS", options.reports),
        ("SEED", None if options.seed is None else str(options.seed)),
    ):
        if value is not None:
            os.environ[name] = value
    reports = Path(os.environ.get("REPORTS") or "reports")
    try:
        reports.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"cannot create reports folder {reports}: {error.strerror}"
        print(f"listapi-contracts: error: {message}", file=sys.stderr)
        return CONFIGURATION_ERROR
    code = pytest.main([*suite_arguments(reports), *pytest_args])
    return exit_code(int(code))


def suite_arguments(reports: Path) -> list[str]:
    """pytest arguments that run the suite's package wherever it is installed, as `make test-provider` does.

    The package folder (not `--pyargs`) makes contract_tests/conftest.py an initial conftest, so a
    configuration error stops the run before collection, in one line. The rootdir is the folder holding
    the package (the checkout, or site-packages, whose cache would then be written beside the caller).
    """
    package = Path(__file__).resolve().parent.parent
    return [
        str(package),
        f"--rootdir={package.parent}",
        "-o",
        f"cache_dir={Path.cwd() / '.pytest_cache'}",
        # This module imported the package before pytest could mark it; its test files are still rewritten.
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        "-ra",
        # Verdicts are explicit (pytest.fail with the contract's text), never a bare assert: rewriting
        # every imported plugin module (schemathesis' own) only costs seconds of start-up.
        "--assert=plain",
        # Parallel tests only against a slow target (contract_tests/runner/parallel.py).
        "-n",
        "auto",
        "--dist",
        "loadgroup",
        f"--junitxml={reports / 'contract-junit.xml'}",
    ]


def exit_code(pytest_code: int) -> int:
    """0 passed, 1 tests failed, 2 configuration (the suite's own exit, usage errors, nothing collected)."""
    if pytest_code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return pytest_code
    if pytest_code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED):
        return CONFIGURATION_ERROR
    return pytest_code  # 2: the suite stopped on a configuration error (or was interrupted); 3: internal


def _is_checkout(folder: Path) -> bool:
    """A clone of this project (not merely some folder that happens to have a tools/ package)."""
    try:
        project = (folder / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    runner = folder / "tools" / "mutation" / "__main__.py"
    return 'name = "listapi-contracts"' in project and runner.is_file()


def mutation_main() -> Callable[[list[str]], int] | None:
    """The mutation runner's main, when a checkout provides it (the installed package does not)."""
    checkout = Path.cwd()
    if _is_checkout(checkout) and str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))
    try:
        module = importlib.import_module("tools.mutation.__main__")
    except ImportError:
        return None
    return module.main


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command, rest = (arguments[0], arguments[1:]) if arguments else (None, [])
    # serve, codegen and mutation own their arguments (and their --help); dispatch before parsing.
    if command == "serve":
        from reference_provider.cli import main as serve_main

        return serve_main(rest, prog=SERVE_PROG)
    if command == "codegen":
        from contract_tests.codegen.generate import main as codegen_main

        return codegen_main(rest, prog=CODEGEN_PROG)
    if command in REPORT_COMMANDS:  # baseline, merge-reports: contract_tests/runner/report_commands.py
        return REPORT_COMMANDS[command](rest)
    if command == "mutation":
        runner = mutation_main()
        if runner is None:
            print(
                "listapi-contracts: error: mutation needs a checkout of the repository "
                "(its runner, tools/mutation, is not installed); run it from the clone's root",
                file=sys.stderr,
            )
            return CONFIGURATION_ERROR
        return runner(rest)
    parser = build_parser()
    options, pytest_args = parser.parse_known_args(arguments)
    if options.command is None:  # no command at all
        parser.print_help(sys.stderr)
        return CONFIGURATION_ERROR
    if pytest_args and options.command != "run":
        parser.error(f"unrecognized arguments: {' '.join(pytest_args)}")
    if options.command == "replay":
        return replay_request(options.url)
    return run_suite(options, pytest_args)


def replay_request(url: str) -> int:
    from contract_tests.runner.replay import ReplayError, replay

    try:
        return replay(url, os.environ)
    except ReplayError as error:
        print(f"listapi-contracts: error: {error}", file=sys.stderr)
        return CONFIGURATION_ERROR
    except OSError as error:  # requests' connection errors and timeouts are OSErrors
        print(
            f"listapi-contracts: error: no answer from {url.split('?')[0]}: {type(error).__name__}",
            file=sys.stderr,
        )
        return CONFIGURATION_ERROR


if __name__ == "__main__":
    sys.exit(main())
