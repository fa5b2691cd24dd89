"""pytest-xdist wiring: one seed, one embedded provider and one set of reports for all workers.

The controller resolves the run (seed, target, embedded provider) and hands the seed and the
provider's address to every worker; each worker sends its advisories and traffic back when it
finishes, and the controller alone writes the reports. Registered only when xdist is active.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

SEED_KEY = "contract_seed"
EMBEDDED_KEY = "contract_embedded_url"
GATE_KEY = "contract_gate_file"
RESULTS_KEY = "contract_results"
SLICES_KEY = "contract_property_slices"


def worker_input(config: pytest.Config) -> dict[str, Any] | None:
    """What the controller handed this process, or None when it is not an xdist worker."""
    return getattr(config, "workerinput", None)


class XdistBridge:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_configure_node(self, node: Any) -> None:
        from contract_tests.runner.plugin import RUN

        run = self.config.stash[RUN]
        node.workerinput[SEED_KEY] = run.seed
        # One slice of each property phase per worker: xdist hands one-test groups out last; keep them short.
        node.workerinput[SLICES_KEY] = max(1, int(getattr(self.config.option, "numprocesses", 0) or 1))
        if run.gate_file is not None:  # one request budget and rate limit across the workers
            node.workerinput[GATE_KEY] = str(run.gate_file)
        # A provider process is shared; an in-process (wsgi) one cannot be, so each worker builds its own.
        if run.provider is not None and run.provider.transport == "http":
            node.workerinput[EMBEDDED_KEY] = run.provider.base_url

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        from contract_tests.runner.plugin import RUN

        results = getattr(node, "workeroutput", {}).get(RESULTS_KEY)
        if results:
            data = json.loads(results)
            run = self.config.stash[RUN]
            run.advisories.merge_data(data["advisories"])
            run.traffic.merge_data(data["traffic"])
            # Every worker deselects the same tests: each is reported once (by its node id).
            from contract_tests.reporting.report import Outcome
            from contract_tests.runner.plugin import DESELECTED

            found = self.config.stash.setdefault(DESELECTED, {})
            for outcome in data.get("deselected", []):
                found.setdefault(outcome["test"], Outcome(**outcome))


def send_results(
    config: pytest.Config,
    advisories: list[Any],
    traffic: dict[str, Any],
    deselected: list[dict[str, Any]] | None = None,
) -> None:
    """On a worker: hand this process's observations (and the tests it deselected) to the controller."""
    output = getattr(config, "workeroutput", None)
    if output is not None:
        payload = {"advisories": advisories, "traffic": traffic, "deselected": deselected or []}
        output[RESULTS_KEY] = json.dumps(payload)
