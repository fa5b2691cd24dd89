"""The list model: random documented queries, each answer compared with what the spec's x-list predicts
from the full walk (contract_tests/oracles/model.py). Where the documents are silent the model applies a
named tolerance; a disagreement is shrunk by Hypothesis to a minimal query and reported with its curl."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, Verbosity, given, reject, seed, settings

from contract_tests.model.body import item_key
from contract_tests.model.semantics import ListSemantics
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.model import ListModel, Prediction, Query
from contract_tests.oracles.queries import model_of, queries, query_space
from contract_tests.oracles.walk import Walk
from contract_tests.runner.failures import Verdict
from contract_tests.runner.run import RunContext
from contract_tests.runner.steps import documented_error_problems, known_total, not_proven, usable_walk
from contract_tests.transport.client import ListResponse
from contract_tests.transport.gate import BudgetExhausted

pytestmark = pytest.mark.contract_family("pagination")

# Shrinking a disagreement may send at most this many requests per example the run allows.
SHRINK_REQUESTS_PER_EXAMPLE = 4


class Disagreement(AssertionError):
    def __init__(self, problems: list[str], query: Query, page: ListResponse, prediction: Prediction) -> None:
        super().__init__("; ".join(problems))
        self.problems, self.query, self.page, self.prediction = problems, query, page, prediction


@dataclass
class Outcome:
    problems: list[str]
    page: ListResponse
    prediction: Prediction


def _judge(spec: ApiSpec, model: ListModel, query: Query, page: ListResponse) -> Outcome:
    prediction = model.predict(query)
    problems = model.judge(
        query,
        prediction,
        status=page.status,
        items=page.items,
        total=page.total,
        body=page.body,
        sent=page.query,
    )
    if not problems and page.status != 200:
        # A rejection the documents allow must still be the documented error.
        why = "; ".join(prediction.may_reject)
        problems = [f"{p} ({why})" for p in documented_error_problems(spec, page.status, page)]
    return Outcome(problems, page, prediction)


def _complete(walk: Walk, sem: ListSemantics) -> str:
    """Why a walk cannot serve as the model ("" when it can)."""
    if walk.failed_page is not None or walk.stopped_by_cap:
        return "the full walk did not complete"
    distinct = len({item_key(item, sem.item_id) for item in walk.items})
    if sem.total is not None and known_total(walk) != distinct:
        return f"the full walk lists {distinct} distinct items but `{sem.total}` says {known_total(walk)}"
    return ""


def _complete_walk(run: RunContext, verdict: Verdict) -> Walk:
    """The full walk, or else the walk at the default size (shared with the pagination tests): a
    provider that mishandles the largest size still has a model."""
    spec = verdict.spec
    walk = usable_walk(verdict, need_items=0)
    why = _complete(walk, spec.semantics)
    if why and walk.size is not None:
        fallback = run.walk(spec.key)
        if not _complete(fallback, spec.semantics):
            return fallback
    if why:
        not_proven(f"{why}, so there is no model of the whole list (the pagination tests judge the walk)")
    return walk


def _cited(sem: ListSemantics, query: Query) -> list[str]:
    """The parameters whose document facts a disagreement breaks: those sent, or for a plain request
    the paging parameters whose documented defaults it relies on."""
    paging = sem.pagination
    return query.names(sem) or [p for p in (paging.size_param, paging.position_param) if p]


def _shown(params: list[tuple[str, Any]]) -> str:
    return "&".join(f"{name}={value}" for name, value in params) or "(no parameters)"


@pytest.mark.contract_cases("api")
def test_random_documented_queries_agree_with_the_model(
    run: RunContext, verdict: Verdict, api: ApiSpec
) -> None:
    spec, sem = api, api.semantics
    examples = run.target.settings.model_examples
    if examples <= 0:
        pytest.skip("MODEL_EXAMPLES=0: the list model is switched off")
    walk = _complete_walk(run, verdict)
    model = model_of(spec, walk.items)
    client = run.client(spec.key)
    space = query_space(spec, model.items, run.rng(spec.key, "model"))
    cache: dict[str, Outcome] = {}
    state: dict[str, Any] = {"sent": 0, "refused": None}
    cap = examples * SHRINK_REQUESTS_PER_EXAMPLE

    def check(query: Query) -> None:
        params = query.params(sem)
        key = repr([(name, str(value)) for name, value in params])
        if key in cache and not cache[key].problems:
            reject()  # a query already judged: it does not count as one of the run's examples
        if key not in cache:
            if state["refused"] is not None or state["sent"] >= cap:
                return  # no request left for this run's model: the examples judged so far stand
            try:
                page = client.list(params)
            except BudgetExhausted as exc:
                state["refused"] = exc
                return
            state["sent"] += 1
            cache[key] = _judge(spec, model, query, page)
        outcome = cache[key]
        if outcome.problems:
            raise Disagreement(outcome.problems, query, outcome.page, outcome.prediction)

    hypothesis_seed = run.rng(spec.key, "model-hypothesis").getrandbits(64)
    runner = settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )(seed(hypothesis_seed)(given(queries(space, model))(check)))
    try:
        runner()
    except Disagreement as found:
        params = found.query.params(sem)
        tolerances = ", ".join(t.name for t in found.prediction.tolerances) or "none"
        problems = [
            *found.problems,
            f"query (shrunk by Hypothesis): {_shown(params)}",
            f"tolerances applied to this query: {tolerances}",
        ]
        verdict.require(
            problems,
            "answers agree with the list model",
            fact=spec.fact(*_cited(sem, found.query)),
            responses=[found.page],
        )
    if state["refused"] is not None and not cache:
        raise state["refused"]
