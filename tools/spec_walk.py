"""Navigation of an OpenAPI 3.0 document as plain dicts: local $refs, operations, schemas, dot paths.

Shared by the spec lint and the project's spec tests, so both read a spec the same way.
A location is a tuple of raw segments (JSON-pointer order); `render_where` makes it readable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from contract_tests.model.body import schema_at, schema_properties

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA = "application/json"

Where = tuple[str, ...]


def is_json_media(media_type: str) -> bool:
    return media_type == JSON_MEDIA or media_type.endswith("+json")


def render_where(where: Where) -> str:
    """`GET /path responses.200` for operation locations, dotted segments elsewhere."""
    if len(where) >= 3 and where[0] == "paths" and where[2] in HTTP_METHODS:
        rest = ".".join(where[3:])
        return f"{where[2].upper()} {where[1]}" + (f" {rest}" if rest else "")
    if len(where) >= 2 and where[0] == "paths":
        return f"{where[1]} " + ".".join(where[2:])
    return ".".join(where) or "(document)"


def json_pointer(where: Where) -> str:
    """URI-fragment form of a location (`/paths/~1v1~1x/get`), percent-encoded for a $ref."""
    escaped = (segment.replace("~", "~0").replace("/", "~1") for segment in where)
    return quote("/" + "/".join(escaped), safe="/~")


def _unescape(segment: str) -> str:
    return unquote(segment).replace("~1", "/").replace("~0", "~")


class SpecIndex:
    """Read access to one spec document with local `$ref` resolution."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document

    def lookup(self, ref: str) -> Any | None:
        """The node a local `#/...` reference points at; None when it is not local or dangles."""
        if not ref.startswith("#/"):
            return None
        node: Any = self.document
        for raw in ref[2:].split("/"):
            segment = _unescape(raw)
            if isinstance(node, Mapping) and segment in node:
                node = node[segment]
            elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
                node = node[int(segment)]
            else:
                return None
        return node

    def deref(self, node: Any) -> Any | None:
        """Follow a chain of `$ref`s; None when one dangles or the chain loops."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return None
            seen.add(ref)
            node = self.lookup(ref)
        return node

    def ref_where(self, node: Any, where: Where) -> Where:
        """Location of what `node` stands for: the $ref target when it is a local ref."""
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if isinstance(ref, str) and ref.startswith("#/"):
            return tuple(_unescape(raw) for raw in ref[2:].split("/"))
        return where


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    node: Mapping[str, Any]
    where: Where
    parameters: dict[str, Mapping[str, Any]]  # name -> resolved parameter object
    parameter_wheres: dict[str, Where]


def iter_operations(index: SpecIndex) -> Iterator[Operation]:
    for path, path_item in (index.document.get("paths") or {}).items():
        if not isinstance(path_item, Mapping):
            continue
        for method in HTTP_METHODS:
            node = path_item.get(method)
            if not isinstance(node, Mapping):
                continue
            where: Where = ("paths", path, method)
            parameters: dict[str, Mapping[str, Any]] = {}
            parameter_wheres: dict[str, Where] = {}
            # Operation-level parameters override path-level ones of the same name.
            scoped = [(path_item, ("paths", path)), (node, where)]
            for owner, owner_where in scoped:
                for position, raw in enumerate(owner.get("parameters") or []):
                    parameter = index.deref(raw)
                    if isinstance(parameter, Mapping) and isinstance(parameter.get("name"), str):
                        parameters[parameter["name"]] = parameter
                        local = (*owner_where, "parameters", str(position))
                        parameter_wheres[parameter["name"]] = index.ref_where(raw, local)
            yield Operation(path, method, node, where, parameters, parameter_wheres)


def iter_responses(operation: Operation, index: SpecIndex) -> Iterator[tuple[str, Where, Mapping[str, Any]]]:
    for status, raw in (operation.node.get("responses") or {}).items():
        response = index.deref(raw)
        if isinstance(response, Mapping):
            yield str(status), index.ref_where(raw, (*operation.where, "responses", str(status))), response


def child_schemas(schema: Mapping[str, Any], where: Where) -> Iterator[tuple[Where, Any]]:
    """Direct subschemas of a schema object (not following $ref)."""
    for name, sub in (schema.get("properties") or {}).items():
        yield (*where, "properties", name), sub
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), Mapping):
            yield (*where, key), schema[key]
    for key in ("allOf", "anyOf", "oneOf"):
        for position, sub in enumerate(schema.get(key) or []):
            yield (*where, key, str(position)), sub


def iter_schema_tree(schema: Any, where: Where) -> Iterator[tuple[Where, Mapping[str, Any]]]:
    """A schema and all its inline subschemas, depth first (a $ref node is yielded, not followed)."""
    if not isinstance(schema, Mapping):
        return
    yield where, schema
    if "$ref" in schema:
        return
    for sub_where, sub in child_schemas(schema, where):
        yield from iter_schema_tree(sub, sub_where)


def _content_schema_roots(holder: Mapping[str, Any], where: Where) -> Iterator[tuple[Where, Any]]:
    for media_type, media in (holder.get("content") or {}).items():
        if isinstance(media, Mapping) and "schema" in media:
            yield (*where, "content", media_type, "schema"), media["schema"]


def _parameter_schema_roots(parameter: Any, where: Where) -> Iterator[tuple[Where, Any]]:
    if not isinstance(parameter, Mapping) or "$ref" in parameter:
        return  # a referenced parameter is walked where it is defined
    if "schema" in parameter:
        yield (*where, "schema"), parameter["schema"]
    yield from _content_schema_roots(parameter, where)


def _response_schema_roots(response: Any, where: Where) -> Iterator[tuple[Where, Any]]:
    if not isinstance(response, Mapping) or "$ref" in response:
        return
    yield from _content_schema_roots(response, where)
    for name, header in (response.get("headers") or {}).items():
        yield from _parameter_schema_roots(header, (*where, "headers", name))


def iter_schema_roots(document: Mapping[str, Any]) -> Iterator[tuple[Where, Any]]:
    """Every place a schema object is written in the document (component, parameter, body, response)."""
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        yield ("components", "schemas", name), schema
    for name, parameter in (components.get("parameters") or {}).items():
        yield from _parameter_schema_roots(parameter, ("components", "parameters", name))
    for name, header in (components.get("headers") or {}).items():
        yield from _parameter_schema_roots(header, ("components", "headers", name))
    for name, body in (components.get("requestBodies") or {}).items():
        if isinstance(body, Mapping):
            yield from _content_schema_roots(body, ("components", "requestBodies", name))
    for name, response in (components.get("responses") or {}).items():
        yield from _response_schema_roots(response, ("components", "responses", name))
    for path, path_item in (document.get("paths") or {}).items():
        if not isinstance(path_item, Mapping):
            continue
        for position, parameter in enumerate(path_item.get("parameters") or []):
            yield from _parameter_schema_roots(parameter, ("paths", path, "parameters", str(position)))
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if not isinstance(operation, Mapping):
                continue
            where: Where = ("paths", path, method)
            for position, parameter in enumerate(operation.get("parameters") or []):
                yield from _parameter_schema_roots(parameter, (*where, "parameters", str(position)))
            body = operation.get("requestBody")
            if isinstance(body, Mapping) and "$ref" not in body:
                yield from _content_schema_roots(body, (*where, "requestBody"))
            for status, response in (operation.get("responses") or {}).items():
                yield from _response_schema_roots(response, (*where, "responses", str(status)))


def iter_all_schemas(document: Mapping[str, Any]) -> Iterator[tuple[Where, Mapping[str, Any]]]:
    for where, root in iter_schema_roots(document):
        yield from iter_schema_tree(root, where)


def properties_of(index: SpecIndex, schema: Any) -> dict[str, Any]:
    """Declared properties of an object schema, including those of allOf/anyOf/oneOf members."""
    return schema_properties(schema, index.deref)


def resolve_dot_path(index: SpecIndex, schema: Any, dot_path: str) -> Mapping[str, Any] | None:
    """Schema of the field a dot path names; an array on the way addresses its items' fields."""
    return schema_at(schema, dot_path, index.deref)


def iter_nodes(node: Any, where: Where = ()) -> Iterator[tuple[Where, Any]]:
    """Every dict/list node of the document except example payloads (they are data, not spec)."""
    yield where, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("example", "examples") and not _is_schema_property_map(where):
                continue
            yield from iter_nodes(value, (*where, str(key)))
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from iter_nodes(value, (*where, str(position)))


def _is_schema_property_map(where: Where) -> bool:
    # Inside `properties`, a key named `example` is a property name, not an example payload.
    return bool(where) and where[-1] == "properties"
