"""Walking every page of a list, bounded in count, as the pagination, filter and sort tests need it."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contract_tests.transport.client import ApiClient, ListResponse, Params

HARD_PAGE_CAP = 400


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


def walk_pages(
    client: ApiClient,
    params: Params | None = None,
    *,
    size: int | None = None,
    max_pages: int = 60,
) -> Walk:
    """Request page after page from the first until an empty page or `total` items are seen; a short
    page ends the walk only when the provider gives no total.

    The bound is generous (ceil(total/size) + 2 once the total is known), so a provider that never
    stops paging is caught by the tests instead of looping forever.
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
    limit = min(max_pages, HARD_PAGE_CAP)
    index = 0
    while index < limit:
        page = client.list([*walk.params, *paging.page_params(index, size).items()])
        walk.pages.append(page)
        if page.status != 200 or page.items is None or not page.items:
            break
        walk.items.extend(page.items)
        if index == 0 and isinstance(page.total, int) and not isinstance(page.total, bool):
            limit = min(limit, math.ceil(page.total / effective) + 2, HARD_PAGE_CAP)
        known_total = isinstance(page.total, int) and not isinstance(page.total, bool)
        if known_total and len(walk.items) >= page.total:
            break
        # A short page ends the list, unless the total says more remain (then it is the provider's fault,
        # for the tests to find; the page bound still stops the walk).
        if len(page.items) < effective and not known_total:
            break
        index += 1
    else:
        walk.stopped_by_cap = True
    return walk
