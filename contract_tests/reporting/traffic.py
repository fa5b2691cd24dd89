"""What the target actually said, per API: the raw material of the coverage and drift reports.

Every response the suite reads, from the semantic tests and from schemathesis alike, is observed
once: the query it answered, its status, media type and headers, and every field path and enum
value in its JSON body that the spec does not declare. Observation never fails a test.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from contract_tests.model.specs import ApiSpec

# Headers any HTTP stack may add; their presence says nothing about the contract.
TRANSPORT_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "date",
        "server",
        "vary",
        "cache-control",
        "pragma",
        "expires",
        "etag",
        "last-modified",
        "retry-after",
        "access-control-allow-origin",
        "strict-transport-security",
        "x-content-type-options",
    }
)
# Bodies can hold thousands of items; the first ones show an undeclared field as well as all would.
ITEMS_SAMPLED = 100


@dataclass(frozen=True)
class DriftKey:
    kind: str  # field | enum | status | media-type | header
    where: str
    value: str


@dataclass
class ApiTraffic:
    responses: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    params_sent: Counter[str] = field(default_factory=Counter)
    values_sent: dict[str, set[str]] = field(default_factory=dict)
    drift: Counter[DriftKey] = field(default_factory=Counter)
    drift_examples: dict[DriftKey, str] = field(default_factory=dict)


@dataclass
class TrafficLog:
    apis: dict[str, ApiTraffic] = field(default_factory=dict)

    def of(self, key: str) -> ApiTraffic:
        return self.apis.setdefault(key, ApiTraffic())

    def observe(
        self,
        spec: ApiSpec,
        *,
        method: str,
        url: str,
        status: int,
        headers: Mapping[str, Any],
        body: Any,
        curl: Callable[[], str],
    ) -> None:
        """Record one response; `body` is its parsed JSON (None when it has none)."""
        if method.lower() != spec.method:
            return  # a coverage probe of another method: the contract says nothing about its answer
        traffic = self.of(spec.key)
        traffic.responses += 1
        traffic.statuses[status] += 1
        for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
            traffic.params_sent[name] += 1
            traffic.values_sent.setdefault(name, set()).add(value)
        for key in drift_of(spec, status, headers, body):
            traffic.drift[key] += 1
            if key not in traffic.drift_examples:
                traffic.drift_examples[key] = curl()

    def to_data(self) -> dict[str, Any]:
        return {
            key: {
                "responses": t.responses,
                "statuses": dict(t.statuses),
                "params_sent": dict(t.params_sent),
                "values_sent": {name: sorted(values) for name, values in t.values_sent.items()},
                "drift": [
                    [d.kind, d.where, d.value, n, t.drift_examples.get(d, "")] for d, n in t.drift.items()
                ],
            }
            for key, t in self.apis.items()
        }

    def merge_data(self, data: dict[str, Any]) -> None:
        """Fold in another process's observations (an xdist worker's)."""
        for key, entry in data.items():
            traffic = self.of(key)
            traffic.responses += entry["responses"]
            traffic.statuses.update({int(s): n for s, n in entry["statuses"].items()})
            traffic.params_sent.update(entry["params_sent"])
            for name, values in entry["values_sent"].items():
                traffic.values_sent.setdefault(name, set()).update(values)
            for kind, where, value, count, example in entry["drift"]:
                drift = DriftKey(kind, where, value)
                traffic.drift[drift] += count
                traffic.drift_examples.setdefault(drift, example)


def drift_of(spec: ApiSpec, status: int, headers: Mapping[str, Any], body: Any) -> list[DriftKey]:
    """Everything in one response that the spec does not declare."""
    response = spec.response(status)
    if response is None:
        return [DriftKey("status", spec.label, str(status))]
    found: list[DriftKey] = []
    media_type = _header(headers, "content-type").split(";")[0].strip().lower()
    declared_media = {str(m).lower() for m in (response.get("content") or {})}
    if media_type and declared_media and media_type not in declared_media:
        found.append(DriftKey("media-type", f"{status}", media_type))
    declared_headers = {str(h).lower() for h in (response.get("headers") or {})}
    for name in headers:
        lowered = str(name).lower()
        if lowered not in declared_headers and lowered not in TRANSPORT_HEADERS:
            found.append(DriftKey("header", f"{status}", lowered))
    schema = (response.get("content") or {}).get(media_type, {}).get("schema")
    if schema is None or body is None or "json" not in media_type:
        return found
    # An error body's path names its status: `$.success` of a 503 is not the 200 body's field.
    return found + undeclared(spec, schema, body, "$" if 200 <= status < 300 else f"(HTTP {status}) $")


def _header(headers: Mapping[str, Any], name: str) -> str:
    for key, value in headers.items():
        if str(key).lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


def _branches(spec: ApiSpec, schema: Any) -> list[dict[str, Any]]:
    """A schema and the branches of its allOf/anyOf/oneOf, resolved."""
    node = spec.resolve(schema)
    if not isinstance(node, dict):
        return []
    nodes = [node]
    for combinator in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(combinator, ()):
            nodes += _branches(spec, branch)
    return nodes


def undeclared(spec: ApiSpec, schema: Any, value: Any, where: str) -> list[DriftKey]:
    """Field paths and enum values in `value` that `schema` does not declare (array indices as [])."""
    nodes = _branches(spec, schema)
    found: list[DriftKey] = []
    enums = [node["enum"] for node in nodes if "enum" in node]
    if enums and value is not None and not any(value in enum for enum in enums):
        found.append(DriftKey("enum", where, json.dumps(value, ensure_ascii=False)[:80]))
    if isinstance(value, dict):
        properties: dict[str, Any] = {}
        open_map = None
        for node in nodes:
            properties.update(node.get("properties") or {})
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                open_map = extra
        for name, item in value.items():
            path = f"{where}.{name}"
            if name in properties:
                found += undeclared(spec, properties[name], item, path)
            elif open_map is not None:
                found += undeclared(spec, open_map, item, f"{where}.*")
            elif properties:  # a schema that lists no properties is a free-form object
                found.append(DriftKey("field", path, type(item).__name__))
    elif isinstance(value, list):
        items = [node["items"] for node in nodes if "items" in node]
        for element in _sample(value):
            for item_schema in items[:1]:
                found += undeclared(spec, item_schema, element, f"{where}[]")
    return found


def _sample(values: list[Any]) -> Iterable[Any]:
    return values[:ITEMS_SAMPLED]
