"""Pagination, read from each spec's x-list.pagination: walks, page sizes, defaults, bounds, 1-based pages."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from contract_tests.model.body import item_key
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.rules import echo_problems
from contract_tests.oracles.walk import walk_pages
from contract_tests.runner.failures import Verdict
from contract_tests.runner.run import RunContext
from contract_tests.runner.selection import BoundCase
from contract_tests.runner.steps import (
    adaptive_page_sizes,
    assured_size,
    documented_error_problems,
    known_total,
    page_size,
    readable_size,
    require_whole,
    sequence_problems,
    usable_walk,
    walk_at,
)
from contract_tests.transport.client import ListResponse

pytestmark = pytest.mark.contract_family("pagination")
PAGES_PER_SIZE = 5


def _fact(spec: ApiSpec) -> str:
    paging = spec.semantics.pagination
    return spec.fact(*(p for p in (paging.position_param, paging.size_param) if p))


@pytest.mark.contract_cases("paged_api")
def test_walk_from_first_page_yields_exactly_total(verdict: Verdict, api: ApiSpec) -> None:
    """At the documented default size (no size sent), as a client that sends none pages the list."""
    spec, sem = api, api.semantics
    model = usable_walk(verdict, need_items=0, whole=False)
    walk = walk_at(verdict.run, spec)
    problems = []
    if walk.failed_page is not None:
        problems.append(f"a page of the walk answered HTTP {walk.failed_page.status}")
    if walk.stopped_by_cap:
        problems.append(f"paging never ended after {len(walk.pages)} pages")
    if model is not walk and model.incomplete():
        # The model walk (read at the largest promised size) is this test's to blame; the tests that
        # compare against it are not judged.
        problems.append(f"the walk at `{sem.pagination.size_param}={model.size}`: {model.incomplete()}")
    seen = Counter(item_key(item, sem.item_id) for item in walk.items)
    duplicates = sorted(key for key, count in seen.items() if count > 1)
    if duplicates:
        problems.append(f"{len(duplicates)} item(s) appear on more than one page, e.g. {duplicates[0]}")
    if sem.total is not None:
        totals = walk.totals
        if len(set(map(repr, totals))) > 1:
            problems.append(f"`{sem.total}` changes between pages: {totals}")
        total = totals[0] if totals else None
        if isinstance(total, int) and not isinstance(total, bool) and len(walk.items) != total:
            problems.append(
                f"walking every page yields {len(walk.items)} items, but `{sem.total}` says {total}"
            )
    verdict.require(
        problems,
        "walk yields exactly total",
        fact=_fact(spec),
        responses=walk.pages[-2:],
    )


@pytest.mark.contract_cases("paged_api")
def test_each_page_holds_page_size_while_more_remain(run: RunContext, verdict: Verdict, api: ApiSpec) -> None:
    """Walks at explicit page sizes chosen from the target's total (a third of it, 1, total + 1):
    every page but the last holds exactly that size, so an ignored size shows on 12 items as on 3,000.

    Where no maximum is documented, a size above the documented default may meet a maximum of the
    provider's own: rejected, or served as a full page of at least the default. That is reported as an
    advisory, not a failure (no document promises every size).
    """
    spec, paging = api, api.semantics.pagination
    full = usable_walk(verdict, need_items=1, whole=False)
    total = known_total(full)
    problems: list[str] = []
    shown = []
    for size in adaptive_page_sizes(spec, total, readable_size(full)):
        # A bounded walk: the first few pages prove the size; size 1 on 3,000 items need not go on.
        walk = walk_pages(run.client(spec.key), size=size, max_pages=PAGES_PER_SIZE)
        consumed = 0
        for index, page in enumerate(walk.pages):
            count = len(page.items or [])
            remaining = total - consumed
            expected = min(size, remaining)
            # A maximum applies to every page alike, so only the first page can show one.
            capped = _undocumented_cap(spec, size, page, count, remaining) if index == 0 else ""
            if capped:
                verdict.advise("undocumented-page-size-maximum", capped, _fact(spec), page)
                break
            if page.status != 200:
                problems.append(f"`{paging.size_param}={size}`: page {index + 1} answered HTTP {page.status}")
                break
            if remaining > 0 and count != expected:
                problems.append(
                    f"`{paging.size_param}={size}`: page {index + 1} holds {count} items; with {remaining} "
                    f"of {total} left it must hold {expected}"
                )
                break
            consumed += count
        if problems and not shown:
            shown = walk.pages[:2]
    verdict.require(
        problems,
        "full pages hold the page size",
        fact=_fact(spec),
        responses=shown,
    )


def _undocumented_cap(spec: ApiSpec, size: int, page: ListResponse, count: int, remaining: int) -> str:
    """Why this page looks like a maximum the documents do not state ("" when it does not)."""
    paging = spec.semantics.pagination
    promised = paging.promised_max_size
    if promised is None or size <= promised:
        return ""
    if 400 <= page.status < 500 and not documented_error_problems(spec, page.status, page):
        return f"`{paging.size_param}={size}` is rejected (HTTP {page.status}); no maximum is documented"
    if page.status == 200 and min(promised, remaining) <= count < min(size, remaining):
        return f"`{paging.size_param}={size}` is served as {count} items; no maximum is documented"
    return ""


@pytest.mark.contract_cases("paged_api")
def test_default_page_size_applies(run: RunContext, verdict: Verdict, api: ApiSpec) -> None:
    """Without a size the page holds the documented default, or every item when fewer exist."""
    spec = api
    size = page_size(spec)
    walk = usable_walk(verdict, need_items=1, whole=False)
    expected = min(size, known_total(walk))
    page = run.client(spec.key).list({})
    count = len(page.items or [])
    problems = (
        []
        if page.status == 200 and count == expected
        else [
            f"with no `{spec.semantics.pagination.size_param}` the page holds {count} items "
            f"(HTTP {page.status}); the documented default is {size} and {known_total(walk)} items exist, "
            f"so it must hold {expected}"
        ]
    )
    verdict.require(
        problems,
        "default page size",
        fact=spec.fact(spec.semantics.pagination.size_param or ""),
        responses=[page],
    )


@pytest.mark.contract_cases("paged_api")
def test_page_past_the_end_is_empty_and_keeps_total(run: RunContext, verdict: Verdict, api: ApiSpec) -> None:
    """A page past the end holds no items and keeps the total; rejecting it with a documented error is
    an advisory (the documents do not say which)."""
    spec, paging = api, api.semantics.pagination
    size = page_size(spec)
    walk = usable_walk(verdict, need_items=0, whole=False)
    total = walk.first.total if isinstance(walk.first.total, int) else len(walk.items)
    index = math.ceil(total / size) + 1
    page = run.client(spec.key).list(paging.page_params(index, None))
    problems = []
    if 400 <= page.status < 500 and not documented_error_problems(spec, page.status, page):
        # No document says what a page past the end gets: an empty list, or a documented rejection.
        verdict.advise(
            "page-past-the-end-rejected",
            f"a page past the end (page index {index}) is rejected with HTTP {page.status}",
            "no document states the answer to a page past the end",
            page,
        )
    elif page.status != 200 or page.items is None:
        problems.append(f"a page past the end answered HTTP {page.status} instead of an empty list")
    elif page.items:
        problems.append(f"a page past the end (page index {index}) holds {len(page.items)} items")
    if spec.semantics.total and page.status == 200 and page.total != walk.first.total:
        problems.append(
            f"`{spec.semantics.total}` is {page.total!r} past the end, {walk.first.total!r} on page 1"
        )
    verdict.require(problems, "page past the end", fact=_fact(spec), responses=[page])


@pytest.mark.contract_cases("size_bound")
def test_documented_page_size_bounds_work(run: RunContext, verdict: Verdict, case: BoundCase) -> None:
    spec, paging = case.spec, case.spec.semantics.pagination
    size = paging.min_size if case.bound == "min" else paging.max_size
    assert size is not None and paging.size_param is not None
    walk = usable_walk(verdict, need_items=0)
    page = run.client(spec.key).list({paging.size_param: size, **paging.page_params(0, size)})
    expected = min(size, len(walk.items))
    count = len(page.items or [])
    problems = (
        []
        if page.status == 200 and count == expected
        else [
            f"`{paging.size_param}={size}` (the documented {case.bound}imum) gave HTTP {page.status} "
            f"with {count} items; expected 200 with {expected}"
        ]
    )
    verdict.require(
        problems,
        f"{case.bound} page size",
        fact=spec.fact(paging.size_param),
        responses=[page],
    )


@pytest.mark.contract_cases("size_bound")
def test_out_of_range_page_size_is_rejected_or_clamped(
    run: RunContext, verdict: Verdict, case: BoundCase
) -> None:
    spec, paging = case.spec, case.spec.semantics.pagination
    bound = paging.min_size if case.bound == "min" else paging.max_size
    assert bound is not None and paging.size_param is not None
    size = bound - 1 if case.bound == "min" else bound + 1
    walk = usable_walk(verdict, need_items=0)
    page = run.client(spec.key).list({paging.size_param: size})
    problems: list[str] = []
    rule = paging.out_of_range
    if page.status == 200 and rule in ("clamp", "reject-or-clamp"):
        count = len(page.items or [])
        allowed = {min(bound, len(walk.items))}
        if case.bound == "min" and paging.default_size is not None:
            allowed.add(min(paging.default_size, len(walk.items)))  # a clamp may fall back to the default
        if page.items is None or count not in allowed:
            problems.append(
                f"`{paging.size_param}={size}` was accepted but not clamped: {count} items "
                f"(a clamp gives {' or '.join(map(str, sorted(allowed)))})"
            )
    elif 400 <= page.status < 500 and rule in ("reject", "reject-or-clamp"):
        problems += documented_error_problems(spec, page.status, page)
    else:
        problems.append(
            f"`{paging.size_param}={size}` is outside the documented range; it got HTTP {page.status}, "
            f"neither a documented error nor a clamp ({rule})"
        )
    verdict.require(
        problems,
        f"out-of-range page size ({case.bound})",
        fact=spec.fact(paging.size_param),
        responses=[page],
    )


@pytest.mark.contract_cases("page_style_api")
def test_page_numbers_are_based_as_documented(run: RunContext, verdict: Verdict, api: ApiSpec) -> None:
    """The page before the documented first page never holds other items than the first page."""
    spec, paging = api, api.semantics.pagination
    walk = usable_walk(verdict, need_items=2, whole=False)
    # A size that makes at least two pages of this target's items, so "page 0" cannot hide as page 1.
    size = assured_size(spec, max(1, known_total(walk) // 3))
    assert paging.page_param is not None and paging.size_param is not None
    client = run.client(spec.key)
    first = client.list({paging.page_param: paging.first_page, paging.size_param: size})
    before = client.list({paging.page_param: paging.first_page - 1, paging.size_param: size})
    problems = []
    if before.status == 200 and before.items:
        first_keys = [item_key(i, spec.semantics.item_id) for i in first.items or []]
        before_keys = [item_key(i, spec.semantics.item_id) for i in before.items]
        if before_keys != first_keys:
            problems.append(
                f"`{paging.page_param}={paging.first_page - 1}` returns {len(before_keys)} items unlike "
                f"page {paging.first_page}: pages are not {paging.first_page}-based"
            )
    elif before.status >= 500:
        problems.append(f"`{paging.page_param}={paging.first_page - 1}` answered HTTP {before.status}")
    verdict.require(
        problems,
        f"{paging.first_page}-based pages",
        fact=spec.fact(paging.page_param or ""),
        responses=[first, before],
    )


@pytest.mark.contract_cases("echo_api")
def test_echoed_page_parameters_match_the_request(verdict: Verdict, api: ApiSpec) -> None:
    spec = api
    walk = usable_walk(verdict, need_items=0, whole=False)
    problems = [
        p
        for page in walk.pages
        if page.status == 200
        for p in echo_problems(spec.semantics, page.query, page.body)
    ]
    verdict.require(
        problems,
        "echoed page parameters",
        fact=_fact(spec),
        responses=walk.pages[:2],
    )
    require_whole(spec, walk)


@pytest.mark.contract_cases("paged_api")
def test_documented_defaults_sent_explicitly_give_the_same_page(
    run: RunContext, verdict: Verdict, api: ApiSpec
) -> None:
    """Metamorphic: a documented default means "this is what omitting the parameter does", so the first
    page with the paging defaults sent explicitly equals the first page with none sent. (The default
    order is test_default_order_is_the_documented_one's; sending it too would judge it twice.)"""
    spec, paging = api, api.semantics.pagination
    usable_walk(verdict, need_items=1, whole=False)
    assert paging.size_param is not None and paging.position_param is not None
    explicit: dict[str, object] = {
        paging.size_param: page_size(spec),
        **paging.page_params(0, page_size(spec)),
    }
    client = run.client(spec.key)
    omitted = client.list({})
    sent = client.list(explicit)
    problems = []
    if omitted.status != 200 or sent.status != 200 or omitted.items is None or sent.items is None:
        problems.append(f"HTTP {omitted.status} without parameters, HTTP {sent.status} with the defaults")
    else:
        problems += sequence_problems(spec, sent.items, omitted.items, "the page without parameters")
        if spec.semantics.total and sent.total != omitted.total:
            problems.append(
                f"`{spec.semantics.total}` is {omitted.total!r} without, {sent.total!r} with them"
            )
    verdict.require(
        problems,
        "explicit defaults change nothing",
        fact=spec.fact(*explicit),
        responses=[sent, omitted],
    )


@pytest.mark.contract_cases("paged_api")
def test_full_walks_at_two_page_sizes_agree(run: RunContext, verdict: Verdict, api: ApiSpec) -> None:
    """Metamorphic: paging only cuts one ordered result into pages, so a full walk at another page size
    yields the same items in the same order (ties in any order) and the same total."""
    spec = api
    full = usable_walk(verdict, need_items=2)
    total = known_total(full)
    size = assured_size(spec, max(1, -(-total // 3)))
    if size == (full.size or page_size(spec)):
        size = assured_size(spec, size - 1) if size > 1 else assured_size(spec, size + 1)
    other = walk_at(run, spec, size=size)
    problems = []
    if other.failed_page is not None:
        problems.append(f"the walk at size {size} answered HTTP {other.failed_page.status}")
    else:
        problems += sequence_problems(spec, full.items, other.items, f"the walk at page size {size}")
        if spec.semantics.total and other.first.total != full.first.total:
            problems.append(
                f"`{spec.semantics.total}` is {other.first.total!r} at size {size}, "
                f"{full.first.total!r} at the default size"
            )
    verdict.require(
        problems,
        "walks at two page sizes agree",
        fact=_fact(spec),
        responses=other.pages[:2],
    )
