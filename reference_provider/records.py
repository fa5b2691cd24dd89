"""One list item as stored by the provider: the JSON object it renders plus what it hides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MISSING: Any = object()


@dataclass(frozen=True)
class Record:
    """A list item.

    `doc` is the JSON-ready object rendered in responses; it is shared between requests and must
    never be mutated (a variant that changes items copies first). `hidden` holds attributes some
    filters match although the documented item does not carry them (e.g. an endpoint's model id).
    `index` is the creation order: create times grow strictly with it. `keys` holds precomputed
    comparable values (parsed timestamps) by field path, so sorting never parses per request.
    """

    index: int
    doc: Mapping[str, Any]
    hidden: Mapping[str, Any] = field(default_factory=dict)
    keys: Mapping[str, Any] = field(default_factory=dict)


def get_path(obj: Any, path: str) -> Any:
    """Value at a dot path in nested dicts, or MISSING when any step is absent."""
    current = obj
    for step in path.split("."):
        if not isinstance(current, Mapping) or step not in current:
            return MISSING
        current = current[step]
    return current
