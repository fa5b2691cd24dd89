"""Building blocks the semantic tests share: a usable full walk, page sizes chosen from the data,
cached walks, tie-aware sequence comparison, and the "not proven on this data" verdict."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator

from contract_tests.model.body import dig, item_key
from contract_tests.model.specs import ApiSpec
from contract_tests.model.validation import schema_problems
from contract_tests.oracles.ordering import sort_key
from contract_tests.oracles.walk import IncompleteWalk, Walk
from contract_tests.runner.failures import Verdict, cannot_support
from contract_tests.runner.run import RunContext
from contract_tests.transport.client import ListResponse, Params
from contract_tests.transport.http import MAX_BODY_BYTES

# The test that reports a model walk that could not read the whole list (the others are not judged).
WALK_TEST = "test_walk_from_first_page_yields_exactly_total"


def usable_walk(verdict: Verdict, *, need_items: int = 1, whole: bool = True) -> Walk:
    """The shared full walk of the verdict's API, when it can serve as the reference for another test.

    A first page that fails fails this test (nothing else can be judged). A walk that failed or gave
    up after the first page is reported once, by the walk test; a test comparing against it (`whole`)
    is not judged: IncompleteWalk, "not judged: the full list could not be read (...)". A test that
    needs only the first pages passes `whole=False`.
    """
    spec = verdict.spec
    walk = verdict.run.full_walk(spec.key)
    failed = walk.failed_page
    if failed is not None and failed is walk.pages[0]:
        hint = ""
        if failed.status == 404:
            ids = "".join(f", and {variable}" for variable in spec.path_parameters().values() if variable)
            hint = f" (is the target's base URL right{ids}? the list path is {spec.route})"
        verdict.require(
            [f"the first page answered HTTP {failed.status} with no items at `{spec.semantics.items}`{hint}"],
            "a plain list request succeeds",
            fact=spec.fact(),
            responses=[failed],
        )
    if whole:
        require_whole(spec, walk)
    if len(walk.items) < need_items:
        cannot_support(f"{spec.key} lists {len(walk.items)} item(s); this test needs at least {need_items}")
    return walk


def require_whole(spec: ApiSpec, walk: Walk) -> None:
    """IncompleteWalk unless `walk` read the whole list (the runner reports it as "not judged")."""
    reason = walk.incomplete()
    if reason:
        raise IncompleteWalk(f"{spec.key}: {reason}; {WALK_TEST} reports it")


def page_size(spec: ApiSpec) -> int:
    size = spec.semantics.pagination.default_size
    assert size is not None, f"{spec.key}: x-list.pagination.default-size is required for paged APIs"
    return size


def documented_error_problems(spec: ApiSpec, status: int, page: ListResponse) -> list[str]:
    """An error answer must use a documented status, its declared media type and body schema."""
    declared = spec.response_media(status)
    if declared is None:
        return [f"HTTP {status} is not a documented status of {spec.operation_id}"]
    media_type, schema = declared
    problems = []
    if media_type and not _media_matches(page.media_type, media_type):
        problems.append(
            f"HTTP {status} came as `{page.media_type or 'no content type'}`, documented `{media_type}`"
        )
    elif schema is not None and "json" in media_type:
        if page.body is None:
            problems.append(f"HTTP {status} body is not JSON")
        else:
            problems += [f"error body {p}" for p in schema_problems(spec, schema, page.body)]
    return problems


def _media_matches(got: str, declared: str) -> bool:
    if "json" in declared:
        return got == "application/json" or got.endswith("+json")
    return got == declared


# The prefix of a skip that ran the test but whose data could not tell a right answer from a wrong
# one; the run's summary counts these apart from the skips of tests the data could not support.
NOT_PROVEN = "not proven on this data:"


def not_proven(reason: str) -> None:
    __tracebackhide__ = True
    pytest.skip(f"{NOT_PROVEN} {reason}")


def clamp_size(spec: ApiSpec, size: int) -> int:
    """`size` inside the documented page-size bounds (at least 1 where none is documented)."""
    paging = spec.semantics.pagination
    size = max(paging.min_size or 1, size)
    return min(paging.max_size, size) if paging.max_size is not None else size


def assured_size(spec: ApiSpec, size: int) -> int:
    """`size` inside the documented bounds and, where no maximum is documented, not above the
    documented default: above it a provider may keep a maximum of its own."""
    promised = spec.semantics.pagination.promised_max_size
    size = clamp_size(spec, size)
    return min(size, promised) if promised is not None else size


def known_total(walk: Walk) -> int:
    """The total the first page reports, or the number of items the walk saw when it reports none."""
    total = walk.first.total
    return total if isinstance(total, int) and not isinstance(total, bool) else len(walk.items)


def adaptive_page_sizes(spec: ApiSpec, total: int, largest: int | None = None) -> list[int]:
    """Page sizes chosen from the target's own total: a third of it, one, and one more than all of it.

    Each is taken inside the documented bounds, so a 12-item target is paged as thoroughly as a
    3,000-item one, and a size above every item shows a provider that caps the size undocumentedly.
    `largest` keeps an undocumented size from asking for an answer beyond what the suite reads.
    """
    sizes: list[int] = []
    for wanted in (total // 3, 1, total + 1):
        size = clamp_size(spec, wanted)
        if largest is not None and size > max(largest, spec.semantics.pagination.promised_max_size or 1):
            size = max(largest, clamp_size(spec, 1))
        if size not in sizes:
            sizes.append(size)
    return sizes


def readable_size(walk: Walk) -> int | None:
    """The most items one answer may hold and stay well inside the suite's body cap, estimated from
    the first page's bytes per item (None when the first page cannot tell)."""
    first = walk.first
    if not first.items or not first.response.content:
        return None
    per_item = max(1, len(first.response.content) // len(first.items))
    return max(1, MAX_BODY_BYTES // (4 * per_item))


def walk_at(run: RunContext, spec: ApiSpec, params: Params | None = None, *, size: int | None = None) -> Walk:
    """A walk with these parameters, made once per run (sort and metamorphic tests share them)."""
    return run.walk(spec.key, params, size=size)


def model_walk(run: RunContext, spec: ApiSpec, params: Params | None = None) -> Walk:
    """A walk at the size the model reads at (the largest promised), for tests whose purpose is the
    items, not a page size: a 4,000-item list is 40 requests, not 400."""
    # The size the model itself was read at: the default, when the largest promised one was refused.
    return run.walk(spec.key, params, size=run.full_walk(spec.key).size)


def runs_of_equal_keys(
    items: Sequence[Any], key: Callable[[Any], Any], id_field: str
) -> list[tuple[Any, frozenset[str]]]:
    """The items as maximal runs of equal `key`: (key, the ids in the run), in list order."""
    runs: list[tuple[Any, set[str]]] = []
    for item in items:
        value = key(item)
        if runs and runs[-1][0] == value:
            runs[-1][1].add(item_key(item, id_field))
        else:
            runs.append((value, {item_key(item, id_field)}))
    return [(value, frozenset(ids)) for value, ids in runs]


def sequence_problems(spec: ApiSpec, expected: Sequence[Any], got: Sequence[Any], what: str) -> list[str]:
    """`got` lists the same items in the same order as `expected`.

    Where the spec documents a default order, items with equal sort keys may come in any order
    (no document orders ties); without one, the order itself is the only sequence to compare.
    """
    id_field = spec.semantics.item_id
    sort = spec.semantics.sort
    if sort is not None and sort.default_by is not None:
        field = sort.field_by_wire(sort.default_by)

        def key(item: Any) -> Any:
            return sort_key(dig(item, field.field), field.compare)
    else:

        def key(item: Any) -> Any:
            return item_key(item, id_field)

    expected_runs = runs_of_equal_keys(expected, key, id_field)
    got_runs = runs_of_equal_keys(got, key, id_field)
    if expected_runs == got_runs:
        return []
    if len(expected) != len(got):
        return [f"{what}: {len(got)} items instead of {len(expected)}"]
    for index, (want, have) in enumerate(zip(expected_runs, got_runs, strict=False)):
        if want != have:
            shown = sorted(want[1] ^ have[1])[:1] or sorted(have[1])[:1]
            return [f"{what}: the sequences part at run {index + 1} of equal keys, e.g. item {shown[0]}"]
    return [f"{what}: the sequences differ in length of runs"]


def without_enums(node: Any) -> Any:
    """A schema copy with every `enum` removed: enum values are the enum test's own, reported once."""
    if isinstance(node, dict):
        return {key: without_enums(value) for key, value in node.items() if key != "enum"}
    if isinstance(node, list):
        return [without_enums(value) for value in node]
    return node


_ITEM_VALIDATORS: dict[str, OAS30Validator] = {}


def item_problems(spec: ApiSpec, item: Any, where: str, limit: int = 3) -> list[str]:
    """Problems of one list item against the spec's item schema (enum values aside)."""
    if spec.key not in _ITEM_VALIDATORS:
        root = {
            **without_enums(spec.item_schema),
            "components": without_enums(spec.document.get("components", {})),
        }
        _ITEM_VALIDATORS[spec.key] = OAS30Validator(root, format_checker=OAS30Validator.FORMAT_CHECKER)
    errors = sorted(
        _ITEM_VALIDATORS[spec.key].iter_errors(item), key=lambda e: [str(p) for p in e.absolute_path]
    )
    return [
        f"{where}"
        + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path)
        + f": {e.message[:200]}"
        for e in errors[:limit]
    ]
