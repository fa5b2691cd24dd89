"""Spec rules about the x-list and x-error-cases extensions (docs/list-semantics.md).

The shape of both extensions is a JSON Schema (contract_tests/model/x_extensions.schema.json, checked
again when the suite loads a spec); the rules here add what a
schema cannot say: the parameters and fields they name exist, and the values they rely on are accepted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from contract_tests.model.extensions import extension_errors
from tools.spec_rules import Finding
from tools.spec_walk import (
    JSON_MEDIA,
    Operation,
    SpecIndex,
    Where,
    iter_operations,
    iter_responses,
    resolve_dot_path,
)


def _mapping(value: Any) -> Mapping[str, Any]:
    # A malformed extension is x-list-schema's finding; the other rules read it leniently, never crash.
    return value if isinstance(value, Mapping) else {}


def _sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _schema_findings(rule: str, extension: str, value: Any, where: Where) -> Iterator[Finding]:
    for path, message in extension_errors(extension, value):
        yield Finding(rule, (*where, extension, *path), message)


def _x_list_operations(index: SpecIndex) -> Iterator[tuple[Operation, Mapping[str, Any], Where]]:
    for operation in iter_operations(index):
        x_list = operation.node.get("x-list")
        if x_list is not None:
            yield operation, x_list if isinstance(x_list, Mapping) else {}, (*operation.where, "x-list")


def check_x_list_schema(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        if "x-list" in operation.node:
            yield from _schema_findings("x-list-schema", "x-list", operation.node["x-list"], operation.where)


def _named_params(x_list: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], Any]]:
    pagination = _mapping(x_list.get("pagination"))
    for key in ("offset-param", "page-param", "size-param"):
        if key in pagination:
            yield ("pagination", key), pagination[key]
    for position, entry in enumerate(_sequence(x_list.get("filters"))):
        if isinstance(entry, Mapping) and "param" in entry:
            yield ("filters", str(position), "param"), entry["param"]
    sort = _mapping(x_list.get("sort"))
    for key in ("field-param", "order-param"):
        if key in sort:
            yield ("sort", key), sort[key]
    for name in _mapping(x_list.get("total-requires")):
        yield ("total-requires", str(name)), name


def check_x_list_params(index: SpecIndex) -> Iterator[Finding]:
    for operation, x_list, where in _x_list_operations(index):
        for key, name in _named_params(x_list):
            if name not in operation.parameters:
                yield Finding(
                    "x-list-param", (*where, *key), f"parameter {name!r} is not a parameter of the operation"
                )


def _ok_body_schema(operation: Operation, index: SpecIndex) -> Mapping[str, Any] | None:
    for status, _where, response in iter_responses(operation, index):
        if status == "200":
            media = _mapping(_mapping(response.get("content")).get(JSON_MEDIA))
            schema = index.deref(media.get("schema"))
            return schema if isinstance(schema, Mapping) else None
    return None


def _body_paths(x_list: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], Any]]:
    for key in ("items", "total"):
        if key in x_list:
            yield (key,), x_list[key]
    request_id = _mapping(x_list.get("request-id"))
    if request_id.get("in") == "body" and "name" in request_id:
        yield ("request-id", "name"), request_id["name"]
    for key, value in _mapping(_mapping(x_list.get("pagination")).get("echo")).items():
        if not str(key).startswith("x-"):
            yield ("pagination", "echo", str(key)), value
    for key, value in _mapping(x_list.get("success-flag")).items():
        if not str(key).startswith("x-"):
            yield ("success-flag", str(key)), value


def _item_paths(x_list: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if "item-id" in x_list:
        yield ("item-id",), x_list["item-id"]
    for position, entry in enumerate(_sequence(x_list.get("filters"))):
        if not isinstance(entry, Mapping):
            continue
        if entry.get("field") is not None:
            yield ("filters", str(position), "field"), entry["field"]
        for field_position, field in enumerate(_sequence(entry.get("fields"))):
            yield ("filters", str(position), "fields", str(field_position)), field
    for wire, entry in _mapping(_mapping(x_list.get("sort")).get("fields")).items():
        if isinstance(entry, Mapping) and "field" in entry:
            yield ("sort", "fields", str(wire), "field"), entry["field"]


def _item_schema(index: SpecIndex, body: Mapping[str, Any], items_path: Any) -> Mapping[str, Any] | None:
    if not isinstance(items_path, str):
        return None
    items = resolve_dot_path(index, body, items_path)
    if not items or items.get("type") != "array":
        return None
    item = index.deref(items.get("items"))
    return item if isinstance(item, Mapping) else None


def check_x_list_fields(index: SpecIndex) -> Iterator[Finding]:
    for operation, x_list, where in _x_list_operations(index):
        body = _ok_body_schema(operation, index)
        if body is None:
            yield Finding("x-list-field", where, f"no 200 {JSON_MEDIA} schema to resolve x-list fields in")
            continue
        for key, dot_path in _body_paths(x_list):
            field = resolve_dot_path(index, body, dot_path) if isinstance(dot_path, str) else None
            if field is None:
                yield Finding("x-list-field", (*where, *key), f"{dot_path!r} is not a field of the 200 body")
            elif key == ("items",) and field.get("type") != "array":
                yield Finding("x-list-field", (*where, *key), f"{dot_path!r} is not an array in the 200 body")
            elif key == ("total",) and field.get("type") != "integer":
                yield Finding(
                    "x-list-field", (*where, *key), f"{dot_path!r} is not an integer in the 200 body"
                )
        item = _item_schema(index, body, x_list.get("items"))
        if item is None:
            continue  # reported above as a bad `items` path
        for key, dot_path in _item_paths(x_list):
            if not isinstance(dot_path, str) or resolve_dot_path(index, item, dot_path) is None:
                yield Finding("x-list-field", (*where, *key), f"{dot_path!r} is not a field of the list item")


def _param_enum(operation: Operation, index: SpecIndex, name: Any) -> list[Any] | None:
    parameter = operation.parameters.get(name) if isinstance(name, str) else None
    schema = index.deref(parameter.get("schema")) if parameter else None
    enum = schema.get("enum") if isinstance(schema, Mapping) else None
    return enum if isinstance(enum, list) else None


def check_x_list_values(index: SpecIndex) -> Iterator[Finding]:
    for operation, x_list, where in _x_list_operations(index):
        body = _ok_body_schema(operation, index)
        item = _item_schema(index, body, x_list.get("items")) if body else None
        for position, entry in enumerate(_sequence(x_list.get("filters"))):
            if isinstance(entry, Mapping):
                entry_where = (*where, "filters", str(position))
                yield from _filter_value_findings(operation, index, item, entry, entry_where)
        sort = x_list.get("sort")
        if isinstance(sort, Mapping):
            yield from _sort_value_findings(operation, index, sort, (*where, "sort"))


def _filter_value_findings(
    operation: Operation,
    index: SpecIndex,
    item: Mapping[str, Any] | None,
    entry: Mapping[str, Any],
    where: Where,
) -> Iterator[Finding]:
    param_enum = _param_enum(operation, index, entry.get("param"))
    match_all = [value for value in _sequence(entry.get("match-all")) if isinstance(value, str)]
    if param_enum is not None:
        accepted = {str(value) for value in param_enum}
        for value in match_all:
            if value not in accepted:
                yield Finding(
                    "x-list-values", (*where, "match-all"), f"{value!r} is not in the parameter's enum"
                )
    field_path = entry.get("field")
    if entry.get("match") != "exact" or param_enum is None or item is None or not isinstance(field_path, str):
        return
    field = resolve_dot_path(index, item, field_path)
    field_enum = field.get("enum") if field else None
    if not isinstance(field_enum, list):
        return
    # An exact filter value the item field can never carry could only ever return an empty page.
    unmatched = [
        v for v in param_enum if str(v) not in {str(f) for f in field_enum} and str(v) not in match_all
    ]
    if unmatched:
        yield Finding(
            "x-list-values",
            (*where, "param"),
            f"exact filter values {unmatched} are not in the enum of item field {field_path!r}",
        )


def _sort_value_findings(
    operation: Operation, index: SpecIndex, sort: Mapping[str, Any], where: Where
) -> Iterator[Finding]:
    fields = sort.get("fields") if isinstance(sort.get("fields"), Mapping) else {}
    field_enum = _param_enum(operation, index, sort.get("field-param"))
    if field_enum is not None:
        accepted = {str(value) for value in field_enum}
        signed = sort.get("style") == "signed-field"
        for wire in fields:
            needed = [f"+{wire}", f"-{wire}"] if signed else [str(wire)]
            missing = [value for value in needed if value not in accepted]
            if missing:
                yield Finding(
                    "x-list-values",
                    (*where, "fields", str(wire)),
                    f"{missing} not in the sort parameter's enum",
                )
    order_enum = _param_enum(operation, index, sort.get("order-param"))
    orders = sort.get("orders") if isinstance(sort.get("orders"), Mapping) else {}
    if order_enum is not None:
        for direction, wire in orders.items():
            if str(wire) not in {str(value) for value in order_enum}:
                yield Finding(
                    "x-list-values",
                    (*where, "orders", str(direction)),
                    f"{wire!r} is not in the order parameter's enum",
                )
    default = sort.get("default")
    if isinstance(default, Mapping) and "by" in default and default["by"] not in fields:
        yield Finding(
            "x-list-values", (*where, "default", "by"), f"{default['by']!r} is not one of sort.fields"
        )


def check_x_error_cases_schema(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        if "x-error-cases" in operation.node:
            cases = operation.node["x-error-cases"]
            yield from _schema_findings("x-error-cases-schema", "x-error-cases", cases, operation.where)


def _error_cases(operation: Operation) -> Iterator[tuple[str, Mapping[str, Any], Where]]:
    cases = operation.node.get("x-error-cases")
    for kind, case in cases.items() if isinstance(cases, Mapping) else ():
        if isinstance(case, Mapping) and not str(kind).startswith("x-"):
            yield str(kind), case, (*operation.where, "x-error-cases", str(kind))


def check_x_error_case_statuses(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        documented = {str(status) for status in operation.node.get("responses") or {}}
        for _kind, case, where in _error_cases(operation):
            statuses = case.get("status") if isinstance(case.get("status"), list) else []
            for status in statuses:
                if str(status) not in documented and f"{str(status)[:1]}XX" not in documented:
                    yield Finding(
                        "x-error-cases-status", (*where, "status"), f"{status} is not a documented response"
                    )


def check_x_error_case_params(index: SpecIndex) -> Iterator[Finding]:
    for operation in iter_operations(index):
        for kind, case, where in _error_cases(operation):
            if "param" not in case:
                continue
            name = case["param"]
            parameter = operation.parameters.get(name) if isinstance(name, str) else None
            if parameter is None:
                yield Finding(
                    "x-error-cases-param", (*where, "param"), f"{name!r} is not a parameter of the operation"
                )
            elif kind == "unknown-path-id" and parameter.get("in") != "path":
                yield Finding("x-error-cases-param", (*where, "param"), f"{name!r} is not a path parameter")
            elif kind == "wrong-type":
                schema = index.deref(parameter.get("schema")) or {}
                # A string parameter accepts "abc", so the case would not be a wrong type at all.
                if schema.get("type") not in ("integer", "number", "boolean"):
                    yield Finding(
                        "x-error-cases-param",
                        (*where, "param"),
                        f"{name!r} is not an integer, number or boolean",
                    )
