"""The one reader of the dot paths the specs use (`items`, `total`, a filter's `field`): a value out of
a JSON body or item, or the schema of the field a path names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# Follows `$ref`s to a concrete node (None when it cannot): ApiSpec.resolve, or the lint's deref.
Deref = Callable[[Any], Any]

MISSING: Any = object()


def dig(node: Any, path: str) -> Any:
    """The value at a dot path, or MISSING when any step is absent or not an object."""
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


def text_value(value: Any) -> str | None:
    """A body value as a query string writes it (booleans in lower case), or None when absent or null."""
    if value is MISSING or value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def item_key(item: Any, id_field: str) -> str:
    value = dig(item, id_field)
    return repr(value) if value is not MISSING else repr(item)


def schema_properties(schema: Any, deref: Deref) -> dict[str, Any]:
    """Declared properties of an object schema, including those of allOf/anyOf/oneOf members."""
    resolved = deref(schema)
    if not isinstance(resolved, Mapping):
        return {}
    found: dict[str, Any] = dict(resolved.get("properties") or {})
    for key in ("allOf", "anyOf", "oneOf"):
        for member in resolved.get(key) or []:
            for name, sub in schema_properties(member, deref).items():
                found.setdefault(name, sub)
    return found


def schema_at(schema: Any, path: str, deref: Deref) -> Mapping[str, Any] | None:
    """Schema of the field a dot path names, or None; an array on the way addresses its items' fields."""
    current = deref(schema)
    for segment in path.split("."):
        while isinstance(current, Mapping) and current.get("type") == "array":
            current = deref(current.get("items"))
        if not isinstance(current, Mapping):
            return None
        properties = schema_properties(current, deref)
        if segment not in properties:
            return None
        current = deref(properties[segment])
    return current if isinstance(current, Mapping) else None
