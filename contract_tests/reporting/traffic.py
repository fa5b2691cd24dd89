"""What the target actually said, per API: the raw material of the coverage and drift reports.

Every response the suite reads, from the semantic tests and from schemathesis alike, is observed
once: the query it answered, its status, media type and headers, and every field path and enum
value in its JSON body that the spec does not declare. Observation never fails a test.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Container, Mapping
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
    """Thread-safe: responses may be observed from several threads at once (concurrent page fetches)."""

    apis: dict[str, ApiTraffic] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def of(self, key: str) -> ApiTraffic:
        traffic = self.apis.get(key)
        if traffic is None:
            with self._lock:
                traffic = self.apis.setdefault(key, ApiTraffic())
        return traffic

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
        # The reading is done outside the lock; only the counting is serialized.
        query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
        found = drift_of(spec, status, headers, body)
        traffic = self.of(spec.key)
        with self._lock:
            traffic.responses += 1
            traffic.statuses[status] += 1
            for name, value in query:
                traffic.params_sent[name] += 1
                traffic.values_sent.setdefault(name, set()).add(value)
            traffic.drift.update(found)
            for key in found:
                if key not in traffic.drift_examples:
                    traffic.drift_examples[key] = curl()

    def to_data(self) -> dict[str, Any]:
        with self._lock:
            return self._data()

    def _data(self) -> dict[str, Any]:
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
            with self._lock:
                self._merge(traffic, entry)

    @staticmethod
    def _merge(traffic: ApiTraffic, entry: dict[str, Any]) -> None:
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
    declared = _declared(spec, status)
    if declared is None:
        return [DriftKey("status", spec.label, str(status))]
    found: list[DriftKey] = []
    media_type = _header(headers, "content-type").split(";")[0].strip().lower()
    if media_type and declared.media and media_type not in declared.media:
        found.append(DriftKey("media-type", declared.where, media_type))
    for name in headers:
        lowered = str(name).lower()
        if lowered not in declared.headers and lowered not in TRANSPORT_HEADERS:
            found.append(DriftKey("header", declared.where, lowered))
    schema = declared.schemas.get(media_type)
    if schema is None or body is None or "json" not in media_type:
        return found
    _walk(_shape(spec, schema), body, declared.root, found)
    return found


def _header(headers: Mapping[str, Any], name: str) -> str:
    for key, value in headers.items():
        if str(key).lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


def undeclared(spec: ApiSpec, schema: Any, value: Any, where: str) -> list[DriftKey]:
    """Field paths and enum values in `value` that `schema` does not declare (array indices as []).

    In the order a walk of `value` meets them (keys in the body's order, the first ITEMS_SAMPLED
    elements of an array), once per occurrence.
    """
    found: list[DriftKey] = []
    _walk(_shape(spec, schema), value, where, found)
    return found


# What a spec declares, compiled once per spec: thousands of responses are read against the same
# few schemas, so each schema node's allOf/anyOf/oneOf branches, `$ref`s, declared properties and
# enums are merged once into a _Shape, and a walk only descends where drift can be found.


@dataclass(frozen=True)
class _Declared:
    """One documented response of a spec: what `drift_of` compares a response with."""

    where: str  # the status, as drift keys name it
    root: str  # the body's path prefix: an error body's path names its status
    media: frozenset[str]
    headers: frozenset[str]
    schemas: Mapping[str, Any]  # media type (as declared, lower-cased lookups) -> schema


class _Shape:
    """A schema node with its combinator branches merged, as `undeclared` reads it."""

    __slots__ = ("allowed", "enum", "items", "leaf", "live", "open_map", "plans", "properties")

    def __init__(self) -> None:
        self.enum = False  # whether a branch declares an enum
        self.allowed: Container[Any] = ()  # the values of every branch's enum: in any of them is in this
        self.properties: dict[str, _Shape] = {}
        self.open_map: _Shape | None = None  # additionalProperties given as a schema
        self.items: _Shape | None = None  # the first branch's `items`
        self.live = True  # whether any value could drift here (False: the walk skips it)
        self.leaf = False  # whether only its enum can drift (the walk checks it without descending)
        # Key order of an object -> its steps: (key, shape to descend into or None, path suffix).
        self.plans: dict[tuple[str, ...], tuple[tuple[str, _Shape | None, str], ...]] = {}

    def plan(self, keys: tuple[str, ...]) -> tuple[tuple[str, _Shape | None, str], ...]:
        plan = self.plans.get(keys)
        if plan is None:
            steps: list[tuple[str, _Shape | None, str]] = []
            for name in keys:
                if name in self.properties:
                    child = self.properties[name]
                    if child.live:
                        steps.append((name, child, f".{name}"))
                elif self.open_map is not None:
                    if self.open_map.live:
                        steps.append((name, self.open_map, ".*"))
                elif self.properties:  # a schema that lists no properties is a free-form object
                    steps.append((name, None, f".{name}"))
            plan = tuple(steps)
            if len(self.plans) < _PLANS_PER_SHAPE:
                self.plans[keys] = plan
        return plan


_PLANS_PER_SHAPE = 256
_CACHE_LIMIT = 4096
_lock = threading.Lock()
# Keyed by the id of the spec and of the schema node; each entry holds the spec (and the node) so
# that neither id is reused while the entry lives. Bounded, in case a caller passes fresh objects.
_SHAPES: dict[tuple[int, int], tuple[ApiSpec, Any, _Shape]] = {}
_RESPONSES: dict[tuple[int, int | str], tuple[ApiSpec, _Declared | None]] = {}


def _declared(spec: ApiSpec, status: int) -> _Declared | None:
    key = (id(spec), status)
    entry = _RESPONSES.get(key)
    if entry is not None and entry[0] is spec:
        return entry[1]
    response = spec.response(status)
    declared = None
    if response is not None:
        content = response.get("content") or {}
        # A response's media type, lower-cased, is looked up among the declared ones as written.
        schemas = {
            name: media["schema"]
            for name, media in content.items()
            if isinstance(media, dict) and media.get("schema") is not None
        }
        declared = _Declared(
            where=f"{status}",
            root="$" if 200 <= status < 300 else f"(HTTP {status}) $",
            media=frozenset(str(name).lower() for name in content),
            headers=frozenset(str(h).lower() for h in (response.get("headers") or {})),
            schemas=schemas,
        )
    with _lock:
        if len(_RESPONSES) >= _CACHE_LIMIT:
            _RESPONSES.clear()
        _RESPONSES[key] = (spec, declared)
    return declared


class _InAny:
    def __init__(self, containers: list[Any]) -> None:
        self.containers = containers

    def __contains__(self, value: Any) -> bool:
        return any(value in container for container in self.containers)


def _shape(spec: ApiSpec, schema: Any) -> _Shape:
    entry = _SHAPES.get((id(spec), id(schema)))
    if entry is not None and entry[0] is spec and entry[1] is schema:
        return entry[2]
    with _lock:
        # Built aside and published whole, so that another thread never walks a half-built shape.
        built: dict[int, tuple[Any, _Shape]] = {}
        shape = _compile(spec, schema, built)
        _settle([new for _, new in built.values()])
        if len(_SHAPES) + len(built) > _CACHE_LIMIT:
            _SHAPES.clear()
        for node_id, (node, new) in built.items():
            _SHAPES[(id(spec), node_id)] = (spec, node, new)
    return shape


def _compile(spec: ApiSpec, schema: Any, built: dict[int, tuple[Any, _Shape]]) -> _Shape:
    """The shape of `schema` and of every schema below it (a recursive schema reuses its shape)."""
    entry = _SHAPES.get((id(spec), id(schema)))
    if entry is not None and entry[0] is spec and entry[1] is schema:
        return entry[2]
    if id(schema) in built:
        return built[id(schema)][1]
    shape = _Shape()
    built[id(schema)] = (schema, shape)
    nodes = _branches(spec, schema)
    enums = [node["enum"] for node in nodes if "enum" in node]
    shape.enum = bool(enums)
    if all(isinstance(enum, list) for enum in enums):
        shape.allowed = tuple(value for enum in enums for value in enum)
    else:  # a malformed enum (a string, a mapping) answers `in` its own way: ask each as before
        shape.allowed = _InAny(enums)
    properties: dict[str, Any] = {}
    for node in nodes:
        properties.update(node.get("properties") or {})
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            shape.open_map = _compile(spec, extra, built)
    shape.properties = {name: _compile(spec, value, built) for name, value in properties.items()}
    items = [node["items"] for node in nodes if "items" in node]
    if items:
        shape.items = _compile(spec, items[0], built)
    return shape


def _settle(built: list[_Shape]) -> None:
    """Mark the shapes no value can drift against, so that a walk skips them.

    A shape is live when it declares an enum or properties (an unknown key is drift), or when its
    open map or items are live. The least such set: start with all new shapes dead and revive until
    nothing changes (a cycle of dead shapes stays dead, as no walk through it can find anything).
    """
    for shape in built:
        shape.live = bool(shape.enum or shape.properties)
    changed = True
    while changed:
        changed = False
        for shape in built:
            if not shape.live and any(
                child is not None and child.live for child in (shape.open_map, shape.items)
            ):
                shape.live = changed = True
    for shape in built:
        shape.leaf = not shape.properties and not any(
            child is not None and child.live for child in (shape.open_map, shape.items)
        )


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


def _walk(shape: _Shape, value: Any, where: str, found: list[DriftKey]) -> None:
    if shape.enum and value is not None and value not in shape.allowed:
        found.append(_enum_drift(where, value))
    if isinstance(value, dict):
        for name, child, suffix in shape.plan(tuple(value)):
            item = value[name]
            if child is None:
                found.append(DriftKey("field", where + suffix, type(item).__name__))
            elif child.leaf:  # the common leaf, checked here rather than in a call of its own
                if child.enum and item is not None and item not in child.allowed:
                    found.append(_enum_drift(where + suffix, item))
            else:
                _walk(child, item, where + suffix, found)
    elif isinstance(value, list):
        items = shape.items
        if items is not None and items.live:
            path = f"{where}[]"
            for element in value[:ITEMS_SAMPLED]:
                _walk(items, element, path, found)


def _enum_drift(where: str, value: Any) -> DriftKey:
    return DriftKey("enum", where, json.dumps(value, ensure_ascii=False)[:80])
