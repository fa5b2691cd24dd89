"""A model that could not be read whole is not the tests' fault (issue 22): with a provider that fails
from page 4 of PAI-EAS on, the filter tests said "7 item(s) that do not match were returned" because
the full walk they compare against stopped at 300 of 347 items. Now they are "not judged", counted
in the summary, and the walk test alone fails."""

from __future__ import annotations

import json
from pathlib import Path

from contract_tests.config.target import load_local_defaults
from reference_provider import ProviderConfig, create_app
from tests.fault_servers import run_suite, running
from tests.fault_servers.apps import fail_from_page

LOCAL = load_local_defaults()
PAI_ENV = {
    "APIS": "pai-eas-services",
    "ALIBABA_CLOUD_ACCESS_KEY_ID": LOCAL["ALIBABA_CLOUD_ACCESS_KEY_ID"],
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": LOCAL["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
    "SEED": "7",
    "MAX_EXAMPLES": "3",
}
WALK_TEST = "test_walk_from_first_page_yields_exactly_total"


def test_an_incomplete_model_leaves_the_comparing_tests_not_judged_and_blames_the_walk(
    tmp_path: Path,
) -> None:
    app = fail_from_page("/api/v2/services", "PageNumber", 4, create_app(ProviderConfig.local()))
    reports = tmp_path / "reports"
    with running(app) as url:
        done = run_suite(
            {**PAI_ENV, "TARGET": url}, reports, args=("-k", "filter or sort or walk_from_first or enum")
        )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    outcomes = json.loads((reports / "conformance.json").read_text())["outcomes"]
    failed = [o["test"].split("::")[-1] for o in outcomes if o["outcome"] == "failed"]
    assert failed == [f"{WALK_TEST}[pai-eas-services]"], failed
    unjudged = [o for o in outcomes if o["reason"].startswith("not judged:")]
    filters = [o for o in unjudged if o["family"] == "filters"]
    assert len(filters) >= 10, [o["test"] for o in outcomes]
    assert {o["reason"] for o in unjudged} == {
        "not judged: the full list could not be read (pai-eas-services: page 4 answered HTTP 500 after "
        f"300 of 347 items; {WALK_TEST} reports it)"
    }
    assert not any("do not match" in o["detail"] for o in outcomes)
    # Counted apart, never a pass: the summary line and the grid.
    assert f"not judged: {len(unjudged)};" in done.stdout
    [row] = [line for line in (reports / "conformance.md").read_text().splitlines() if "| pai-eas" in line]
    assert row.split(" | ")[4].startswith("not proven")  # the filters column
