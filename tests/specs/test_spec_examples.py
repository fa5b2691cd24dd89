"""Every example in every spec validates against its schema, and each seed's own examples are in the spec.

The seeds are the contract: each JSON example of their response-example section (as owned in
specs/seed-facts, kept true to the documents by `make check-seeds`) must be attached to the spec verbatim,
under the status the seed shows it for, and must validate.
"""

from __future__ import annotations

import dataclasses

import pytest
from spec_support import (
    REAL_STEMS,
    SPEC_STEMS,
    ExampleCase,
    canonical_json,
    iter_example_cases,
    response_example_cases,
    seed_facts,
    spec_document,
    validate_example,
)

EXAMPLE_CASES = [(stem, case) for stem in SPEC_STEMS for case in iter_example_cases(spec_document(stem))]

# Read off the seeds by hand: Huawei documents one example per status, the others one 200 example.
EXPECTED_SEED_STATUSES = {
    "huawei-service-instances": ("200", "400", "401", "403", "404", "408", "500"),
    "huawei-endpoints": ("200", "400", "401", "403", "408", "500"),
    "pai-eas-services": ("200",),
    "zstack-model-services": ("200",),
    "opensearch-ha3-models": ("200",),
}
EXPECTED_SEED_EXAMPLE_COUNTS = {
    "huawei-service-instances": 7,
    "huawei-endpoints": 6,
    "pai-eas-services": 1,
    "zstack-model-services": 1,
    "opensearch-ha3-models": 1,
}


@pytest.mark.parametrize(
    ("stem", "case"), EXAMPLE_CASES, ids=[f"{stem}:{case.label}" for stem, case in EXAMPLE_CASES]
)
def test_example_validates_against_its_schema(stem: str, case: ExampleCase) -> None:
    assert validate_example(spec_document(stem), case) == []


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_every_response_shows_an_example(stem: str) -> None:
    # Otherwise a response's schema would never meet a concrete body in these tests.
    document = spec_document(stem)
    operation_responses = next(
        operation["responses"]
        for path_item in document["paths"].values()
        for operation in path_item.values()
        if isinstance(operation, dict) and "responses" in operation
    )
    without = [status for status in operation_responses if not response_example_cases(document, str(status))]
    assert without == []


@pytest.mark.parametrize("stem", REAL_STEMS)
def test_owned_seed_facts_hold_every_example(stem: str) -> None:
    examples = seed_facts(stem).examples
    assert len(examples) == EXPECTED_SEED_EXAMPLE_COUNTS[stem]
    assert tuple(example.status for example in examples) == EXPECTED_SEED_STATUSES[stem]
    assert all(isinstance(example.value, dict) and example.value for example in examples)


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_seed_examples_are_attached_verbatim(stem: str) -> None:
    document = spec_document(stem)
    missing = []
    for example in seed_facts(stem).examples:
        attached = {canonical_json(case.value) for case in response_example_cases(document, example.status)}
        if canonical_json(example.value) not in attached:
            missing.append(f"seed line {example.line} (status {example.status})")
    assert missing == [], "seed examples not attached verbatim to the spec"


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_seed_examples_validate(stem: str) -> None:
    document = spec_document(stem)
    failures: dict[str, list[str]] = {}
    for example in seed_facts(stem).examples:
        targets = [case for case in response_example_cases(document, example.status) if case.media_type]
        media_places = {(case.schema_where, case.media_type): case for case in targets}
        assert media_places, f"status {example.status} has no media type with examples"
        for case in media_places.values():
            errors = validate_example(document, dataclasses.replace(case, value=example.value))
            if errors:
                failures[f"seed line {example.line} against {case.label}"] = errors
    assert failures == {}
