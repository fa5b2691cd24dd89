"""Walking every page of a list, as the pagination, filter and sort tests need it.

A walk ends by the target's own total, never by a fixed number of pages: once the first page tells
the total, the pages it implies are independent requests, fetched concurrently (the client's
CONCURRENCY), plus a slack of two pages for a provider that serves fewer items than it counts. A list
too large for what is left of the run's request budget is not walked at all: BeyondBudget says so,
and the tests that need it report "not proven" instead of judging part of it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contract_tests.model.body import item_key
from contract_tests.transport.client import ApiClient, ListResponse, Params
from contract_tests.transport.gate import BudgetExhausted

# Pages past the total's last page a walk still asks for while the items fall short of the total.
SLACK_PAGES = 2


class BeyondBudget(BudgetExhausted):
    """The whole list needs more requests than the run's budget has left."""

    def __init__(self, total: int, pages: int, left: int, budget: int | None) -> None:
        self.total, self.pages, self.left = total, pages, left
        limit = f"MAX_REQUESTS={budget}" if budget is not None else "the request budget"
        super().__init__(f"{total} items would need {pages} requests, beyond {limit} ({left} left)")


class IncompleteWalk(RuntimeError):
    """The whole list could not be read (a page after the first failed, or the walk gave up short of
    the total): a test comparing against it cannot judge. The walk's own test reports the fault."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"not judged: the full list could not be read ({reason})")


@dataclass
class Walk:
    size: int | None
    params: list[tuple[str, Any]]
    pages: list[ListResponse] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    stopped_by_cap: bool = False

    @property
    def first(self) -> ListResponse:
        return self.pages[0]

    @property
    def failed_page(self) -> ListResponse | None:
        return next((page for page in self.pages if page.status != 200 or page.items is None), None)

    @property
    def totals(self) -> list[Any]:
        return [page.total for page in self.pages if page.status == 200]

    def incomplete(self) -> str:
        """Why this walk is not the whole list ("" when it is, or when its first page failed: that is
        no list at all, reported as such)."""
        failed = self.failed_page
        total = _count(self.first.total) if self.pages else None
        of = f" of {total}" if total is not None else ""
        if failed is not None and failed is not self.pages[0]:
            index = self.pages.index(failed) + 1
            answer = f"HTTP {failed.status}" if failed.status != 200 else "HTTP 200 without a list of items"
            return f"page {index} answered {answer} after {len(self.items)}{of} items"
        if self.stopped_by_cap:
            return f"paging stopped after {len(self.pages)} pages with {len(self.items)}{of} items"
        return ""

    def complete(self) -> Walk:
        """This walk, when it is the whole list; else IncompleteWalk with the reason."""
        reason = self.incomplete()
        if reason:
            raise IncompleteWalk(reason)
        return self


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def walk_pages(
    client: ApiClient,
    params: Params | None = None,
    *,
    size: int | None = None,
    max_pages: int | None = None,
) -> Walk:
    """Request the pages from the first until `total` items are seen, or an empty or failed page.

    `size` None sends no size (the provider's default applies). `max_pages` bounds a walk whose purpose
    is a few pages at a particular size; it is not a verdict on where the list ends. Without a total,
    a short page ends the walk, and so does a page that repeats items already seen (a provider that
    never stops paging).
    """
    paging = client.spec.semantics.pagination
    # A list of pairs, not a dict: a repeated parameter (a conditions filter) must be sent every time.
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params or [])
    walk = Walk(size=size, params=pairs)
    if paging.style == "none":
        page = client.list(walk.params)
        walk.pages.append(page)
        walk.items.extend(page.items or [])
        return walk
    effective = size if size is not None else paging.default_size
    assert effective is not None

    def query(index: int) -> list[tuple[str, Any]]:
        return [*walk.params, *paging.page_params(index, size).items()]

    first = client.list(query(0))
    if not _take(walk, first):
        return walk
    total = _count(first.total)
    if total is None:
        _walk_without_total(client, walk, query, effective, max_pages)
        return walk
    if len(walk.items) >= total:
        return walk
    pages_in_all = max(1, math.ceil(total / effective))
    limit = pages_in_all + SLACK_PAGES if max_pages is None else min(max_pages, pages_in_all + SLACK_PAGES)
    planned = list(range(1, min(pages_in_all, limit)))
    left = client.requests_left()
    if max_pages is None and left is not None and len(planned) > left:
        raise BeyondBudget(total, pages_in_all, left, _budget(client))
    index = 1
    # In batches of the client's concurrency: a failed or empty page stops the walk after its batch.
    batch = max(1, client.concurrency)
    for start in range(0, len(planned), batch):
        for page in client.list_many([query(i) for i in planned[start : start + batch]]):
            index += 1
            if not _take(walk, page) or len(walk.items) >= total:
                return walk
    # The total promises more than the pages it implies held: ask a little further, then give up.
    while index < limit and len(walk.items) < total:
        if not _take(walk, client.list(query(index))):
            return walk
        index += 1
    walk.stopped_by_cap = len(walk.items) < total and index >= limit and max_pages is None
    return walk


def _budget(client: ApiClient) -> int | None:
    return client.gate.max_requests if client.gate is not None else None


def _take(walk: Walk, page: ListResponse) -> bool:
    """Add a page to the walk; False when it ends the walk (a failed or empty page)."""
    walk.pages.append(page)
    if page.status != 200 or not page.items:
        return False
    walk.items.extend(page.items)
    if len(walk.pages) > 1:
        page.release_bytes()  # parsed and observed: a long walk keeps its items, not its raw text
    return True


def _walk_without_total(client: ApiClient, walk: Walk, query: Any, size: int, max_pages: int | None) -> None:
    """Page on while pages are full and bring new items (one at a time: nothing says how many remain)."""
    id_field = client.spec.semantics.item_id
    seen = {item_key(item, id_field) for item in walk.items}
    index = 1
    while len(walk.pages[-1].items or []) >= size:
        if max_pages is not None and index >= max_pages:
            return
        left = client.requests_left()
        if left is not None and left < 1:
            raise BudgetExhausted(
                f"the list holds more than the {len(walk.items)} items walked (it gives no total), "
                f"and the run's request budget MAX_REQUESTS={_budget(client)} is spent"
            )
        page = client.list(query(index))
        if not _take(walk, page):
            return
        keys = {item_key(item, id_field) for item in page.items or []}
        if keys <= seen:  # nothing new: a provider that never stops paging
            walk.stopped_by_cap = True
            return
        seen |= keys
        index += 1
