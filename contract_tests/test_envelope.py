"""Every page of a plain walk is a well-formed list envelope (items, total, request id, outcome flag),
and every item it lists matches the item schema."""

from __future__ import annotations

import pytest

from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.rules import (
    page_size_problems,
    request_id_problems,
    success_flag_problems,
    total_problems,
)
from contract_tests.runner.failures import Verdict
from contract_tests.runner.steps import item_problems, require_whole, usable_walk, walk_at

pytestmark = pytest.mark.contract_family("envelope")


@pytest.mark.contract_cases("api")
def test_every_page_carries_items_and_a_consistent_total(verdict: Verdict, api: ApiSpec) -> None:
    """Every page of the model walk and of the walk at the default size (a client that sends no size
    gets those pages; where the largest promised size is the default, they are one walk)."""
    model = usable_walk(verdict, need_items=0, whole=False)
    default = walk_at(verdict.run, api)
    problems, shown = [], []
    for walk in [model] if default is model else [model, default]:
        where = "" if walk.size is None else f" (size {walk.size})"
        for number, page in enumerate(walk.pages, start=1):
            if page.status != 200:
                continue
            found = []
            if page.media_type != "application/json" and not page.media_type.endswith("+json"):
                found.append(f"came as `{page.media_type or 'no content type'}`, not application/json")
            found += total_problems(api.semantics, page.query, page.body, page.items or [])
            if walk is default:  # an explicit size is the page-size tests' to judge
                found += page_size_problems(api.semantics, page.query, page.items or [])
            problems += [f"page {number}{where}: {p}" for p in found]
            shown += [page] if found and len(shown) < 2 else []
    verdict.require(problems, "list envelope", fact=api.fact(), responses=shown or model.pages[:2])
    require_whole(api, model)  # the pages read are well-formed; the rest could not be read


@pytest.mark.contract_cases("request_id_api")
def test_request_id_is_returned(verdict: Verdict, api: ApiSpec) -> None:
    walk = usable_walk(verdict, need_items=0, whole=False)
    page = walk.first
    problems = request_id_problems(api.semantics, dict(page.response.headers), page.body)
    verdict.require(problems, "request id", fact=api.fact(), responses=[page])


@pytest.mark.contract_cases("success_flag_api")
def test_success_flag_agrees_with_error(verdict: Verdict, api: ApiSpec) -> None:
    walk = usable_walk(verdict, need_items=0, whole=False)
    problems = [p for page in walk.pages for p in success_flag_problems(api.semantics, page.body)]
    verdict.require(problems, "success agrees with error", fact=api.fact(), responses=walk.pages[:1])
    require_whole(api, walk)


@pytest.mark.contract_cases("api")
def test_every_item_matches_its_schema(verdict: Verdict, api: ApiSpec) -> None:
    """Every item of the full walk against the documented item schema: deterministic, so a field-type
    fault is found wherever it sits, not only on pages that fuzzing happens to visit."""
    walk = usable_walk(verdict, need_items=1, whole=False)
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
    verdict.require(problems, "items match the item schema", fact=api.fact(), responses=pages)
    require_whole(api, walk)  # the items read match; the rest could not be read
