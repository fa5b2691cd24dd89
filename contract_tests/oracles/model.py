"""An executable model of one list: from the spec's x-list and the full walk's items, what a query must
answer (which items, in which order, which total, which page, which echoed values).

Pure: no I/O. The filter rules come from each filter's match kind (contract_tests/kinds), the order from
the documented sort, the page from the documented paging. Where the documents are silent, the model does
not guess: each silence is one named `Tolerance`, applied only to the queries it concerns, and never where
the spec documents the value, range or behaviour it would excuse.

A conformant answer is any page that some conformant provider could give. The model does not pick one
such page; `judge` checks the conditions every one of them meets:

- every listed item matches the filters (kind bounds `may`), once;
- the page is in the query's order (ties, and items without the sort field, aside);
- a matching item (`must`) whose key falls strictly inside the page's keys is on the page;
- the page starts where its position says: no fewer matching items sort before it than the position
  skips, and no more could;
- a short page is the last one, an empty page lies past every matching item;
- the total lies between the items that must and may match, and agrees with the page;
- echoed page parameters echo the request.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from contract_tests.kinds import kind_of
from contract_tests.model.body import dig, item_key
from contract_tests.model.semantics import ListFilter, ListSemantics, SortField
from contract_tests.oracles.bounds import Bounds
from contract_tests.oracles.filters import filter_bounds
from contract_tests.oracles.ordering import sort_key
from contract_tests.oracles.rules import echo_problems


@dataclass(frozen=True)
class Tolerance:
    """A documented silence, and what the model accepts because of it."""

    name: str
    silence: str


TIE_ORDER = Tolerance(
    "tie-order",
    "no document orders items with equal sort keys: they may come in any order among themselves",
)
MISSING_SORT_KEY = Tolerance(
    "missing-sort-key",
    "no document says where items without the sort field (absent, null or unreadable) go: they may "
    "stand anywhere in a sorted list",
)
UNSORTED_ORDER = Tolerance(
    "unsorted-order",
    "with no sort sent and no default order documented, the order is the provider's own: unfiltered, it "
    "is the order of the full walk (paging cuts one result into pages); filtered, any order",
)
OPEN_MATCH_RULE = Tolerance(
    "open-match-rule",
    "the document leaves part of a filter's match rule open (case sensitivity, exact or fuzzy, NULL "
    "handling): an item that matches one reading and not the other may be listed or not",
)
UNDOCUMENTED_MAX_SIZE = Tolerance(
    "undocumented-page-size-maximum",
    "no maximum page size is documented: a size above the documented default may be rejected with a "
    "documented error, or served as pages of at least the default",
)
PAST_END_REJECTED = Tolerance(
    "past-the-end-rejected",
    "the documents give no maximum for the position parameter and do not say what a page past the last "
    "item gets: an empty page, or a documented error",
)

TOLERANCES: tuple[Tolerance, ...] = (
    TIE_ORDER,
    MISSING_SORT_KEY,
    UNSORTED_ORDER,
    OPEN_MATCH_RULE,
    UNDOCUMENTED_MAX_SIZE,
    PAST_END_REJECTED,
)


@dataclass(frozen=True)
class SortChoice:
    """One documented way of asking for an order: the field, the order, and the parameters sent."""

    field: SortField
    order: Literal["asc", "desc"]
    params: tuple[tuple[str, str], ...]
    spelling: str


@dataclass(frozen=True)
class Query:
    """A documented query: filter values (in each kind's own form), a sort, a page size and position
    (None: not sent)."""

    filters: tuple[tuple[ListFilter, Any], ...] = ()
    sort: SortChoice | None = None
    size: int | None = None
    position: int | None = None

    def params(self, sem: ListSemantics) -> list[tuple[str, Any]]:
        pairs: list[tuple[str, Any]] = []
        for flt, value in self.filters:
            kind = kind_of(flt)
            values = value if isinstance(value, list) else [value]
            pairs += [(flt.param, kind.wire(v)) for v in values]
        if self.sort is not None:
            pairs += list(self.sort.params)
        paging = sem.pagination
        if self.size is not None and paging.size_param is not None:
            pairs.append((paging.size_param, self.size))
        if self.position is not None and paging.position_param is not None:
            pairs.append((paging.position_param, self.position))
        return pairs

    def names(self, sem: ListSemantics) -> list[str]:
        return list(dict.fromkeys(name for name, _ in self.params(sem)))


@dataclass(frozen=True)
class Prediction:
    """What a conformant answer to a query holds, as far as the documents say."""

    must: frozenset[str]  # the items that must match every filter
    may: frozenset[str]  # the items that may
    ranks: Mapping[str, int | None]  # position keys in the query's order: equal ties, None anywhere
    sizes: tuple[int, ...]  # page sizes a conformant provider may serve for the size asked
    nominal_size: int
    position: int  # the offset or page number the request means
    total_expected: bool
    may_reject: tuple[str, ...]  # why a documented error answer is conformant ("" when it is not)
    tolerances: tuple[Tolerance, ...]

    def start(self, size: int, sem: ListSemantics) -> int:
        paging = sem.pagination
        if paging.style == "offset":
            return self.position
        if paging.style == "page":
            return (self.position - paging.first_page) * size
        return 0


class ListModel:
    """One API's list, held as the full walk's items, with the spec's semantics."""

    def __init__(
        self,
        sem: ListSemantics,
        items: Sequence[Any],
        *,
        position_max: int | None = None,
    ) -> None:
        self.sem = sem
        self.id_field = sem.item_id
        self.by_key: dict[str, Any] = {}
        for item in items:
            self.by_key.setdefault(item_key(item, self.id_field), item)
        self.items = list(self.by_key.values())
        self.order = list(self.by_key)  # the full walk's order
        self.everything = frozenset(self.by_key)
        self.position_max = position_max
        self._keys: dict[tuple[str, str], dict[str, Any]] = {}
        self._filtered: dict[tuple[ListFilter, str], Bounds] = {}

    # --- prediction ------------------------------------------------------------------------------

    def selection(self, query: Query) -> tuple[frozenset[str], frozenset[str]]:
        must, may = self.everything, self.everything
        for flt, value in query.filters:
            bounds = self._bounds(flt, value)
            must, may = must & bounds.must, may & bounds.may
        return must, may

    def _bounds(self, flt: ListFilter, value: Any) -> Bounds:
        """A filter value's bounds, computed once per model (a query draws and judges the same ones)."""
        key = (flt, repr(sorted(value.items())) if isinstance(value, dict) else repr(value))
        if key not in self._filtered:
            self._filtered[key] = filter_bounds(flt, self.items, self.id_field, value)
        return self._filtered[key]

    def effective_sort(self, query: Query) -> tuple[SortField, str] | None:
        if query.sort is not None:
            return query.sort.field, query.sort.order
        sort = self.sem.sort
        if sort is not None and sort.default_by is not None and sort.default_order is not None:
            return sort.field_by_wire(sort.default_by), sort.default_order
        return None

    def _sort_keys(self, sort_field: SortField) -> dict[str, Any]:
        cache = (sort_field.field, sort_field.compare)
        if cache not in self._keys:
            self._keys[cache] = {
                key: sort_key(dig(item, sort_field.field), sort_field.compare)
                for key, item in self.by_key.items()
            }
        return self._keys[cache]

    def ranks(self, query: Query, may: frozenset[str]) -> tuple[dict[str, int | None], list[Tolerance]]:
        tolerances: list[Tolerance] = []
        chosen = self.effective_sort(query)
        if chosen is None:
            if query.filters:
                tolerances.append(UNSORTED_ORDER)
                return {key: 0 for key in may}, tolerances
            if self.sem.sort is None or self.sem.sort.default_by is None:
                tolerances.append(UNSORTED_ORDER)
            return {key: index for index, key in enumerate(self.order) if key in may}, tolerances
        sort_field, order = chosen
        keys = self._sort_keys(sort_field)
        present = sorted({keys[k] for k in may if keys[k] is not None})
        dense = {value: index for index, value in enumerate(present)}
        ranks: dict[str, int | None] = {}
        for key in may:
            value = keys[key]
            if value is None:
                ranks[key] = None
            else:
                ranks[key] = dense[value] if order == "asc" else -dense[value]
        if any(rank is None for rank in ranks.values()):
            tolerances.append(MISSING_SORT_KEY)
        if len(present) < sum(1 for rank in ranks.values() if rank is not None):
            tolerances.append(TIE_ORDER)
        return ranks, tolerances

    def served_sizes(self, size: int | None) -> tuple[tuple[int, ...], int, tuple[str, ...], list[Tolerance]]:
        """(sizes a conformant provider may serve, the nominal one, reasons a rejection is conformant,
        tolerances applied)."""
        paging = self.sem.pagination
        default = paging.default_size
        if paging.style == "none":
            return (len(self.items) or 1,), len(self.items) or 1, (), []
        assert default is not None
        if size is None:
            return (default,), default, (), []
        low = paging.min_size if paging.min_size is not None else 1
        rule = paging.out_of_range
        if size < low or (paging.max_size is not None and size > paging.max_size):
            bound = low if size < low else paging.max_size
            assert bound is not None
            clamps: tuple[int, ...] = ()
            if rule in ("clamp", "reject-or-clamp"):
                clamps = (bound, default) if size < low and paging.min_size is not None else (bound,)
                if size < low and paging.min_size is None:
                    clamps = (default,)  # below any size at all: only a fallback to the default is a clamp
            rejects = (
                (f"the size is outside the documented range, and out-of-range is `{rule}`",)
                if rule in ("reject", "reject-or-clamp")
                else ()
            )
            return tuple(dict.fromkeys(clamps)), (clamps or (bound,))[0], rejects, []
        if paging.max_size is None and size > default:
            sizes = tuple(range(default, size + 1))
            reason = f"{UNDOCUMENTED_MAX_SIZE.name}: {UNDOCUMENTED_MAX_SIZE.silence}"
            return sizes, size, (reason,), [UNDOCUMENTED_MAX_SIZE]
        return (size,), size, (), []

    def predict(self, query: Query) -> Prediction:
        paging = self.sem.pagination
        must, may = self.selection(query)
        tolerances: list[Tolerance] = []
        if must != may:
            tolerances.append(OPEN_MATCH_RULE)
        ranks, ordering = self.ranks(query, may)
        tolerances += ordering
        sizes, nominal, rejects, sizing = self.served_sizes(query.size)
        tolerances += sizing
        if paging.style == "page":
            position = query.position if query.position is not None else paging.first_page
        else:
            position = query.position if query.position is not None else 0
        prediction = Prediction(
            must=must,
            may=may,
            ranks=ranks,
            sizes=sizes,
            nominal_size=nominal,
            position=position,
            total_expected=self.sem.total is not None,
            may_reject=rejects,
            tolerances=(),
        )
        # Past the last item: a rejection is conformant only where no maximum position is documented.
        past_end = any(
            prediction.start(z, self.sem) > 0 and len(must) <= prediction.start(z, self.sem) for z in sizes
        )
        if past_end and self.position_max is None and paging.style != "none":
            tolerances.append(PAST_END_REJECTED)
            rejects = (*rejects, f"{PAST_END_REJECTED.name}: {PAST_END_REJECTED.silence}")
        return Prediction(
            must=must,
            may=may,
            ranks=ranks,
            sizes=sizes,
            nominal_size=nominal,
            position=position,
            total_expected=prediction.total_expected,
            may_reject=rejects,
            tolerances=tuple(dict.fromkeys(tolerances)),
        )

    # --- judging an answer ------------------------------------------------------------------------

    def judge(
        self,
        query: Query,
        prediction: Prediction,
        *,
        status: int,
        items: list[Any] | None,
        total: Any,
        body: Any,
        sent: Mapping[str, Any],
    ) -> list[str]:
        """Problems of one answer against the prediction; [] when a conformant provider could give it.

        A 4xx answer where `prediction.may_reject` gives a reason is left to the caller, who checks its
        body against the documented error; `sent` is the query as sent (for the echo rule).
        """
        if status != 200:
            if 400 <= status < 500 and prediction.may_reject:
                return []
            return [
                f"answered HTTP {status}; the model expects 200 with "
                f"{self._count_text(prediction)} matching item(s) in all"
            ]
        if items is None:
            return [f"the answer carries no item list at `{self.sem.items}`"]
        keys = [item_key(item, self.id_field) for item in items]
        problems: list[str] = []
        duplicates = sorted(k for k, seen in Counter(keys).items() if seen > 1)
        if duplicates:
            problems.append(f"item {duplicates[0]} is listed twice on one page")
        strays = [k for k in keys if k not in prediction.may]
        if strays:
            where = "does not match the filters sent" if query.filters else "is not in the full walk"
            problems.append(f"{len(strays)} listed item(s) the model rules out, e.g. {strays[0]} ({where})")
        if problems:
            return problems
        order = self._order_problems(keys, prediction)
        if order:
            return order
        candidates = [self._page_problems(keys, prediction, size, total) for size in prediction.sizes]
        best = next((found for found in candidates if not found), None)
        if best is None:
            sizes, nominal = prediction.sizes, prediction.nominal_size
            problems += candidates[sizes.index(nominal) if nominal in sizes else 0]
        problems += echo_problems(self.sem, sent, body)
        return problems

    def _count_text(self, prediction: Prediction) -> str:
        low, high = len(prediction.must), len(prediction.may)
        return str(low) if low == high else f"{low} to {high}"

    def _order_problems(self, keys: list[str], prediction: Prediction) -> list[str]:
        ranked = [(k, prediction.ranks.get(k)) for k in keys]
        ranked = [(k, r) for k, r in ranked if r is not None]
        for (before, r1), (after, r2) in itertools.pairwise(ranked):
            if r2 < r1:
                return [f"out of the query's order: {after} comes after {before}, but sorts before it"]
        return []

    def _page_problems(self, keys: list[str], prediction: Prediction, size: int, total: Any) -> list[str]:
        must, may, ranks = prediction.must, prediction.may, prediction.ranks
        start = prediction.start(size, self.sem)
        on_page = set(keys)
        problems: list[str] = []
        if len(keys) > size:
            problems.append(f"the page holds {len(keys)} items; at most {size} were asked for")
        present = [ranks[k] for k in keys if ranks.get(k) is not None]
        outside_must = [k for k in must if k not in on_page]
        outside_may = [k for k in may if k not in on_page]
        if present:
            first, last = min(present), max(present)  # type: ignore[type-var]
            inside = sorted(k for k in outside_must if ranks[k] is not None and first < ranks[k] < last)  # type: ignore[operator]
            if inside:
                problems.append(f"matching item {inside[0]} sorts inside this page but is not on it")
            # A matching item tied with the page's first key comes before the page when the page goes on
            # to a larger key (after it, it would break the order).
            before_must = sum(
                1
                for k in outside_must
                if ranks[k] is not None and (ranks[k] < first or (ranks[k] == first and last > first))  # type: ignore[operator]
            )
            before_may = sum(1 for k in outside_may if ranks[k] is None or ranks[k] <= first)  # type: ignore[operator]
        else:
            before_must, before_may = 0, len(outside_may)
        if keys:
            if before_must > start:
                problems.append(
                    f"the page should start at item {start}, but {before_must} matching item(s) sort before "
                    "its first item: items were skipped"
                )
            if before_may < start:
                problems.append(
                    f"the page should start at item {start}, but at most {before_may} item(s) can come "
                    "before its first item: it starts too early"
                )
            if len(keys) < size:
                after = sorted(
                    k
                    for k in outside_must
                    if present and ranks[k] is not None and ranks[k] > min(present)  # type: ignore[operator,type-var]
                )
                if after or len(outside_must) > start:
                    shown = after[0] if after else sorted(outside_must)[0]
                    problems.append(
                        f"a short page ({len(keys)} of {size}) ends the list, but matching item {shown} is "
                        "on no page before it nor on it"
                    )
        elif len(must) > start:
            problems.append(
                f"the page is empty, but {len(must)} item(s) match, so a page starting at item {start} "
                "holds some"
            )
        if len(keys) == size and len(may) < start + size:
            problems.append(
                f"a full page at item {start} needs {start + size} items; only {len(may)} can match"
            )
        if prediction.total_expected and self.sem.total is not None:
            problems += self._total_problems(keys, prediction, size, start, total)
        return problems

    def _total_problems(
        self, keys: list[str], prediction: Prediction, size: int, start: int, total: Any
    ) -> list[str]:
        name = self.sem.total
        if isinstance(total, bool) or not isinstance(total, int):
            return [f"`{name}` is {total!r}, not the number of matching items"]
        low, high = len(prediction.must | set(keys)), len(prediction.may)
        if not low <= total <= high:
            wanted = str(low) if low == high else f"{low} to {high}"
            return [f"`{name}` is {total}; {wanted} item(s) of the full walk match the query"]
        if keys and len(keys) < size and total != start + len(keys):
            return [
                f"`{name}` is {total}, but this short page ({len(keys)} of {size} items from item {start}) "
                f"ends the list at {start + len(keys)}"
            ]
        if keys and total < start + len(keys):
            return [f"`{name}` is {total}, too few for a page of {len(keys)} items from item {start}"]
        if not keys and total > start:
            return [f"`{name}` is {total}, but the page from item {start} is empty"]
        return []
