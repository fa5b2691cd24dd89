"""What the spec tests share: where specs live, the owned seed facts, example validation.

The seed documents themselves are not in a clone; their facts are (specs/seed-facts, kept true to the
documents by `make check-seeds`), so these tests never read ../shared.

Example validation is OpenAPI 3.0 schema validation (nullable, int32/int64, date-time) of a value
against a schema *at its place in the spec*, so its `$ref`s resolve against the whole document.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import FormatChecker
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_openapi
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

from tools.seed_facts import SOURCES, SeedFacts, load_facts
from tools.spec_walk import HTTP_METHODS, SpecIndex, Where, iter_all_schemas, json_pointer, render_where

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECS_DIR = REPO_ROOT / "specs"
# Every spec of the folder: each is checked against its owned seed facts (specs/seed-facts/<stem>.json).
# The five real specs, whose documents this project has read (their counts are pinned below them).
REAL_STEMS = tuple(SOURCES)
SPEC_STEMS = tuple(sorted(path.stem for path in SPECS_DIR.glob("*.yaml") if not path.name.startswith(".")))

SPEC_URI = "urn:listapi-contracts:spec"


def spec_path(stem: str) -> Path:
    return SPECS_DIR / f"{stem}.yaml"


@cache
def spec_document(stem: str) -> dict[str, Any]:
    """The parsed spec, shared between tests: read it, never mutate it (use `mutable_spec`)."""
    document = yaml.safe_load(spec_path(stem).read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{spec_path(stem)} is not a YAML mapping"
    return document


def mutable_spec(stem: str) -> dict[str, Any]:
    """A private deep copy of the parsed spec, for tests that break it on purpose."""
    return copy.deepcopy(spec_document(stem))


def spec_validation_errors(document: Mapping[str, Any]) -> list[str]:
    """What openapi-spec-validator rejects in a spec document ([] when it is valid OpenAPI)."""
    try:
        validate_openapi(document)
    except OpenAPIValidationError as error:
        return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"]
    except Unresolvable as error:  # a dangling $ref surfaces as a resolution error, not a validation one
        return [f"unresolvable reference: {error}"]
    return []


def the_operation(document: Mapping[str, Any]) -> Any:
    """The one operation each of the five specs defines."""
    operations = [
        operation
        for path_item in document["paths"].values()
        for method, operation in path_item.items()
        if method in HTTP_METHODS
    ]
    assert len(operations) == 1, f"expected one operation, found {len(operations)}"
    return operations[0]


@cache
def seed_facts(stem: str) -> SeedFacts:
    """The owned facts of the seed a spec transcribes: read them, never mutate them."""
    return load_facts(stem)


# --- example validation ---------------------------------------------------------------------------


def _format_checker() -> FormatChecker:
    # jsonschema's checkers (date-time via rfc3339-validator) plus the OpenAPI ones (int32, int64, ...);
    # oas30_format_checker alone does not check date-time.
    checker = FormatChecker()
    checker.checkers.update(oas30_format_checker.checkers)
    return checker


FORMAT_CHECKER = _format_checker()


def schema_errors(document: Mapping[str, Any], schema_where: Where, value: Any) -> list[str]:
    """Why `value` does not validate against the schema at `schema_where` in `document` ([] when it does)."""
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, DRAFT4.create_resource(document))
    validator = OAS30Validator(
        {"$ref": f"{SPEC_URI}#{json_pointer(schema_where)}"},
        registry=registry,
        format_checker=FORMAT_CHECKER,
    )
    errors = sorted(validator.iter_errors(value), key=lambda error: [str(s) for s in error.absolute_path])
    return [f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}" for error in errors]


@dataclass(frozen=True)
class ExampleCase:
    where: Where  # where the example value is written
    schema_where: Where | None  # the schema it must validate against
    value: Any
    media_type: str | None = None
    parameter: str | None = None  # the parameter's name, for readable test ids

    @property
    def label(self) -> str:
        suffix = f" ({self.parameter})" if self.parameter else ""
        return render_where(self.where) + suffix


def validate_example(document: Mapping[str, Any], case: ExampleCase) -> list[str]:
    errors: list[str] = []
    is_text = bool(case.media_type and case.media_type.startswith("text/"))
    if is_text and not isinstance(case.value, str):
        errors.append(f"(root): a {case.media_type} example must be a string, got {case.value!r}")
    if case.schema_where is not None:
        errors.extend(schema_errors(document, case.schema_where, case.value))
    elif not is_text:
        errors.append("(root): the example has no schema to validate against")
    return errors


def _media_cases(index: SpecIndex, holder: Mapping[str, Any], where: Where) -> Iterator[ExampleCase]:
    for media_type, media in (holder.get("content") or {}).items():
        media_where = (*where, "content", media_type)
        schema_where = (*media_where, "schema") if "schema" in media else None
        yield from _example_values(index, media, media_where, schema_where, media_type)


def _example_values(
    index: SpecIndex,
    holder: Mapping[str, Any],
    where: Where,
    schema_where: Where | None,
    media_type: str | None = None,
) -> Iterator[ExampleCase]:
    if "example" in holder:
        yield ExampleCase((*where, "example"), schema_where, holder["example"], media_type)
    for name, raw in (holder.get("examples") or {}).items():
        entry = index.deref(raw)
        assert isinstance(entry, Mapping) and "value" in entry, (
            f"{render_where(where)}: example {name} has no value"
        )
        yield ExampleCase((*where, "examples", name), schema_where, entry["value"], media_type)


def _parameter_cases(index: SpecIndex, parameter: Any, where: Where) -> Iterator[ExampleCase]:
    if not isinstance(parameter, Mapping) or "$ref" in parameter:
        return  # a referenced parameter is checked where it is defined
    schema_where = (*where, "schema") if "schema" in parameter else None
    cases = [*_example_values(index, parameter, where, schema_where), *_media_cases(index, parameter, where)]
    for case in cases:
        yield dataclasses.replace(case, parameter=parameter.get("name"))


def _response_cases(index: SpecIndex, response: Any, where: Where) -> Iterator[ExampleCase]:
    if not isinstance(response, Mapping) or "$ref" in response:
        return
    yield from _media_cases(index, response, where)
    for name, header in (response.get("headers") or {}).items():
        yield from _parameter_cases(index, header, (*where, "headers", name))


def iter_example_cases(document: Mapping[str, Any]) -> Iterator[ExampleCase]:
    """Every example the spec carries: parameter, media-type, header and schema-level examples."""
    index = SpecIndex(document)
    components = document.get("components") or {}
    for name, parameter in (components.get("parameters") or {}).items():
        yield from _parameter_cases(index, parameter, ("components", "parameters", name))
    for name, response in (components.get("responses") or {}).items():
        yield from _response_cases(index, response, ("components", "responses", name))
    for name, body in (components.get("requestBodies") or {}).items():
        yield from _media_cases(index, body, ("components", "requestBodies", name))
    for path, path_item in (document.get("paths") or {}).items():
        for position, parameter in enumerate(path_item.get("parameters") or []):
            yield from _parameter_cases(index, parameter, ("paths", path, "parameters", str(position)))
        for method, operation in path_item.items():
            if not isinstance(operation, Mapping) or method in ("parameters", "servers"):
                continue
            where: Where = ("paths", path, method)
            for position, parameter in enumerate(operation.get("parameters") or []):
                yield from _parameter_cases(index, parameter, (*where, "parameters", str(position)))
            body = operation.get("requestBody")
            if isinstance(body, Mapping) and "$ref" not in body:
                yield from _media_cases(index, body, (*where, "requestBody"))
            for status, response in (operation.get("responses") or {}).items():
                yield from _response_cases(index, response, (*where, "responses", str(status)))
    for schema_where, schema in iter_all_schemas(document):
        if "example" in schema:
            yield ExampleCase((*schema_where, "example"), schema_where, schema["example"])


def response_example_cases(document: Mapping[str, Any], status: str) -> list[ExampleCase]:
    """The media-type examples of one response status of the spec's (single) operation."""
    return [
        case
        for case in iter_example_cases(document)
        if len(case.where) > 4 and case.where[0] == "paths" and case.where[3:5] == ("responses", status)
    ]


def canonical_json(value: Any) -> str:
    """Type-exact JSON text for equality (Python alone treats 1 == True == 1.0)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
