"""The provider's own reading of specs/: which path each served API answers on.

The provider must not import the suite, so this is a small reader of its own. It takes only the
route of each list operation, so the paths are written once, in the specs.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml


class ContractError(ValueError):
    """A spec the provider serves is missing or has no list operation."""


def _specs_dir() -> Path:
    """The checkout's specs/, else the copy installed as package data."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "specs").is_dir():
        return checkout / "specs"
    return Path(__file__).resolve().parent / "_specs"


SPECS_DIR = _specs_dir()


def list_route(document: dict[str, Any], stem: str) -> str:
    """The path of the spec's list operation: the GET that carries `x-list`."""
    routes = [
        path
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict) and isinstance(item.get("get"), dict) and "x-list" in item["get"]
    ]
    if len(routes) != 1:
        raise ContractError(f"specs/{stem}.yaml: expected one GET with x-list, found {len(routes)}")
    return routes[0]


def werkzeug_rule(route: str) -> str:
    """`/a/{id}/b` -> `/a/<id>/b`."""
    return re.sub(r"\{([^{}/]+)\}", r"<\1>", route)


@functools.lru_cache(maxsize=8)
def served_routes(stems: tuple[str, ...], directory: Path = SPECS_DIR) -> dict[str, str]:
    """Each stem's list route, read from `<directory>/<stem>.yaml`."""
    routes: dict[str, str] = {}
    for stem in stems:
        path = directory / f"{stem}.yaml"
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ContractError(f"cannot read the spec of {stem}: {path}: {error.strerror}") from None
        except yaml.YAMLError as error:
            raise ContractError(f"specs/{stem}.yaml is not YAML: {error}") from None
        if not isinstance(document, dict):
            raise ContractError(f"specs/{stem}.yaml is not a mapping")
        routes[stem] = list_route(document, stem)
    return routes
