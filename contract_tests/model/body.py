"""Reading values out of JSON bodies and items by the dot paths the specs use."""

from __future__ import annotations

from typing import Any

MISSING: Any = object()


def dig(node: Any, path: str) -> Any:
    """The value at a dot path, or MISSING when any step is absent or not an object."""
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


def item_key(item: Any, id_field: str) -> str:
    value = dig(item, id_field)
    return repr(value) if value is not MISSING else repr(item)
