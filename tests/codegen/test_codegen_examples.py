"""Every example in every spec parses into the generated code; mistyped bodies do not."""

from __future__ import annotations

import copy
import typing
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any

import httpx
import pytest
from codegen_support import (
    Example,
    all_examples,
    client_package,
    dig,
    known_gap,
    list_operation,
    load_models,
    operation_module,
    response_examples,
)
from pydantic import BaseModel, TypeAdapter, ValidationError

from contract_tests.codegen.generate import SpecOutcome

pytestmark = pytest.mark.slow


def _field_adapter(model: type[BaseModel], wire_name: str) -> TypeAdapter[Any]:
    for name, info in model.model_fields.items():
        if wire_name in (info.alias, name):
            # The field's constraints (metadata) travel with its type; its alias is the model's business.
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            return TypeAdapter(annotation)
    raise AssertionError(f"{model.__name__} has no field for {wire_name!r}")


def _argument_adapter(outcome: SpecOutcome, example: Example) -> TypeAdapter[Any]:
    """The generated client's own argument type for a parameter (Unset is the 'not sent' marker)."""
    assert example.operation_id and example.parameter
    module = operation_module(outcome, example.operation_id)
    unset = client_package(outcome).types.Unset
    hints = typing.get_type_hints(module.sync_detailed)
    wanted = example.parameter.replace("_", "").lower()
    for name, hint in hints.items():
        if name.rstrip("_").replace("_", "").lower() == wanted:
            members = [arg for arg in typing.get_args(hint) if arg is not unset] or [hint]
            return TypeAdapter(typing.Union[tuple(members)])  # noqa: UP007 - built at run time
    raise AssertionError(f"the generated client has no argument for parameter {example.parameter}")


def _check(outcome: SpecOutcome, example: Example, models: Any) -> None:
    if example.schema_name and example.property_name:
        _field_adapter(getattr(models, example.schema_name), example.property_name).validate_python(
            example.value
        )
    elif example.schema_name:
        getattr(models, example.schema_name).model_validate(example.value)
    else:
        _argument_adapter(outcome, example).validate_python(example.value)


def test_every_example_parses_into_the_generated_models(outcome: SpecOutcome) -> None:
    examples = all_examples(outcome.target.load())
    models = load_models(outcome)
    skipped: Counter[str] = Counter()
    failures: list[str] = []
    for example in examples:
        if example.skip_reason:
            skipped[example.skip_reason] += 1
            continue
        try:
            _check(outcome, example, models)
        except (ValidationError, AssertionError) as exc:
            failures.append(f"{example.where}: {str(exc).splitlines()[0]}")
    checked = len(examples) - sum(skipped.values())
    print(f"\n{outcome.target.stem}: {checked} examples parsed, skipped {dict(skipped) or 'none'}")
    assert checked > 0
    assert not failures, "\n".join(failures)


def test_the_generated_client_parses_every_documented_response(outcome: SpecOutcome) -> None:
    package = client_package(outcome)
    client = package.Client(base_url="http://127.0.0.1")
    failures: list[str] = []
    for example in response_examples(outcome.target.load()):
        if example.skip_reason:
            continue
        assert example.operation_id and example.status
        module = operation_module(outcome, example.operation_id)
        response = httpx.Response(int(example.status), json=example.value)
        parsed = module._parse_response(client=client, response=response)
        if not type(parsed).__module__.startswith(f"{package.__name__}.models"):
            failures.append(f"{example.where}: parsed as {type(parsed).__name__}, not a generated model")
    with known_gap(outcome.target.stem, "client"):
        assert not failures, "\n".join(failures)


def _string_leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _string_leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, (*path, index))
    elif isinstance(node, str):
        yield path


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    mutant = copy.deepcopy(value)
    parent = mutant
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = new
    return mutant


def _mistyped_bodies(document: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(schema, what was broken, body): wrong JSON types where the spec declares a type."""
    operation = list_operation(document)
    x_list = operation["x-list"]
    items_path, total_path = x_list["items"].split("."), x_list["total"].split(".")
    for example in response_examples(document):
        if example.skip_reason or not example.schema_name or not example.status:
            continue
        body, schema = example.value, example.schema_name
        if example.status == "200" and example.operation_id == operation["operationId"]:
            yield schema, f"{x_list['total']} as a list", _replaced(body, tuple(total_path), ["many"])
            yield schema, f"{x_list['total']} as a digit string", _replaced(body, tuple(total_path), "2")
            yield (
                schema,
                f"{x_list['items']} as an object",
                _replaced(body, tuple(items_path), {"not": "a list"}),
            )
            first_item = (*items_path, 0, *x_list["item-id"].split("."))
            assert dig(body, x_list["items"]), f"{example.where}: the documented page has no item"
            yield schema, f"item {x_list['item-id']} as an object", _replaced(body, first_item, {"id": 1})
        elif int(example.status) >= 400:
            for leaf in _string_leaves(body):
                yield (
                    schema,
                    f"{example.where} {'.'.join(map(str, leaf))} as a list",
                    _replaced(body, leaf, ["x"]),
                )


def test_mistyped_bodies_are_rejected(outcome: SpecOutcome) -> None:
    models = load_models(outcome)
    mutants = list(_mistyped_bodies(outcome.target.load()))
    accepted = []
    for schema, what, body in mutants:
        try:
            getattr(models, schema).model_validate(body)
        except ValidationError:
            continue
        accepted.append(f"{schema} accepted {what}")
    assert len(mutants) >= 4
    assert not accepted, "\n".join(accepted)
