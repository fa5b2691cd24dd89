"""One report across SHARD=k/n runs: the shards' conformance, coverage and drift JSON combined, and the
MIN_COVERAGE gate applied once, to the union (a shard defers its gate to this merge).

Coverage items are merged by (API, kind, name): an item is proven when any shard proved it (a shard
sends only its own families' requests, so a parameter another shard exercised is "not exercised" in
it), else not proven on this data when any shard says so, else not exercised.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_tests.oracles.verdicts import Advisory
from contract_tests.reporting.coverage import PROVEN, UNEXERCISED, UNPROVEN, CoverageItem
from contract_tests.reporting.report import AdvisoryCount, Outcome

_RANK = {PROVEN: 0, UNPROVEN: 1, UNEXERCISED: 2}


class MergeError(ValueError):
    """A shard's reports are missing or unreadable (one line)."""


@dataclass
class Merged:
    target: str = ""
    seed: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    coverage: list[CoverageItem] = field(default_factory=list)
    drift: list[dict[str, object]] = field(default_factory=list)
    advisories: list[AdvisoryCount] = field(default_factory=list)
    stale: list[dict[str, str]] = field(default_factory=list)  # baseline entries no shard used
    findings: dict[str, list[str]] = field(default_factory=dict)


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeError(f"{path} is missing: is {directory} a shard's reports folder?") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise MergeError(f"cannot read {path}: {type(error).__name__}") from None
    if not isinstance(data, dict):
        raise MergeError(f"{path} is not a report object")
    return data


def merge_coverage(shards: Sequence[Sequence[CoverageItem]]) -> list[CoverageItem]:
    best: dict[tuple[str, str, str], CoverageItem] = {}
    for items in shards:
        for item in items:
            key = (item.api, item.kind, item.name)
            if key not in best or _RANK.get(item.state, 3) < _RANK.get(best[key].state, 3):
                best[key] = item
    return list(best.values())


def merge_drift(shards: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, object]]:
    rows: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for shard in shards:
        for row in shard:
            key = (str(row["api"]), str(row["kind"]), str(row["where"]), str(row["value"]))
            if key in rows:
                rows[key]["count"] = int(str(rows[key]["count"])) + int(row["count"])
            else:
                rows[key] = dict(row)
    return [rows[key] for key in sorted(rows)]


def merge_advisories(shards: Sequence[Sequence[dict[str, Any]]]) -> list[AdvisoryCount]:
    found: dict[tuple[str, str, str], tuple[Advisory, int]] = {}
    for shard in shards:
        for row in shard:
            advisory = Advisory(row["api"], row["check"], row["title"], row["reason"], row["curl"])
            key = (advisory.api, advisory.check, advisory.title)
            first, count = found.get(key, (advisory, 0))
            found[key] = (first, count + int(row.get("count", 1)))
    return [found[key] for key in sorted(found)]


def merge_outcomes(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """One outcome per test: a test every shard deselected stays deselected; otherwise the shard that
    ran it tells (each shard reports the others' tests as deselected)."""
    chosen: dict[str, Outcome] = {}
    for outcome in outcomes:
        known = chosen.get(outcome.test)
        if known is None or (known.outcome == "deselected" and outcome.outcome != "deselected"):
            chosen[outcome.test] = outcome
    return list(chosen.values())


def merge_reports(directories: Sequence[Path]) -> Merged:
    merged = Merged()
    coverage: list[list[CoverageItem]] = []
    drift: list[list[dict[str, Any]]] = []
    advisories: list[list[dict[str, Any]]] = []
    stale_sets: list[list[dict[str, str]]] = []
    for directory in directories:
        conformance = _read(directory, "conformance.json")
        try:
            merged.target = merged.target or str(conformance["target"])
            merged.seed = merged.seed or int(conformance["seed"])
            merged.outcomes += [Outcome(**o) for o in conformance["outcomes"]]
            advisories.append(list(conformance.get("advisories", [])))
            coverage.append([CoverageItem(**i) for i in _read(directory, "coverage.json")["items"]])
            drift.append(list(_read(directory, "drift.json")["drift"]))
        except (KeyError, TypeError, ValueError) as error:
            raise MergeError(f"{directory}: a report lacks what a merge needs ({error})") from None
        if "baseline" in conformance:
            stale_sets.append(list(conformance["baseline"].get("stale", [])))
        merged.findings.update(conformance.get("findings", {}))
    merged.outcomes = merge_outcomes(merged.outcomes)
    merged.coverage = merge_coverage(coverage)
    merged.drift = merge_drift(drift)
    merged.advisories = merge_advisories(advisories)
    if stale_sets:  # stale only when no shard used it
        merged.stale = [entry for entry in stale_sets[0] if all(entry in other for other in stale_sets[1:])]
    return merged
