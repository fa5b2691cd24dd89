"""pytest wiring of the contract suite: resolve the target before collection, parametrize from the specs,
record each outcome per API × check family, and write the conformance summary."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from schemathesis.errors import FailureGroup

from contract_tests.config.target import TargetError
from contract_tests.model.specs import SpecError
from contract_tests.reporting.coverage import coverage, percent_proven, write_coverage
from contract_tests.reporting.drift import drift_rows, write_drift
from contract_tests.reporting.report import NOT_JUDGED, Outcome, not_proven, terminal_lines, write_reports
from contract_tests.reporting.stopped import write_stopped_reports
from contract_tests.reporting.summary_page import RunSummary, write_summary_page
from contract_tests.runner.embedded import EmbeddedProviderError
from contract_tests.runner.failures import Verdict
from contract_tests.runner.markers import MARKER_HELP, api_of, family_of, parametrize_cases
from contract_tests.runner.parallel import PREFLIGHT, group_of
from contract_tests.runner.preflight import PreflightFailed
from contract_tests.runner.run import RunContext, UnreachableTarget, build_run
from contract_tests.runner.sharding import Shard, ShardError
from contract_tests.runner.xdist_support import (
    EMBEDDED_KEY,
    GATE_KEY,
    SEED_KEY,
    SLICES_KEY,
    XdistBridge,
    send_results,
    worker_input,
)
from contract_tests.transport.gate import shared_gate_file
from contract_tests.transport.signing import MissingCredential

RUN = pytest.StashKey[RunContext]()
SHARD = pytest.StashKey[Shard]()
_CONFIG: list[pytest.Config] = []  # pytest_runtest_logreport receives no config
OUTCOMES = pytest.StashKey[list[Outcome]]()
# With SHARD set a shard sees only its part: MIN_COVERAGE is applied once, by merge-reports.
DEFERRED = "coverage gate deferred to merge-reports (SHARD is set)"


def pytest_configure(config: pytest.Config) -> None:
    for line in MARKER_HELP:
        config.addinivalue_line("markers", line)
    handed = worker_input(config) or {}
    environ = dict(os.environ)
    if SEED_KEY in handed:
        environ["SEED"] = str(handed[SEED_KEY])  # every xdist worker runs the controller's seed
    try:
        shard = Shard.parse(environ.get("SHARD", ""))
        decided = config.stash.get(PREFLIGHT, None)
        run = build_run(
            environ,
            embedded_url=handed.get(EMBEDDED_KEY),
            gate_file=_gate_file(config, handed),
            already_sent=decided.sent if decided is not None and not handed else None,
            answered=decided.answered if decided is not None and not handed else None,
            check=not handed,
        )
    except (
        SpecError,
        TargetError,
        MissingCredential,
        EmbeddedProviderError,
        UnreachableTarget,
        PreflightFailed,
        ShardError,
    ) as exc:
        line = f"contract suite: {exc}"
        if not handed:  # the controller (or the one process) replaces the earlier run's reports
            write_stopped_reports(
                Path(os.environ.get("REPORTS", "reports")),
                line,
                junit=_junit_path(config),
                step_summary=os.environ.get("GITHUB_STEP_SUMMARY"),
            )
        pytest.exit(line, returncode=2)
    if shard is not None:
        config.stash[SHARD] = shard
    run.property_slices = int(handed.get(SLICES_KEY, 1))
    config.stash[RUN] = run
    config.stash[OUTCOMES] = []
    _CONFIG.append(config)
    if config.pluginmanager.hasplugin("xdist") and not handed:
        config.pluginmanager.register(XdistBridge(config), "contract_tests.xdist_bridge")


def _junit_path(config: pytest.Config) -> Path | None:
    xmlpath = getattr(config.option, "xmlpath", None)
    return Path(xmlpath) if xmlpath else None


def _gate_file(config: pytest.Config, handed: dict[str, Any]) -> Path | None:
    """Where the request gate's state lives when xdist workers share it: handed by the controller, or
    made by it (removed when it ends). None in a single process: the gate stays in memory."""
    if GATE_KEY in handed:
        return Path(handed[GATE_KEY])
    if not getattr(config.option, "numprocesses", None):
        return None
    directory = Path(tempfile.mkdtemp(prefix="contract-gate-"))
    config.add_cleanup(lambda: shutil.rmtree(directory, ignore_errors=True))
    return shared_gate_file(directory)


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN, None)
    if run is not None:
        run.close()
    if _CONFIG and _CONFIG[-1] is config:
        _CONFIG.pop()


def pytest_report_header(config: pytest.Config) -> list[str]:
    run = config.stash.get(RUN, None)
    if run is None:
        return []
    settings = run.target.settings
    urls = sorted({run.target.for_api(key).base_url for key in run.specs})
    lines = [
        f"contract target: {run.target.source} ({', '.join(urls)})",
        f"contract APIs: {', '.join(run.specs)}",
        f"contract seed: {run.seed} (set SEED={run.seed} to reproduce); "
        f"max examples per operation: {settings.max_examples}",
        f"contract load: MAX_REQUESTS={settings.max_requests}, MODEL_EXAMPLES={settings.model_examples}, "
        f"CONCURRENCY={settings.concurrency}, "
        f"RATE_LIMIT={settings.rate_limit.text if settings.rate_limit else 'none'}, "
        f"REQUEST_TIMEOUT={settings.request_timeout:g} s",
    ]
    lines.append(
        "contract values: a TARGET_FILE's [api.<key>], then its [values], then the environment"
        + (" (then targets/local.toml)" if run.target.embedded else "")
    )
    lines += [f"contract {line}" for line in run.preflight_warnings]
    if run.target.shadowed:
        names = ", ".join(run.target.shadowed)
        lines.append(f"contract values: the target file's value is used, not the environment's, for {names}")
    shard = config.stash.get(SHARD, None)
    if shard is not None:
        lines.append(f"contract shard: {shard.index} of {shard.count} (by API and check family)")
    if (config.rootpath / "schemathesis.toml").exists() or Path("schemathesis.toml").exists():
        # Generation settings are the suite's own (SEED, MAX_EXAMPLES, phases per safety): say so.
        lines.append("schemathesis.toml found and NOT read: the suite sets generation from SEED/MAX_EXAMPLES")
    return lines


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    run = metafunc.config.stash.get(RUN, None)
    if run is not None:
        parametrize_cases(metafunc, run.specs.values(), run.property_slices)


@pytest.fixture(scope="session")
def run(request: pytest.FixtureRequest) -> RunContext:
    return request.config.stash[RUN]


@pytest.fixture
def verdict(request: pytest.FixtureRequest, run: RunContext) -> Verdict:
    """The current test's judge: its run, the API of its case and the family of its marker."""
    spec = api_of(request.node)
    if spec is None:
        raise pytest.UsageError(f"{request.node.nodeid}: `verdict` needs a contract_cases test")
    return Verdict(run, spec, family_of(request.node))


def _api(item: pytest.Item) -> str:
    spec = api_of(item)
    return spec.key if spec is not None else "?"


def _case_id(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    return str(callspec.id) if callspec is not None else item.name


@pytest.hookimpl(tryfirst=True)  # before xdist's loadgroup reads the groups marked here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop the placeholders of tests no selected API has a case for, and label every test with its
    API and family (JUnit carries item.user_properties on every phase's report)."""
    placeholders = [item for item in items if _is_empty_parameter_set(item)]
    if placeholders:
        config.hook.pytest_deselected(items=placeholders)
        items[:] = [item for item in items if item not in placeholders]
    groups = {item: (_api(item), family_of(item)) for item in items}
    for item, (api, family) in groups.items():
        item.user_properties.extend([("api", api), ("family", family)])
        item.add_marker(pytest.mark.xdist_group(group_of(api, family, _case_id(item))))
    shard = config.stash.get(SHARD, None)
    if shard is not None:
        others = [item for item in items if not shard.owns(list(groups.values()), groups[item])]
        config.hook.pytest_deselected(items=others)
        items[:] = [item for item in items if item not in others]


DESELECTED = pytest.StashKey[dict[str, Outcome]]()


def pytest_deselected(items: list[pytest.Item]) -> None:
    """A deselected contract test (-k, -m, SHARD) is reported as deselected, never as a pass."""
    config = _CONFIG[-1] if _CONFIG else None
    if config is None or config.stash.get(RUN, None) is None:
        return
    found = config.stash.setdefault(DESELECTED, {})
    for item in items:
        spec = api_of(item)
        if spec is not None and not _is_empty_parameter_set(item):
            found[item.nodeid] = Outcome(spec.key, family_of(item), item.nodeid, "deselected")


def _is_empty_parameter_set(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("skip")
    reason = str(marker.kwargs.get("reason", "")) if marker else ""
    return reason.startswith("got empty parameter set")


def _readable_failure(call: pytest.CallInfo[Any]) -> str | None:
    """Schemathesis' own failure text (checks, document facts, curl) instead of a group traceback."""
    if call.excinfo is None or not isinstance(call.excinfo.value, FailureGroup):
        return None
    return call.excinfo.value.message


READABLE = pytest.StashKey[str]()


@pytest.hookimpl(trylast=True)
def pytest_exception_interact(
    node: pytest.Item, call: pytest.CallInfo[Any], report: pytest.TestReport
) -> None:
    """Schemathesis' hook formats its failure group as a traceback; give back the readable text."""
    readable = node.stash.get(READABLE, None)
    if readable is not None and report.when == "call":
        report.longrepr = readable


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    if call.when == "teardown" and hasattr(item, "hypothesis_statistics"):
        del item.hypothesis_statistics  # a base64 blob in JUnit that no CI viewer can read
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    api, family = _api(item), family_of(item)
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        reason = ""
        if report.skipped and isinstance(report.longrepr, tuple):
            reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        run = item.config.stash.get(RUN, None)
        readable = _readable_failure(call)
        if report.failed and run is not None:
            lines = [f"seed {run.seed}: rerun with SEED={run.seed}"]
            spec = run.specs.get(api)
            if spec is not None:
                # Schemathesis' own text names the check; this names the contract it enforces.
                source = f" ({spec.cited_document})" if spec.seed_document else ""
                lines.append(f"contract: specs/{spec.path.name}, {spec.operation_id} {spec.label}{source}")
            if readable and report.when == "call":
                # Set here, before any report is logged: JUnit and xdist read it then, not after.
                item.stash[READABLE] = report.longrepr = "\n".join([readable, *lines])
            else:
                report.sections.append(("contract suite", "\n".join(lines)))
        detail = (readable or str(report.longrepr))[:4000] if report.failed else ""
        # A plain attribute: xdist carries it to the controller with the report.
        report.contract_outcome = {"api": api, "family": family, "reason": reason, "detail": detail}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Outcomes are counted where reports arrive: here, or on the xdist controller."""
    found = getattr(report, "contract_outcome", None)
    config = _CONFIG[-1] if _CONFIG else None
    if not found or config is None or worker_input(config) is not None:
        return
    state = found.get("outcome", report.outcome)  # "accepted": set by the baseline plugin
    outcome = Outcome(found["api"], found["family"], report.nodeid, state, found["reason"], found["detail"])
    config.stash[OUTCOMES].append(outcome)


@dataclass(frozen=True)
class RunReports:
    paths: list[Path]
    coverage_percent: float
    coverage_gate: str  # "" when no MIN_COVERAGE is set or it is met


REPORTS_WRITTEN = pytest.StashKey[RunReports]()
NOTHING_RAN = pytest.StashKey[str]()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write every report before the terminal summary, and apply the MIN_COVERAGE gate."""
    config = session.config
    run = config.stash.get(RUN, None)
    if run is None:
        return
    deselected = config.stash.get(DESELECTED, {})
    if worker_input(config) is not None:
        send_results(
            config,
            run.advisories.to_data(),
            run.traffic.to_data(),
            [outcome.__dict__ for outcome in deselected.values()],
        )
        return
    outcomes = config.stash[OUTCOMES]
    ran = {outcome.test for outcome in outcomes}
    outcomes += [o for test, o in deselected.items() if test not in ran]
    reports_dir = Path(os.environ.get("REPORTS", "reports"))
    judged = any(o.api != "?" and o.outcome != "deselected" for o in outcomes)
    if not judged and not config.option.collectonly:
        # Nothing of the contract was judged: never a green run (issue 22, `pytest --contract-suite`
        # elsewhere ran that repository's tests and exited 0).
        line = (
            "contract suite: no contract test ran (none was collected from the paths given, or -k, -m "
            "or SHARD deselected every one); run it with no path, or with the contract_tests folder"
        )
        write_stopped_reports(reports_dir, line, step_summary=os.environ.get("GITHUB_STEP_SUMMARY"))
        config.stash[NOTHING_RAN] = line
        session.exitstatus = 2
        return
    target = ", ".join(sorted({run.target.for_api(key).base_url for key in run.specs}))
    paths = write_reports(
        outcomes,
        reports_dir,
        target=f"{run.target.source} ({target})",
        seed=run.seed,
        advisories=run.advisories.items(),
    )
    items = coverage(run.specs, run.traffic, outcomes)
    drift = drift_rows(run.specs, run.traffic)
    paths += write_coverage(items, reports_dir)
    paths += write_drift(drift, reports_dir)
    minimum = os.environ.get("MIN_COVERAGE", "").strip()
    deferred = [DEFERRED] if minimum and config.stash.get(SHARD, None) is not None else []
    summary = RunSummary(
        target=f"{run.target.source} ({target})",
        seed=run.seed,
        outcomes=outcomes,
        coverage=items,
        drift=drift,
        advisories=run.advisories.items(),
        notes=deferred,
    )
    paths = write_summary_page(summary, reports_dir, os.environ.get("GITHUB_STEP_SUMMARY")) + paths
    percent, gate = percent_proven(items), ""
    if minimum and not deferred:
        try:
            wanted = float(minimum)
        except ValueError:
            wanted = 101.0
            gate = f"MIN_COVERAGE={minimum!r} is not a number"
        if not gate and percent < wanted:
            gate = f"contract coverage {percent:.1f}% is below MIN_COVERAGE={wanted:g}%"
        if gate and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    config.stash[REPORTS_WRITTEN] = RunReports(paths, percent, gate)


def budget_line(run: RunContext, outcomes: list[Outcome]) -> str:
    """How much of MAX_REQUESTS the run used, and how many tests it left unjudged."""
    budget = run.target.settings.max_requests
    beyond = sum(1 for o in not_proven(outcomes) if "MAX_REQUESTS" in o.reason)
    line = f"requests: {run.gate.sent} of MAX_REQUESTS={budget}"
    if beyond:
        line += f"; {beyond} test(s) not proven for want of requests (raise MAX_REQUESTS to judge them)"
    return line


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    run = config.stash.get(RUN, None)
    written = config.stash.get(REPORTS_WRITTEN, None)
    nothing = config.stash.get(NOTHING_RAN, None)
    if nothing is not None:
        terminalreporter.write_line(nothing, red=True)
        return
    if run is None or written is None:
        return
    outcomes = config.stash[OUTCOMES]
    advisories = run.advisories.items()
    terminalreporter.section("contract conformance")
    for line in terminal_lines(outcomes):
        terminalreporter.write_line(line)
    conformance = next((p for p in written.paths if p.name == "conformance.md"), "conformance.md")
    unproven = not_proven(outcomes)
    unjudged = sum(1 for o in unproven if o.reason.startswith(NOT_JUDGED))
    skipped = sum(1 for o in outcomes if o.outcome == "skipped") - len(unproven)
    terminalreporter.write_line(
        f"not proven on this data: {len(unproven) - unjudged}; "
        + (f"not judged: {unjudged}; " if unjudged else "")
        + f"skipped: {skipped} (reasons in {conformance})"
        + "".join(f"; deselected: {n}" for n in [sum(1 for o in outcomes if o.outcome == "deselected")] if n)
    )
    terminalreporter.write_line(budget_line(run, outcomes))
    for line in run.preflight_warnings:
        terminalreporter.write_line(line, yellow=True)
    verdict = "failing, STRICT=1" if run.policy.strict else "not failures; STRICT=1 fails them"
    terminalreporter.write_line(
        f"advisories: {sum(n for _, n in advisories)} in {len(advisories)} kinds ({verdict})"
    )
    for advisory, count in advisories[:10]:
        terminalreporter.write_line(f"  {advisory.api} {advisory.check} ×{count}: {advisory.title}")
    drift = sum(len(run.traffic.of(key).drift) for key in run.specs)
    terminalreporter.write_line(
        f"coverage: {written.coverage_percent:.1f}% proven; drift: {drift} undeclared thing(s)"
    )
    if written.coverage_gate:
        terminalreporter.write_line(f"FAILED: {written.coverage_gate}", red=True)
    if os.environ.get("MIN_COVERAGE", "").strip() and config.stash.get(SHARD, None) is not None:
        terminalreporter.write_line(f"MIN_COVERAGE: {DEFERRED}")
    terminalreporter.write_line(f"seed: {run.seed} — rerun with SEED={run.seed}")
    terminalreporter.write_line("reports: " + ", ".join(str(p) for p in written.paths))
