"""Every spec is valid OpenAPI 3.0 (openapi-spec-validator); the spec folder holds exactly the five specs."""

from __future__ import annotations

import pytest
from spec_support import SPEC_STEMS, spec_document, spec_validation_errors

from tools.seed_facts import SOURCES, facts_path


def test_every_spec_of_the_folder_has_owned_seed_facts() -> None:
    # Without them a spec would escape the completeness and example checks; the five real ones also
    # have an extractor (tools.seed_facts.SOURCES) so make check-seeds re-reads their documents.
    assert set(SOURCES) <= set(SPEC_STEMS)
    missing = [stem for stem in SPEC_STEMS if not facts_path(stem).is_file()]
    assert not missing, f"specs without specs/seed-facts/<stem>.json: {missing}"


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_spec_is_valid_openapi(stem: str) -> None:
    assert spec_validation_errors(spec_document(stem)) == []


@pytest.mark.parametrize("stem", SPEC_STEMS)
def test_spec_is_openapi_3_0(stem: str) -> None:
    # The example checks validate with OAS 3.0 semantics (nullable); a 3.1 spec would need another validator.
    assert str(spec_document(stem)["openapi"]).startswith("3.0.")
