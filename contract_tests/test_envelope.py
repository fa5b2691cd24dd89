"""Every page of a plain walk is a well-formed list envelope (items, total, request id, outcome flag),
and every item it lists matches the item schema."""

from __future__ import annotations

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.rules import (
    page_size_problems,
    request_id_problems,
    success_flag_problems,
    total_problems,
)
from contract_tests.runner.failures import require
from contract_tests.runner.run import RunContext
from contract_tests.runner.steps import item_problems, usable_walk

FAMILY = "envelope"


def test_every_page_carries_items_and_a_consistent_total(run: RunContext, api: ApiSpec) -> None:
    walk = usable_walk(run, api, family=FAMILY, need_items=0)
    problems = []
    for number, page in enumerate(walk.pages, start=1):
        if page.status != 200:
            continue
        if page.media_type != "application/json" and not page.media_type.endswith("+json"):
            problems.append(
                f"page {number} came as `{page.media_type or 'no content type'}`, not application/json"
            )
        found = [*total_problems(api.semantics, page.query, page.body, page.items or [])]
        found += page_size_problems(api.semantics, page.query, page.items or [])
        problems += [f"page {number}: {p}" for p in found]
    require(problems, api, FAMILY, "list envelope", fact=api.fact(), seed=run.seed, responses=walk.pages[:2])


def test_request_id_is_returned(run: RunContext, request_id_api: ApiSpec) -> None:
    walk = usable_walk(run, request_id_api, family=FAMILY, need_items=0)
    page = walk.first
    problems = request_id_problems(request_id_api.semantics, dict(page.response.headers), page.body)
    require(
        problems,
        request_id_api,
        FAMILY,
        "request id",
        fact=request_id_api.fact(),
        seed=run.seed,
        responses=[page],
    )


def test_success_flag_agrees_with_error(run: RunContext, success_flag_api: ApiSpec) -> None:
    walk = usable_walk(run, success_flag_api, family=FAMILY, need_items=0)
    problems = [
        p for page in walk.pages for p in success_flag_problems(success_flag_api.semantics, page.body)
    ]
    require(
        problems,
        success_flag_api,
        FAMILY,
        "success agrees with error",
        fact=success_flag_api.fact(),
        seed=run.seed,
        responses=walk.pages[:1],
    )


def test_every_item_matches_its_schema(run: RunContext, api: ApiSpec) -> None:
    """Every item of the full walk against the documented item schema: deterministic, so a field-type
    fault is found wherever it sits, not only on pages that fuzzing happens to visit."""
    walk = usable_walk(run, api, family=FAMILY, need_items=1)
    problems: list[str] = []
    pages = []
    page_of = [number for number, page in enumerate(walk.pages) for _ in page.items or []]
    for index, item in enumerate(walk.items):
        found = item_problems(api, item, f"{api.semantics.items}[{index}]")
        if found and len(pages) < 2 and index < len(page_of):
            pages.append(walk.pages[page_of[index]])
        problems += found
        if len(problems) >= 20:
            break
    require(
        problems, api, FAMILY, "items match the item schema", fact=api.fact(), seed=run.seed, responses=pages
    )
