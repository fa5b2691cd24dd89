"""The reference provider answers what the specs describe.

For every operation of every spec, requests are sampled from the spec itself (defaults, page-size
bounds, each filter with a value taken from real data, each enum value, each sort) and every 200
body is validated against the operation's 200 schema; the spec's x-error-cases are sent too and
their bodies validated against the documented status's schema.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from provider_client import Params
from werkzeug.test import Client, TestResponse

from contract_tests.transport.signing import auth_for
from reference_provider import ProviderConfig, create_app

SPEC_DIR = Path(__file__).resolve().parents[2] / "specs"
SPEC_FILES = sorted(SPEC_DIR.glob("*.yaml"))


@dataclass(frozen=True)
class Operation:
    spec_name: str
    spec: dict[str, Any]
    path: str
    operation: dict[str, Any]

    @property
    def x_list(self) -> dict[str, Any]:
        return dict(self.operation["x-list"])

    @property
    def parameters(self) -> dict[str, dict[str, Any]]:
        return {param["name"]: param for param in self.operation.get("parameters", [])}

    def response(self, status: int) -> dict[str, Any] | None:
        responses = self.operation["responses"]
        found = responses.get(str(status), responses.get(status))
        return dict(found) if found is not None else None


def operations() -> Iterator[Operation]:
    for spec_file in SPEC_FILES:
        spec = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
        for path, item in spec.get("paths", {}).items():
            if "get" in item and "x-list" in item["get"]:
                yield Operation(spec_file.stem, spec, path, item["get"])


OPERATIONS = list(operations())
pytestmark = pytest.mark.skipif(not OPERATIONS, reason="no specs/*.yaml with an x-list operation yet")


class SpecDrivenClient:
    """Sends requests the way the spec describes them: path ids from x-target-var, auth from x-auth-kind."""

    def __init__(self, operation: Operation, config: ProviderConfig) -> None:
        self.operation = operation
        self.config = config
        self.client = Client(create_app(config))
        self.credentials = {name: getattr(config, name.lower()) for name in ProviderConfig.env_names()}

    def path(self, override_ids: dict[str, str] | None = None) -> str:
        path = self.operation.path
        for name, param in self.operation.parameters.items():
            if param["in"] == "path":
                value = (override_ids or {}).get(name) or getattr(self.config, param["x-target-var"].lower())
                path = path.replace("{" + name + "}", value)
        return path

    def scheme(self) -> dict[str, Any]:
        spec = self.operation.spec
        security = self.operation.operation.get("security", spec.get("security"))
        return dict(spec["components"]["securitySchemes"][next(iter(security[0]))])

    def get(
        self, params: Params, *, credentials: dict[str, str] | None = None, signed: bool = True, **ids: str
    ) -> TestResponse:
        path = self.path(ids)
        prepared = requests.Request("GET", f"http://localhost{path}", params=params).prepare()
        headers: dict[str, str] = {}
        if signed:
            scheme = self.scheme()
            auth = auth_for(
                scheme["x-auth-kind"],
                credentials or self.credentials,
                action=self.operation.operation["operationId"],
                version=scheme.get("x-acs-version"),
            )
            headers = {key: value for key, value in auth(prepared).headers.items() if key != "Content-Length"}
        return self.client.get(prepared.path_url, headers=headers)


def validator_for(operation: Operation, status: int, media_type: str = "application/json") -> OAS30Validator:
    response = operation.response(status)
    assert response is not None, f"{operation.spec_name}: no {status} response"
    schema = dict(response["content"][media_type]["schema"])
    schema["components"] = operation.spec.get("components", {})  # resolves "#/components/..." refs
    return OAS30Validator(schema, format_checker=oas30_format_checker)


def dig(item: Any, path: str) -> Any:
    for step in path.split("."):
        if not isinstance(item, dict) or step not in item:
            return None
        item = item[step]
    return item


def sample_requests(operation: Operation, items: list[dict[str, Any]]) -> list[tuple[str, Params]]:
    """(label, params) pairs covering paging, filters, enum values and sorts of one operation."""
    x_list = operation.x_list
    pagination = x_list.get("pagination", {})
    size_param = pagination.get("size-param")
    samples: list[tuple[str, Params]] = [("defaults", {})]
    if size_param:
        sizes = {1, pagination.get("default-size", 10), pagination.get("min-size", 1)}
        if "max-size" in pagination:
            sizes.add(pagination["max-size"])
        samples += [(f"{size_param}={size}", {size_param: str(size)}) for size in sorted(sizes)]
    if pagination.get("style") == "page":
        samples.append(("second page", {pagination["page-param"]: str(pagination.get("first-page", 1) + 1)}))
    elif pagination.get("style") == "offset":
        samples.append(("second page", {pagination["offset-param"]: str(pagination.get("default-size", 10))}))
    for total_param, value in x_list.get("total-requires", {}).items():
        samples.append((f"{total_param}={value}", {total_param: str(value)}))
    # Filter and sort samples need not validate a thousand items each (ZStack's default page).
    smaller = {size_param: "100"} if size_param and pagination.get("default-size", 10) > 100 else {}
    detailed = [
        *(sample for entry in x_list.get("filters", []) for sample in filter_samples(operation, entry, items))
    ]
    detailed += sort_samples(x_list.get("sort"))
    return samples + [(label, {**smaller, **dict(params)}) for label, params in detailed]


def filter_samples(
    operation: Operation, entry: dict[str, Any], items: list[dict[str, Any]]
) -> list[tuple[str, Params]]:
    param, field, match = entry["param"], entry.get("field"), entry["match"]
    schema = operation.parameters.get(param, {}).get("schema", {})
    enum = schema.get("enum") or (item_field_schema(operation, field).get("enum") if field else None)
    if enum:
        return [(f"{param}={value}", {param: str(value)}) for value in enum]
    if schema.get("type") == "boolean":
        return [(f"{param}={value}", {param: value}) for value in ("true", "false", "True")]
    if match == "field-conditions":
        samples: list[tuple[str, Params]] = []
        for queried in entry.get("fields", []):
            value = next((item[queried] for item in items if item.get(queried) is not None), None)
            if value is not None:
                text = json.dumps(value) if isinstance(value, bool) else str(value)
                samples.append((f"q {queried}=", {param: f"{queried}={text}"}))
        samples.append(("q like", {param: "name~=%chat%"}))
        return samples
    if match == "label-map":
        labelled = next(item for item in items if item.get(field))
        label = labelled[field][0]
        key, value = label[entry["key-field"]], label[entry["value-field"]]
        return [
            ("Label key+value", {param: json.dumps({key: value})}),
            ("Label key only", {param: json.dumps({key: None})}),
        ]
    if field is None:
        return [(f"{param} opaque", {param: "no-such-value"})]
    value = next((dig(item, field) for item in items if dig(item, field)), None)
    if value is None:
        return []
    samples = [(f"{param} exact", {param: str(value)})]
    if "substring" in match:
        samples.append((f"{param} part", {param: str(value)[:4]}))
    return samples


def resolve(operation: Operation, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        target: Any = operation.spec
        for step in schema["$ref"].removeprefix("#/").split("/"):
            target = target[step.replace("~1", "/").replace("~0", "~")]
        schema = target
    return schema


def item_field_schema(operation: Operation, field: str) -> dict[str, Any]:
    """The schema of an item field (dot path), following $refs from the 200 body schema."""
    response = operation.response(200) or {}
    schema = resolve(operation, response["content"]["application/json"]["schema"])
    for step in operation.x_list["items"].split("."):
        schema = resolve(operation, schema.get("properties", {}).get(step, {}))
    schema = resolve(operation, schema.get("items", {}))
    for step in field.split("."):
        schema = resolve(operation, schema.get("properties", {}).get(step, {}))
    return schema


def sort_samples(sort: dict[str, Any] | None) -> list[tuple[str, Params]]:
    if not sort:
        return []
    samples: list[tuple[str, Params]] = []
    for wire in sort["fields"]:
        if sort["style"] == "signed-field":
            samples += [(f"sort {sign}{wire}", {sort["field-param"]: f"{sign}{wire}"}) for sign in "+-"]
        else:
            for direction in ("asc", "desc"):
                order = sort["orders"][direction]
                samples.append(
                    (f"sort {wire} {order}", {sort["field-param"]: wire, sort["order-param"]: order})
                )
    return samples


@pytest.fixture(params=OPERATIONS, ids=[f"{op.spec_name}" for op in OPERATIONS])
def operation(request: pytest.FixtureRequest) -> Operation:
    return request.param  # type: ignore[no-any-return]


def test_every_sampled_200_validates(operation: Operation, config: ProviderConfig) -> None:
    client = SpecDrivenClient(operation, config)
    validator = validator_for(operation, 200)
    first = client.get({})
    assert first.status_code == 200, first.get_data(as_text=True)
    items = dig(first.json, operation.x_list["items"])
    assert items, "the default request serves items"
    failures: list[str] = []
    samples = sample_requests(operation, items)
    for label, params in samples:
        response = client.get(params)
        if response.status_code != 200:
            failures.append(
                f"{label}: status {response.status_code}: {response.get_data(as_text=True)[:200]}"
            )
            continue
        errors = sorted(validator.iter_errors(response.json), key=lambda error: list(error.absolute_path))
        failures += [
            f"{label}: {'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors[:3]
        ]
    assert len(samples) > 5
    assert not failures, "\n".join(failures)


def test_empty_workspace_and_page_past_the_end_validate(operation: Operation, config: ProviderConfig) -> None:
    client = SpecDrivenClient(operation, config)
    validator = validator_for(operation, 200)
    pagination = operation.x_list.get("pagination", {})
    far = {"page": pagination.get("page-param"), "offset": pagination.get("offset-param")}.get(
        pagination["style"]
    )
    bodies = [client.get({far: "100000"}).json] if far else []
    if "{workspace_id}" in operation.path:
        bodies.append(client.get({}, workspace_id=config.huawei_empty_workspace_id).json)
    for body in bodies:
        assert not list(validator.iter_errors(body))
        assert dig(body, operation.x_list["items"]) == []


def test_error_cases_validate(operation: Operation, config: ProviderConfig) -> None:
    client = SpecDrivenClient(operation, config)
    cases = operation.operation.get("x-error-cases", {})
    responses: dict[str, TestResponse] = {}
    if "wrong-type" in cases:
        responses["wrong-type"] = client.get({cases["wrong-type"]["param"]: cases["wrong-type"]["value"]})
    if "missing-credentials" in cases:
        responses["missing-credentials"] = client.get({}, signed=False)
    if "invalid-credentials" in cases:
        wrong = {name: f"wrong-{value}" for name, value in client.credentials.items()}
        responses["invalid-credentials"] = client.get({}, credentials=wrong)
    if "unknown-path-id" in cases:
        responses["unknown-path-id"] = client.get(
            {}, **{cases["unknown-path-id"]["param"]: "no-such-id-0000"}
        )
    assert responses
    for case, response in responses.items():
        assert response.status_code in cases[case]["status"], (case, response.status_code)
        documented = operation.response(response.status_code)
        assert documented is not None
        media_type = response.mimetype
        assert media_type in documented["content"], (case, media_type)
        body = response.json if media_type == "application/json" else response.get_data(as_text=True)
        errors = list(validator_for(operation, response.status_code, media_type).iter_errors(body))
        assert not errors, (case, [error.message for error in errors])
