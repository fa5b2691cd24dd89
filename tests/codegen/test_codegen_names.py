"""Generated names come from the specs' schema names and operationIds, never invented placeholders."""

from __future__ import annotations

import pytest
from codegen_support import (
    ANONYMOUS_NAME,
    client_model_classes,
    defined_classes,
    known_gap,
    list_response_schema,
    load_models,
)

from contract_tests.codegen.generate import SpecOutcome, find_operation_module, list_operations

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("name", "anonymous"),
    [
        ("InlineResponse200", True),
        ("Model1", True),
        ("ErrorResponse2", True),
        ("ServiceInstancesItem", True),
        ("Model", False),
        ("ListServicesInstancesResponse", False),
        ("ErrorCodeOpaque", False),
    ],
)
def test_the_anonymous_name_rule(name: str, anonymous: bool) -> None:
    assert bool(ANONYMOUS_NAME.match(name)) is anonymous


def test_model_classes_are_named_after_the_spec(outcome: SpecOutcome) -> None:
    document = outcome.target.load()
    classes = defined_classes(load_models(outcome))
    schemas = set(document["components"]["schemas"])
    with known_gap(outcome.target.stem, "names"):
        assert not [name for name in classes if ANONYMOUS_NAME.match(name)]
        assert not sorted(schemas - set(classes)), "component schemas without a model class"


def test_client_names_come_from_the_spec(outcome: SpecOutcome) -> None:
    document = outcome.target.load()
    classes = client_model_classes(outcome)
    with known_gap(outcome.target.stem, "client"):
        assert not [name for name in classes if ANONYMOUS_NAME.match(name)]
        assert list_response_schema(document) in classes
    for _method, _path, operation in list_operations(document):
        assert find_operation_module(outcome.client_package, operation["operationId"]).is_file()
