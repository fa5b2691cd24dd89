"""contract_tests.reporting.traffic, coverage and drift: what a run observed, and its reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pinned import pinned_specs

from contract_tests.reporting.coverage import (
    NOT_PROVOKABLE,
    PROVEN,
    UNEXERCISED,
    UNPROVEN,
    coverage,
    percent_proven,
    render_markdown,
)
from contract_tests.reporting.drift import drift_rows
from contract_tests.reporting.report import Outcome
from contract_tests.reporting.traffic import DriftKey, TrafficLog, drift_of, undeclared

SPECS = pinned_specs()
HA3 = SPECS["opensearch-ha3-models"]
ROOT = Path(__file__).resolve().parents[2]


def _model(**extra: object) -> dict[str, object]:
    return {"name": "m", "type": "text_embedding", "status": "ok", **extra}


def test_undeclared_finds_fields_and_enum_values_at_any_depth() -> None:
    body = {
        "requestId": "r",
        "totalCount": 1,
        "result": [_model(type="text_rerank", surprise=1)],
        "top": True,
    }
    schema = HA3.response_media(200)[1]  # type: ignore[index]
    found = set(undeclared(HA3, schema, body, "$"))
    assert DriftKey("enum", "$.result[].type", '"text_rerank"') in found
    assert DriftKey("field", "$.result[].surprise", "int") in found
    assert DriftKey("field", "$.top", "bool") in found


def test_a_declared_body_has_no_drift() -> None:
    body = {"requestId": "r", "totalCount": 1, "result": [_model()]}
    assert drift_of(HA3, 200, {"Content-Type": "application/json"}, body) == []


def test_undocumented_status_media_type_and_header() -> None:
    assert drift_of(HA3, 418, {}, None) == [DriftKey("status", HA3.label, "418")]
    found = drift_of(HA3, 200, {"Content-Type": "text/html", "X-Gateway": "1", "Date": "now"}, None)
    assert DriftKey("media-type", "200", "text/html") in found
    assert DriftKey("header", "200", "x-gateway") in found
    assert all(key.value != "date" for key in found)  # transport headers are nobody's drift


def _observe(log: TrafficLog, url: str, status: int, body: object = None, method: str = "GET") -> None:
    log.observe(
        HA3,
        method=method,
        url=url,
        status=status,
        headers={"Content-Type": "application/json"},
        body=body,
        curl=lambda: "curl x",
    )


def test_observations_feed_coverage_and_drift() -> None:
    log = TrafficLog()
    _observe(log, "http://h/x?pageSize=5&type=text_embedding", 200, {"totalCount": 0, "result": [], "odd": 1})
    _observe(log, "http://h/x", 405, method="TRACE")  # a probe of another method is not the contract's
    outcomes = [
        Outcome(HA3.key, "filters", "t::test_a[x]", "passed"),
        Outcome(HA3.key, "sorting", "t::test_b[x]", "skipped", "not proven on this data: every item ties"),
        Outcome(HA3.key, "pagination", "t::test_c[x]", "skipped", "no second page"),
    ]
    items = {(i.kind, i.name): i.state for i in coverage({HA3.key: HA3}, log, outcomes)}
    assert items[("parameter", "pageSize")] == PROVEN
    assert items[("parameter", "pageNumber")] == UNEXERCISED
    assert items[("status", "200")] == PROVEN and items[("status", "400")] == UNEXERCISED
    assert items[("test:sorting", "test_b[x]")] == UNPROVEN
    assert items[("test:pagination", "test_c[x]")] == UNEXERCISED
    assert 0 < percent_proven(list(coverage({HA3.key: HA3}, log, outcomes))) < 100
    rows = drift_rows({HA3.key: HA3}, log)
    assert [(r["kind"], r["where"]) for r in rows] == [("field", "$.odd")]
    assert log.of(HA3.key).statuses[405] == 0


def test_statuses_no_client_can_provoke_are_their_own_class_outside_the_percentage() -> None:
    """Issue 22: 408 and 5xx counted as "not exercised", so 100% was unreachable."""
    endpoints, zstack = SPECS["huawei-endpoints"], SPECS["zstack-model-services"]
    log = TrafficLog()
    items = coverage({endpoints.key: endpoints, zstack.key: zstack}, log, [])
    states = {(i.api, i.name): i.state for i in items if i.kind == "status"}
    assert states[(endpoints.key, "408")] == NOT_PROVOKABLE
    assert states[(endpoints.key, "500")] == NOT_PROVOKABLE
    assert states[(endpoints.key, "401")] == UNEXERCISED
    # ZStack's 503 is its documented answer to a bad session: a client provokes it, so it counts.
    assert states[(zstack.key, "503")] == UNEXERCISED
    # Everything else proven: 100% is reachable, and the unprovokable statuses are still listed.
    proven = [i if i.state == NOT_PROVOKABLE else type(i)(i.api, i.kind, i.name, PROVEN) for i in items]
    assert percent_proven(proven) == 100.0
    markdown = render_markdown(proven)
    listed = "Not provokable by a black-box client, not counted: 2 "
    listed += "(huawei-endpoints 408, huawei-endpoints 500)"
    assert listed in markdown
    assert markdown.count("| not provokable |") == 2


def test_an_answered_unprovokable_status_is_proven() -> None:
    endpoints = SPECS["huawei-endpoints"]
    log = TrafficLog()
    log.observe(
        endpoints,
        method="GET",
        url="http://h/v1/workspaces/w/endpoints",
        status=500,
        headers={"Content-Type": "application/json"},
        body=None,
        curl=lambda: "curl x",
    )
    states = {i.name: i.state for i in coverage({endpoints.key: endpoints}, log, []) if i.kind == "status"}
    assert states["500"] == PROVEN and states["408"] == NOT_PROVOKABLE


def _suite(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("TARGET", "TARGET_FILE", "APIS", "SEED")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=ROOT,
        env={**clean, "MAX_EXAMPLES": "3", "SEED": "11", "REPORTS": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_an_undocumented_enum_value_reaches_the_drift_report(tmp_path: Path) -> None:
    result = _suite(
        tmp_path, APIS="huawei-endpoints", REFERENCE_PROVIDER_VARIANT="huawei-endpoints-status-active"
    )
    assert result.returncode == 1, result.stdout[-2000:]
    rows = json.loads((tmp_path / "drift.json").read_text())["drift"]
    assert any(r["kind"] == "enum" and r["value"] == '"ACTIVE"' for r in rows), rows
    assert (tmp_path / "coverage.json").exists()


@pytest.mark.slow
def test_min_coverage_gate_fails_a_green_run(tmp_path: Path) -> None:
    result = _suite(tmp_path, APIS="opensearch-ha3-models", MIN_COVERAGE="100")
    assert result.returncode == 1, result.stdout[-2000:]
    assert "is below MIN_COVERAGE=100%" in result.stdout
    passing = _suite(tmp_path, APIS="opensearch-ha3-models", MIN_COVERAGE="1")
    assert passing.returncode == 0, passing.stdout[-2000:]


@pytest.mark.slow
def test_xdist_workers_share_the_seed_the_provider_and_the_reports(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in ("TARGET", "TARGET_FILE", "APIS", "SEED")}
    env = {
        **clean,
        "MAX_EXAMPLES": "5",
        "REPORTS": str(tmp_path),
        "APIS": "huawei-endpoints",
        "REFERENCE_PROVIDER_VARIANT": "huawei-endpoints-unknown-enum-ignored",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "contract_tests", "-q", "-p", "no:cacheprovider", "-n", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    data = json.loads((tmp_path / "conformance.json").read_text())
    seed = data["seed"]
    assert f"seed {seed}: rerun with SEED={seed}" in result.stdout  # the failure names the header's seed
    assert f"contract seed: {seed}" in result.stdout or f"seed: {seed}" in result.stdout
    failed = [o for o in data["outcomes"] if o["outcome"] == "failed"]
    # Both property tests of the API (examples+coverage, fuzzing) may find it; nothing else does.
    assert {o["family"] for o in failed} == {"property"} and "Document fact" in failed[0]["detail"]
    assert len(data["outcomes"]) > 10
    coverage_data = json.loads((tmp_path / "coverage.json").read_text())
    assert any(i["kind"] == "parameter" and i["state"] == "proven" for i in coverage_data["items"])
