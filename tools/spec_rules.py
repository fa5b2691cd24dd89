"""Spec rules about plain OpenAPI structure: refs, operationIds, response schemas, enums, x-source.

Each rule is a function from a spec index to findings; tools/spec_lint.py attributes them to a file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tools.spec_walk import (
    JSON_MEDIA,
    SpecIndex,
    Where,
    child_schemas,
    is_json_media,
    iter_all_schemas,
    iter_nodes,
    iter_operations,
    iter_responses,
)

X_SOURCE_PREFIX = "provider-facts"
PLAIN_TEXT_MEDIA = "text/plain"
# A text/plain error body is allowed only when the spec says, in words, that it is plain text by design.
PLAIN_TEXT_WORDING = re.compile(r"plain[- ]text|text/plain|纯文本", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A violation before it is attributed to a file."""

    rule: str
    where: Where
    message: str


Rule = Callable[[SpecIndex], Iterator[Finding]]


def _is_error_status(status: str) -> bool:
    return status[:1] in ("4", "5") or status == "default"


def _is_object_schema(schema: Any) -> bool:
    return isinstance(schema, Mapping) and (schema.get("type") == "object" or "properties" in schema)


# --- rules --------------------------------------------------------------------------------


def check_refs(index: SpecIndex) -> Iterator[Finding]:
    for where, node in iter_nodes(index.document):
        if isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                yield Finding("ref", where, f"$ref {ref!r} is not local; specs must be self-contained")
            elif index.lookup(ref) is None:
                yield Finding("ref", where, f"$ref {ref!r} does not resolve")


def check_operation_ids(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        operation_id = operation.node.get("operationId")
        if not isinstance(operation_id, str) or not operation_id.strip():
            yield Finding("operation-id", operation.where, "operation has no operationId")


def check_response_schema_refs(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        for _status, where, response in iter_responses(operation, index):
            for media_type, media in (response.get("content") or {}).items():
                if not is_json_media(media_type):
                    continue
                media_where = (*where, "content", media_type)
                schema = media.get("schema") if isinstance(media, Mapping) else None
                if schema is None:
                    yield Finding("response-schema-ref", media_where, "JSON media type has no schema")
                elif not (isinstance(schema, Mapping) and "$ref" in schema):
                    yield Finding(
                        "response-schema-ref",
                        (*media_where, "schema"),
                        "inline response schema; reference a named component",
                    )


def check_inline_objects(index: SpecIndex) -> Iterator[Finding]:
    reported: set[Where] = set()
    visited: set[str] = set()

    def walk(schema: Any, where: Where, named_root: bool) -> Iterator[Finding]:
        if not isinstance(schema, Mapping):
            return
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref not in visited:
                visited.add(ref)
                yield from walk(index.deref(schema), index.ref_where(schema, where), named_root=True)
            return
        if not named_root and "properties" in schema and where not in reported:
            reported.add(where)
            yield Finding(
                "inline-object", where, "inline object schema with properties; make it a named component"
            )
        for sub_where, sub in child_schemas(schema, where):
            yield from walk(sub, sub_where, named_root=False)

    for operation in iter_operations(index):
        for _status, where, response in iter_responses(operation, index):
            for media_type, media in (response.get("content") or {}).items():
                if isinstance(media, Mapping) and "schema" in media:
                    # The media schema's own position is response-schema-ref's business.
                    yield from walk(
                        media["schema"], (*where, "content", media_type, "schema"), named_root=True
                    )
            for name, header in (response.get("headers") or {}).items():
                header = index.deref(header)
                if isinstance(header, Mapping) and "schema" in header:
                    yield from walk(header["schema"], (*where, "headers", name, "schema"), named_root=False)


def check_error_schemas(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        for status, where, response in iter_responses(operation, index):
            if not _is_error_status(status):
                continue
            content = response.get("content") or {}
            if JSON_MEDIA in content:
                media = content[JSON_MEDIA] if isinstance(content[JSON_MEDIA], Mapping) else {}
                schema = index.deref(media.get("schema"))
                if not _is_object_schema(schema):
                    yield Finding(
                        "error-json-schema",
                        (*where, "content", JSON_MEDIA),
                        f"error status {status} has no object schema under {JSON_MEDIA}",
                    )
            elif PLAIN_TEXT_MEDIA in content:
                wording = f"{response.get('description', '')} {response.get('x-source', '')}"
                if not PLAIN_TEXT_WORDING.search(wording):
                    yield Finding(
                        "error-json-schema",
                        where,
                        f"error status {status} is {PLAIN_TEXT_MEDIA} but neither its description nor its "
                        "x-source says the body is plain text by design",
                    )
            else:
                yield Finding("error-json-schema", where, f"error status {status} has no {JSON_MEDIA} schema")


def check_enums(index: SpecIndex) -> Iterator[Finding]:
    holders: list[tuple[Where, Mapping[str, Any]]] = list(iter_all_schemas(index.document))
    for position, server in enumerate(index.document.get("servers") or []):
        for name, variable in ((server or {}).get("variables") or {}).items():
            if isinstance(variable, Mapping):
                holders.append((("servers", str(position), "variables", name), variable))
    for where, holder in holders:
        if "enum" not in holder:
            continue
        values = holder["enum"]
        if not isinstance(values, list) or not values:
            yield Finding("enum-values", (*where, "enum"), "enum must be a non-empty list of values")
            continue
        seen: set[str] = set()
        duplicates = []
        for value in values:
            key = json.dumps(value, sort_keys=True)
            if key in seen:
                duplicates.append(value)
            seen.add(key)
        if duplicates:
            yield Finding("enum-values", (*where, "enum"), f"duplicate enum values {duplicates}")


def check_additional_properties(index: SpecIndex) -> Iterator[Finding]:
    for where, schema in iter_all_schemas(index.document):
        if schema.get("additionalProperties") is False:
            yield Finding(
                "additional-properties-false",
                (*where, "additionalProperties"),
                "additionalProperties: false would fail a provider that adds a field",
            )


def check_x_sources(index: SpecIndex) -> Iterator[Finding]:
    for where, node in iter_nodes(index.document):
        if not isinstance(node, Mapping) or "x-source" not in node:
            continue
        value = node["x-source"]
        if not isinstance(value, str) or not value.strip().startswith(X_SOURCE_PREFIX):
            yield Finding(
                "x-source",
                (*where, "x-source"),
                f"x-source must be a non-empty string starting with {X_SOURCE_PREFIX!r}, got {value!r}",
            )
