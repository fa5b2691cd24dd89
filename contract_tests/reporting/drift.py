"""Drift: what the target returned that its spec does not declare, with what a spec change would absorb.

Undeclared fields are allowed (responses may carry extra fields), so drift never fails a run; it is
what a spec maintainer and the users of generated code need to hear about.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from contract_tests.model.specs import ApiSpec
from contract_tests.reporting.traffic import DriftKey, TrafficLog

_ADVICE = {
    "field": "field `{where}` ({value}) is not declared in the spec's schema",
    "enum": "`{where}` returned {value}: not in the enum the spec declares there",
    "status": "status {value} is not a documented response of {where}",
    "media-type": "status {where} came as `{value}`, not a declared media type",
    "header": "status {where} carried header `{value}`, which the spec does not declare",
}


def drift_rows(specs: Mapping[str, ApiSpec], traffic: TrafficLog) -> list[dict[str, object]]:
    rows = []
    for key in specs:
        observed = traffic.of(key)
        for drift, count in sorted(observed.drift.items(), key=lambda kv: (kv[0].kind, kv[0].where)):
            rows.append(
                {
                    "api": key,
                    "kind": drift.kind,
                    "where": drift.where,
                    "value": drift.value,
                    "count": count,
                    "advice": advice(drift),
                    "example": observed.drift_examples.get(drift, ""),
                }
            )
    return rows


def advice(drift: DriftKey) -> str:
    return _ADVICE[drift.kind].format(where=drift.where, value=drift.value)


def write_drift(rows: list[dict[str, object]], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "drift.json"
    data.write_text(json.dumps({"drift": rows}, indent=2), encoding="utf-8")
    lines = ["# Drift: returned by the target, not declared by the spec", ""]
    if not rows:
        lines.append("None observed.")
    for row in rows:
        lines.append(f"- **{row['api']}** ×{row['count']}: {row['advice']}")
        if row["example"]:
            lines.append(f"  `{row['example']}`")
    markdown = directory / "drift.md"
    markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [markdown, data]
