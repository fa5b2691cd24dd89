"""Random documented queries for the list model (oracles/model.py), as a Hypothesis strategy.

Everything drawn is documented by the spec: any combination of its filters (values from the target's
items through each filter's match kind, and a value that matches nothing), every documented sort field
and order in every documented spelling, page sizes at and around the documented bounds, and positions
at the first page, the middle, the last page, the exact end, one past it and the documented maximum.
The simplest choice of each comes first, so a failure shrinks to the fewest parameters.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from contract_tests.kinds import kind_of
from contract_tests.model.semantics import ListFilter, ListSemantics
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.model import ListModel, Query, SortChoice

# Filter values are taken from at most this many items: a kind weighs its candidates over the items
# it is given, and on a list of thousands that would cost more than the requests.
VALUE_SAMPLE = 300
# How many filters one query combines, as drawn (none first: where a failure shrinks to).
FILTER_COUNTS = (0, 1, 1, 1, 2, 1, 3)


@dataclass(frozen=True)
class FilterValues:
    filter: ListFilter
    values: tuple[Any, ...]
    repeatable: bool  # a kind whose parameter repeats (conditions): 1 or 2 values, ANDed


@dataclass(frozen=True)
class QuerySpace:
    """What the spec documents for one list, with filter values taken from the target's items."""

    filters: tuple[FilterValues, ...]
    sorts: tuple[SortChoice, ...]
    sizes: tuple[int | None, ...]


def position_maximum(spec: ApiSpec) -> int | None:
    """The documented maximum of the position parameter (offset or page number), if any."""
    param = spec.semantics.pagination.position_param
    if param is None or param not in spec.parameters:
        return None
    maximum = spec.parameter_schema(param).get("maximum")
    return int(maximum) if isinstance(maximum, int | float) and not isinstance(maximum, bool) else None


def model_of(spec: ApiSpec, items: Sequence[Any]) -> ListModel:
    return ListModel(spec.semantics, items, position_max=position_maximum(spec))


def _key(value: Any) -> str:
    return repr(sorted(value.items())) if isinstance(value, dict) else repr(value)


def filter_values(spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> FilterValues:
    """Values of one filter from a sample of the items (the model judges each over all of them)."""
    kind = kind_of(flt)
    if len(items) > VALUE_SAMPLE:
        items = rng.sample(list(items), VALUE_SAMPLE)
    operators = kind.operators(flt)
    values: list[Any] = []
    if operators:
        values += [kind.condition(spec, flt, operator, items, rng) for operator in operators]
    else:
        for _ in range(2):  # two draws of the kind's probes: more of the data's values
            values += [probe.value for probe in kind.probes(spec, flt, items, rng)]
    values.append(kind.unmatched(spec, flt, items, rng))
    unique = {_key(v): v for v in values if v is not None}
    return FilterValues(flt, tuple(unique.values()), repeatable=bool(operators))


def sort_choices(spec: ApiSpec) -> tuple[SortChoice, ...]:
    """Every documented field and order, in every documented spelling."""
    sort = spec.semantics.sort
    if sort is None:
        return ()
    choices: list[SortChoice] = []
    for sort_field in sort.fields:
        for order in ("asc", "desc"):
            params = tuple(sort.params(sort_field, order).items())
            choices.append(SortChoice(sort_field, order, params, "field and order"))
    if sort.style == "signed-field" and sort.unsigned_order is not None:
        for sort_field in sort.fields:
            choices.append(
                SortChoice(
                    sort_field,
                    sort.unsigned_order,
                    ((sort.field_param, sort_field.wire),),
                    f"field without a sign ({sort.unsigned_order})",
                )
            )
    if sort.style == "field-and-order" and sort.order_param is not None:
        # The order parameter's documented default applies when only the field is sent.
        documented = sort.order_param in spec.parameters
        default = spec.parameter_schema(sort.order_param).get("default") if documented else None
        by_wire = {wire: order for order, wire in sort.orders.items()}
        if default is not None and str(default) in by_wire:
            order = by_wire[str(default)]
            for sort_field in sort.fields:
                choices.append(
                    SortChoice(
                        sort_field,
                        order,  # type: ignore[arg-type]
                        ((sort.field_param, sort_field.wire),),
                        f"field alone ({sort.order_param} defaults to {default})",
                    )
                )
    return tuple(choices)


def page_sizes(sem: ListSemantics, count: int) -> tuple[int | None, ...]:
    """None (not sent) first, then the documented default, the bounds and their neighbours."""
    paging = sem.pagination
    if paging.style == "none" or paging.default_size is None:
        return (None,)
    default, low = paging.default_size, paging.min_size if paging.min_size is not None else 1
    high = paging.max_size
    promised = paging.promised_max_size or default
    sizes: list[int] = [default, low, low + 1, default - 1, max(low, min(promised, count // 3 or 1))]
    if count + 1 <= promised:
        sizes.append(count + 1)
    if high is not None:
        sizes += [high, high - 1, high + 1]  # the documented maximum, and just outside it
        if default + 1 <= high:
            sizes.append(default + 1)
    else:
        sizes.append(default + 1)  # above the default, no maximum documented: a tolerance applies
    if paging.min_size is not None:
        sizes.append(paging.min_size - 1)  # just outside the documented minimum
    kept = [s for s in dict.fromkeys(sizes) if s >= 0]
    return (None, *kept)


def positions(sem: ListSemantics, count: int, size: int, maximum: int | None) -> tuple[int | None, ...]:
    """None (not sent) first; then the first page, the second, the middle, the last, the exact end,
    one past it, and the documented maximum."""
    paging = sem.pagination
    if paging.style == "none" or paging.position_param is None:
        return (None,)
    size = max(1, size)
    pages = max(1, math.ceil(count / size))
    found: list[int]
    if paging.style == "offset":
        found = [0, size, (pages // 2) * size, (pages - 1) * size, max(0, count - 1), count, count + 1]
        found.append(size // 2)  # an offset that is no multiple of the size
    else:
        first = paging.first_page
        found = [first, first + 1, first + pages // 2, first + pages - 1, first + pages, first + pages + 1]
    if maximum is not None:
        found.append(maximum)
        found = [p for p in found if p <= maximum]
    return (None, *dict.fromkeys(p for p in found if p >= 0))


def query_space(spec: ApiSpec, items: Sequence[Any], rng: random.Random) -> QuerySpace:
    filters = tuple(
        space for flt in spec.semantics.filters if (space := filter_values(spec, flt, items, rng)).values
    )
    return QuerySpace(filters=filters, sorts=sort_choices(spec), sizes=page_sizes(spec.semantics, len(items)))


@st.composite
def queries(draw: st.DrawFn, space: QuerySpace, model: ListModel) -> Query:
    chosen: list[int] = []
    if space.filters:
        # Mostly one filter: the AND of several real values selects next to nothing, so one alone
        # says more per request; none is the simplest, where a failure shrinks to.
        count = draw(st.sampled_from(FILTER_COUNTS))
        # A filter whose items show what must match is drawn twice as often as one that can only
        # narrow the list (an opaque filter proves little beyond being accepted).
        weighted = [
            index
            for index, entry in enumerate(space.filters)
            for _ in range(2 if kind_of(entry.filter).verifiable(entry.filter) else 1)
        ]
        count = min(count, len(space.filters))
        chosen = draw(st.lists(st.sampled_from(weighted), unique=True, min_size=count, max_size=count))
    filters: list[tuple[ListFilter, Any]] = []
    for index in sorted(chosen):
        entry = space.filters[index]
        if entry.repeatable:
            value: Any = draw(st.lists(st.sampled_from(entry.values), min_size=1, max_size=2, unique_by=_key))
        else:
            value = draw(st.sampled_from(entry.values))
        filters.append((entry.filter, value))
    sort = draw(st.sampled_from((None, *space.sorts)))  # none first: the documented default order
    size = draw(st.sampled_from(space.sizes))
    partial = Query(filters=tuple(filters), sort=sort, size=size)
    _, may = model.selection(partial)
    _, nominal, _, _ = model.served_sizes(size)
    position = draw(st.sampled_from(positions(model.sem, len(may), nominal, model.position_max)))
    return Query(filters=tuple(filters), sort=sort, size=size, position=position)
