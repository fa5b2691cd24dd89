"""The package's pytest11 entry point: inert until asked for.

Installing listapi-contracts into a project's test environment must not start a reference provider (or
stop on a missing TARGET) in that project's own pytest runs, so the suite's plugins load only with
`--contract-suite`; running the suite's own package (`pytest --pyargs contract_tests`, or
`listapi-contracts run`) loads them through contract_tests/conftest.py. Both register them under their
module names, so neither registers one twice.

`pytest --contract-suite` finds the suite on its own: with no path it runs the installed
contract_tests package; with paths of the caller's own and none of the suite, the package is added to
them (issue 22: it used to collect no contract test, run the other repository's tests and exit 0).
"""

from __future__ import annotations

from pathlib import Path

import pytest

PLUGIN = "contract_tests.runner.plugin"
# Order matters: the scrubber filters everything the run writes, the limits plugin stops on a spent
# retry budget, the main plugin resolves the target, the baseline plugin reports accepted findings
# (BASELINE), FAIL_FAST orders the tests.
PLUGINS = (
    "contract_tests.runner.scrub_plugin",
    "contract_tests.runner.limits_plugin",
    PLUGIN,
    "contract_tests.runner.baseline_plugin",
    "contract_tests.runner.fail_fast",
)
PACKAGE = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("listapi-contracts").addoption(
        "--contract-suite",
        action="store_true",
        help="run the listapi-contracts suite (target from TARGET / TARGET_FILE / APIS, as in its README); "
        "with no path the installed suite alone, else the suite beside the paths given",
    )


def load_plugins(config: pytest.Config) -> None:
    for name in PLUGINS:
        if not config.pluginmanager.has_plugin(name):
            config.pluginmanager.import_plugin(name)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("contract_suite"):
        return
    add_the_suite(config)
    load_plugins(config)


def names_the_suite(config: pytest.Config, argument: str) -> bool:
    """Whether a collection argument is (in) the suite's package, or contains it."""
    if getattr(config.option, "pyargs", False) and argument.split("::")[0].split(".")[0] == PACKAGE.name:
        return True
    path = (config.invocation_params.dir / argument.split("::")[0]).resolve()
    return path == PACKAGE or PACKAGE in path.parents or path in PACKAGE.parents


def add_the_suite(config: pytest.Config) -> None:
    """Collect the installed suite when the arguments do not name it."""
    given = config.args_source == pytest.Config.ArgsSource.ARGS
    if given and any(names_the_suite(config, argument) for argument in config.args):
        return
    config.args[:] = [*config.args, str(PACKAGE)] if given else [str(PACKAGE)]
