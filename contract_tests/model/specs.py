"""Load the contracts in specs/ into `ApiSpec` objects: one list operation plus its semantics."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from contract_tests.model import citations
from contract_tests.model.body import schema_at
from contract_tests.model.extensions import first_extension_error
from contract_tests.model.semantics import ErrorCase, ListSemantics, parse_error_cases, parse_list_semantics


def project_dir(name: str) -> Path:
    """`specs` or `targets`: the checkout's own folder, else the copy installed as package data."""
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return package / f"_{name}"


SPECS_DIR = project_dir("specs")
# The x-error-cases entries that are answers to bad credentials.
CREDENTIAL_CASES = ("invalid-credentials", "missing-credentials")
# The largest value of an integer format (OpenAPI 3 formats int32 and int64).
FORMAT_CEILINGS = {"int32": 2**31 - 1, "int64": 2**63 - 1}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class SpecError(ValueError):
    """A spec file cannot be used: unreadable, not a list API, or malformed semantics."""


@dataclass(frozen=True)
class SecurityScheme:
    name: str
    kind: str
    credential_vars: tuple[str, ...]
    acs_version: str | None
    optional_credential_vars: tuple[str, ...] = ()
    # The request header that carries the credential (apiKey `in: header`, or http's Authorization).
    header: str | None = None


@dataclass(frozen=True)
class ApiSpec:
    key: str
    path: Path
    document: dict[str, Any]
    route: str
    method: str
    operation: dict[str, Any]
    semantics: ListSemantics
    error_cases: tuple[ErrorCase, ...]

    @property
    def operation_id(self) -> str:
        return str(self.operation["operationId"])

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.route}"

    @property
    def seed_document(self) -> str | None:
        return self.document.get("info", {}).get("x-seed")

    def resolve(self, node: Any) -> Any:
        """Follow `$ref`s (local ones only) until a concrete node."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            seen += 1
            if seen > 32:
                raise SpecError(f"{self.key}: $ref cycle at {node['$ref']}")
            node = self.lookup(node["$ref"])
        return node

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise SpecError(f"{self.key}: only local $refs are supported, got {ref}")
        node: Any = self.document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    @functools.cached_property
    def parameters(self) -> dict[str, dict[str, Any]]:
        path_item = self.document["paths"][self.route]
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*path_item.get("parameters", ()), *self.operation.get("parameters", ())]:
            param = self.resolve(raw)
            merged[(param["in"], param["name"])] = param
        return {name: param for (_, name), param in merged.items()}

    def integer_ceiling(self, name: str) -> int | None:
        """The largest value an integer parameter's schema admits: its `maximum`, else its format's
        (int32, int64); None when the schema bounds it by neither."""
        if name not in self.parameters:
            return None
        schema = self.parameter_schema(name)
        if schema.get("maximum") is not None:
            return int(schema["maximum"])
        return FORMAT_CEILINGS.get(str(schema.get("format", "")))

    def parameter_schema(self, name: str) -> dict[str, Any]:
        param = self.parameters[name]
        if "schema" in param:
            return self.resolve(param["schema"])
        media = next(iter(param.get("content", {}).values()), {})
        return self.resolve(media.get("schema", {}))

    def path_parameters(self) -> dict[str, str | None]:
        """Path parameter name -> the target variable holding its real value (x-target-var)."""
        return {
            name: param.get("x-target-var")
            for name, param in self.parameters.items()
            if param["in"] == "path"
        }

    def response(self, status: int | str) -> dict[str, Any] | None:
        responses = self.operation.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                return self.resolve(responses[key])
        return None

    def response_media(self, status: int | str) -> tuple[str, dict[str, Any] | None] | None:
        """(media type, schema) declared for a status, or None when the status is undocumented."""
        response = self.response(status)
        if response is None:
            return None
        content = response.get("content") or {}
        if not content:
            return ("", None)
        media_type, media = next(iter(content.items()))
        return media_type, media.get("schema")

    @functools.cached_property
    def item_schema(self) -> dict[str, Any]:
        media = self.response_media(200)
        if media is None or media[1] is None:
            raise SpecError(f"{self.key}: the list operation has no 200 JSON schema")
        node = schema_at(media[1], self.semantics.items, self.resolve)
        if node is None or "items" not in node:
            raise SpecError(
                f"{self.key}: x-list items {self.semantics.items!r} is not an array of the 200 body"
            )
        return dict(self.resolve(node["items"]))

    def item_field_schema(self, field: str) -> dict[str, Any]:
        """The schema of an item field (a dot path, through allOf members); {} when undeclared."""
        node = schema_at(self.item_schema, field, self.resolve)
        return dict(node) if node is not None else {}

    @functools.cached_property
    def security_schemes(self) -> tuple[SecurityScheme, ...]:
        declared = self.document.get("components", {}).get("securitySchemes", {})
        requirements = self.operation.get("security", self.document.get("security", []))
        names = [name for requirement in requirements for name in requirement]
        schemes = []
        for name in dict.fromkeys(names):
            scheme = declared.get(name)
            if scheme is None or "x-auth-kind" not in scheme:
                raise SpecError(f"{self.key}: security scheme {name} lacks x-auth-kind")
            schemes.append(
                SecurityScheme(
                    name=name,
                    kind=scheme["x-auth-kind"],
                    credential_vars=tuple(scheme.get("x-credential-vars", ())),
                    acs_version=scheme.get("x-acs-version"),
                    optional_credential_vars=tuple(scheme.get("x-optional-credential-vars", ())),
                    header=_credential_header(scheme),
                )
            )
        return tuple(schemes)

    def credential_error_statuses(self) -> frozenset[int]:
        """Every status the spec documents for bad credentials (its invalid-/missing-credentials cases)."""
        return frozenset(
            status for case in self.error_cases if case.name in CREDENTIAL_CASES for status in case.statuses
        )

    def fact(self, *parameter_names: str) -> str:
        """A short citation of the document fact behind a rule (model/citations.py)."""
        return citations.fact(self, parameter_names)

    @property
    def cited_document(self) -> str:
        return citations.cited_document(self)


def _refs(node: Any, where: str = "#") -> Any:
    """Every `$ref` of a document, with where it occurs."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield where, node["$ref"]
        for key, value in node.items():
            yield from _refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{where}/{index}")


def check_refs(document: dict[str, Any], path: Path) -> None:
    """Resolve every `$ref` once, at load: a dangling one is a one-line error before any test runs.

    Only local references (`#/...`) are allowed, so neither the suite nor schemathesis ever reads a
    file other than the spec itself (a `../x.yaml` or absolute path could point outside specs/).
    """
    for where, ref in _refs(document):
        if not ref.startswith("#/") and ref != "#":
            raise SpecError(
                f"{path}: $ref {ref!r} at {where} is not local; only #/... references are allowed"
            )
        node: Any = document
        for part in ref[2:].split("/") if ref != "#" else ():
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                raise SpecError(f"{path}: $ref {ref!r} at {where} points to nothing")


def load_spec(path: Path) -> ApiSpec:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"{path}: cannot read spec: {str(exc).splitlines()[0]}") from None
    if not isinstance(document, dict) or "paths" not in document:
        raise SpecError(f"{path}: not an OpenAPI document (no `paths`)")
    found = [
        (route, method, operation)
        for route, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS and isinstance(operation, dict) and "x-list" in operation
    ]
    if len(found) != 1:
        raise SpecError(f"{path}: expected exactly one operation with x-list, found {len(found)}")
    check_refs(document, path)
    route, method, operation = found[0]
    problem = first_extension_error(operation)
    if problem is not None:
        raise SpecError(f"{path}: {problem}")
    try:
        semantics = parse_list_semantics(operation["x-list"])
        error_cases = parse_error_cases(operation.get("x-error-cases"))
    except ValueError as exc:
        raise SpecError(f"{path}: {exc}") from None
    spec = ApiSpec(
        key=path.stem,
        path=path,
        document=document,
        route=route,
        method=method,
        operation=operation,
        semantics=semantics,
        error_cases=error_cases,
    )
    paging = semantics.pagination
    if paging.position_param is None:
        return spec
    ceiling = spec.integer_ceiling(paging.position_param)
    return replace(spec, semantics=replace(semantics, pagination=replace(paging, max_position=ceiling)))


def _credential_header(scheme: Mapping[str, Any]) -> str | None:
    if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
        return str(scheme["name"])
    return "Authorization" if scheme.get("type") == "http" else None


def security_schemes_of(specs: Mapping[str, ApiSpec]) -> Iterator[SecurityScheme]:
    """Every security scheme the specs' list operations name, in spec then requirement order."""
    for spec in specs.values():
        yield from spec.security_schemes


def declared_credential_variables(specs: Mapping[str, ApiSpec]) -> tuple[str, ...]:
    """Every variable a security scheme of the specs reads (`x-credential-vars`, then the optional ones)."""
    names = [
        name
        for scheme in security_schemes_of(specs)
        for name in (*scheme.credential_vars, *scheme.optional_credential_vars)
    ]
    return tuple(dict.fromkeys(names))


@functools.cache
def all_specs(directory: Path = SPECS_DIR) -> dict[str, ApiSpec]:
    # Dotfiles (the Spectral ruleset) live beside the contracts but are not contracts.
    paths = sorted(path for path in directory.glob("*.yaml") if not path.name.startswith("."))
    return {path.stem: load_spec(path) for path in paths}
