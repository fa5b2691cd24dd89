"""Building blocks the semantic tests share: a usable full walk, and reading a page's envelope."""

from __future__ import annotations

from contract_tests.client import ListResponse
from contract_tests.failures import cannot_support, require
from contract_tests.run import RunContext
from contract_tests.specs import ApiSpec
from contract_tests.validation import schema_problems
from contract_tests.walk import Walk


def usable_walk(run: RunContext, spec: ApiSpec, *, family: str, need_items: int = 1) -> Walk:
    """The shared full walk, when it can serve as the reference for another test.

    A broken walk is reported by the pagination tests; here it means this test has nothing to compare
    against, which is said in the skip reason.
    """
    walk = run.full_walk(spec.key)
    failed = walk.failed_page
    if failed is not None and failed is walk.pages[0]:
        require(
            [f"the first page answered HTTP {failed.status} with no items at `{spec.semantics.items}`"],
            spec,
            family,
            "a plain list request succeeds",
            fact=spec.fact(),
            seed=run.seed,
            responses=[failed],
        )
    if len(walk.items) < need_items:
        cannot_support(f"{spec.key} lists {len(walk.items)} item(s); this test needs at least {need_items}")
    return walk


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
