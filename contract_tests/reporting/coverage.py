"""Contract coverage: what one run actually exercised, per API, and what it could not prove.

Each item is `proven` (exercised, and the test judging it passed or failed on it), `not proven on
this data` (the test ran, but the target's data could not tell right from wrong), `not exercised`,
or `not provokable`: a documented status no black-box client can call up at will (408, 500 and the
other 5xx, unless an `x-error-cases` entry or `x-failed-call` says which request gets it). Those are
listed on their own and left out of the percentage, so a run can reach 100%; answered, they are
proven like any other. Parameters and statuses come from the observed traffic; filters, sorts,
pagination edges and error cases from the semantic tests' outcomes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.verdicts import failed_call_statuses
from contract_tests.reporting.report import NOT_PROVEN, Outcome, is_unproven
from contract_tests.reporting.traffic import ApiTraffic, TrafficLog

PROVEN, UNPROVEN, UNEXERCISED = "proven", "not proven on this data", "not exercised"
NOT_PROVOKABLE = "not provokable"
# A request timeout, and the server errors: the provider's state, not the request, decides them.
UNPROVOKABLE_STATUSES = frozenset({408})


@dataclass(frozen=True)
class CoverageItem:
    api: str
    kind: str  # parameter | enum-value | status | test
    name: str
    state: str
    detail: str = ""


def parameter_items(spec: ApiSpec, traffic: ApiTraffic) -> list[CoverageItem]:
    items = []
    for name, param in spec.parameters.items():
        if param.get("in") != "query":
            continue
        sent = traffic.params_sent.get(name, 0)
        state = PROVEN if sent else UNEXERCISED
        items.append(CoverageItem(spec.key, "parameter", name, state, f"sent {sent} time(s)"))
        for value in spec.parameter_schema(name).get("enum", ()):
            seen = str(value) in traffic.values_sent.get(name, set())
            items.append(
                CoverageItem(spec.key, "enum-value", f"{name}={value}", PROVEN if seen else UNEXERCISED)
            )
    return items


def provokable(spec: ApiSpec, code: int) -> bool:
    """Whether a black-box client can make the provider answer this documented status: any 4xx but a
    timeout, and a 408 or 5xx only where the spec says which request gets it (an error case, or the
    `x-failed-call` status given to any failed call)."""
    if code not in UNPROVOKABLE_STATUSES and code < 500:
        return True
    documented = {status for case in spec.error_cases for status in case.statuses}
    return code in documented or code in failed_call_statuses(spec)


def status_items(spec: ApiSpec, traffic: ApiTraffic) -> list[CoverageItem]:
    items = []
    for status in spec.operation.get("responses", {}):
        code = int(status) if str(status).isdigit() else None
        count = traffic.statuses.get(code, 0) if code is not None else 0
        detail = f"answered {count} time(s)"
        if count:
            state = PROVEN
        elif code is not None and not provokable(spec, code):
            state, detail = NOT_PROVOKABLE, "no request can provoke it; not counted in the percentage"
        else:
            state = UNEXERCISED
        items.append(CoverageItem(spec.key, "status", str(status), state, detail))
    return items


def test_items(spec: ApiSpec, outcomes: Sequence[Outcome]) -> list[CoverageItem]:
    items = []
    for outcome in outcomes:
        if outcome.api != spec.key or outcome.family == "property" or outcome.outcome == "deselected":
            continue  # a deselected test (-k, SHARD) is another run's to cover
        if outcome.outcome in ("passed", "failed", "accepted"):
            state, detail = PROVEN, outcome.outcome
        elif is_unproven(outcome.reason):
            state, detail = UNPROVEN, outcome.reason.removeprefix(NOT_PROVEN).strip()
        else:
            state, detail = UNEXERCISED, outcome.reason
        items.append(
            CoverageItem(spec.key, f"test:{outcome.family}", outcome.test.split("::")[-1], state, detail)
        )
    return items


def coverage(
    specs: Mapping[str, ApiSpec], traffic: TrafficLog, outcomes: Sequence[Outcome]
) -> list[CoverageItem]:
    items: list[CoverageItem] = []
    for key, spec in specs.items():
        observed = traffic.of(key)
        items += parameter_items(spec, observed) + status_items(spec, observed) + test_items(spec, outcomes)
    return items


def counted(items: Sequence[CoverageItem]) -> list[CoverageItem]:
    """The items the percentage is of: all but the statuses no request can provoke."""
    return [i for i in items if i.state != NOT_PROVOKABLE]


def percent_proven(items: Sequence[CoverageItem]) -> float:
    base = counted(items)
    return 100.0 * sum(1 for i in base if i.state == PROVEN) / len(base) if base else 100.0


def render_markdown(items: Sequence[CoverageItem]) -> str:
    apart = [i for i in items if i.state == NOT_PROVOKABLE]
    lines = [
        "# Contract coverage",
        "",
        f"Proven: {percent_proven(items):.1f}% of {len(counted(items))} items",
        "",
    ]
    if apart:
        listed = ", ".join(f"{i.api} {i.name}" for i in apart)
        lines += [f"Not provokable by a black-box client, not counted: {len(apart)} ({listed})", ""]
    for api in sorted({i.api for i in items}):
        own = [i for i in items if i.api == api]
        lines += [
            f"## {api} ({percent_proven(own):.1f}% proven)",
            "",
            "| kind | item | state | detail |",
            "|---|---|---|---|",
        ]
        for item in own:
            lines.append(f"| {item.kind} | {item.name} | {item.state} | {item.detail.replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def write_coverage(items: Sequence[CoverageItem], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / "coverage.json"
    payload = {
        "percent_proven": round(percent_proven(items), 1),
        "counted": len(counted(items)),
        "not_provokable": sum(1 for i in items if i.state == NOT_PROVOKABLE),
        "items": [asdict(i) for i in items],
    }
    data.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    markdown = directory / "coverage.md"
    markdown.write_text(render_markdown(items), encoding="utf-8")
    return [markdown, data]
