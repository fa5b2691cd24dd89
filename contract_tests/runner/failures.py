"""How a broken rule is reported: API, operation, check family, the document fact, and a curl to reproduce."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pytest

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.verdicts import Advisory
from contract_tests.runner.run import RunContext
from contract_tests.transport.client import ListResponse


def format_violation(
    spec: ApiSpec,
    family: str,
    rule: str,
    problems: Sequence[str],
    *,
    fact: str,
    seed: int | None,
    responses: Iterable[ListResponse] = (),
) -> str:
    lines = [
        f"[{spec.key}] {spec.operation_id} ({spec.label}) · {family} · {rule}",
        f"Document fact: {fact}",
        "Problems:",
        *(f"  - {problem}" for problem in problems[:10]),
    ]
    if len(problems) > 10:
        lines.append(f"  … and {len(problems) - 10} more")
    shown = list(responses)[-2:]
    if shown:
        lines.append(f"Reproduce (seed {seed}):" if seed is not None else "Reproduce:")
        for response in shown:
            lines.append(f"  {response.curl}")
            lines.append(f"    -> HTTP {response.status} {response.media_type or '(no content type)'}")
    return "\n".join(lines)


def require(
    problems: Sequence[str],
    spec: ApiSpec,
    family: str,
    rule: str,
    *,
    fact: str,
    seed: int | None,
    responses: Iterable[ListResponse] = (),
) -> None:
    """Fail the test, without a Python traceback, when any problem was found."""
    __tracebackhide__ = True
    if problems:
        message = format_violation(spec, family, rule, problems, fact=fact, seed=seed, responses=responses)
        pytest.fail(message, pytrace=False)


@dataclass(frozen=True)
class Verdict:
    """One test's judge, bound to its run, API and check family (the `verdict` fixture), so a check
    states only its problems, its rule and the document fact."""

    run: RunContext
    spec: ApiSpec
    family: str

    def require(
        self, problems: Sequence[str], rule: str, *, fact: str, responses: Iterable[ListResponse] = ()
    ) -> None:
        __tracebackhide__ = True
        require(problems, self.spec, self.family, rule, fact=fact, seed=self.run.seed, responses=responses)

    def advise(self, check: str, title: str, reason: str, response: ListResponse | None = None) -> None:
        """Report an undocumented opinion: counted in the run's advisories, never a failure of this test."""
        curl = response.curl if response is not None else ""
        self.run.advisories.add(
            Advisory(api=self.spec.key, check=check, title=title, reason=reason, curl=curl)
        )


def cannot_support(reason: str) -> None:
    """The target's data cannot support this test: skip, with the reason in the report."""
    __tracebackhide__ = True
    pytest.skip(f"target data cannot support this test: {reason}")
