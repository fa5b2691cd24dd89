"""Pure rules over one list response: each returns the problems it finds, as readable sentences.

No I/O here: the same functions back the schemathesis custom checks (every generated response),
the semantic tests (walks across pages) and the project's own unit tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from contract_tests.model.body import MISSING, dig
from contract_tests.model.semantics import ListSemantics, Pagination

Resolve = Callable[[Any], Any]
_INTEGER = re.compile(r"[+-]?[0-9]+")


def parse_int(raw: Any) -> int | None:
    """A query value as the server would read an integer; None when it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and _INTEGER.fullmatch(raw.strip()):
        return int(raw.strip())
    return None


def _single(query: Mapping[str, Any], name: str | None) -> Any:
    if name is None or name not in query:
        return MISSING
    value = query[name]
    if isinstance(value, list | tuple):
        return value[0] if len(value) == 1 else MISSING
    return value


def effective_page_size(paging: Pagination, query: Mapping[str, Any]) -> tuple[int | None, bool]:
    """(largest page a conformant provider may return, whether the request was within documented bounds)."""
    raw = _single(query, paging.size_param)
    if raw is MISSING:
        return paging.default_size, True
    size = parse_int(raw)
    if size is None:
        return None, False
    low_ok = size >= (paging.min_size if paging.min_size is not None else 1)
    high_ok = paging.max_size is None or size <= paging.max_size
    if low_ok and high_ok:
        return size, True
    if not high_ok:
        return paging.max_size, False  # a clamp may serve at most the documented maximum
    # Below the minimum: a clamp may go up to the minimum or fall back to the default.
    candidates = [v for v in (paging.min_size, paging.default_size) if v is not None]
    return (max(candidates) if candidates else None), False


def page_size_problems(sem: ListSemantics, query: Mapping[str, Any], items: list[Any]) -> list[str]:
    paging = sem.pagination
    if paging.style == "none":
        return []
    limit, _ = effective_page_size(paging, query)
    if limit is None or len(items) <= limit:
        return []
    sent = _single(query, paging.size_param)
    asked = (
        f"{paging.size_param}={sent}" if sent is not MISSING else f"no {paging.size_param} (default {limit})"
    )
    return [f"page size not respected: asked {asked}, got {len(items)} items (at most {limit} allowed)"]


def page_start(paging: Pagination, query: Mapping[str, Any], size: int | None) -> int | None:
    """Index of the first item this page should hold, when the request makes it well defined."""
    raw = _single(query, paging.position_param)
    if paging.style == "offset":
        value = 0 if raw is MISSING else parse_int(raw)
        return value if value is not None and value >= 0 else None
    if paging.style == "page":
        number = paging.first_page if raw is MISSING else parse_int(raw)
        if number is None or number < paging.first_page or size is None:
            return None
        return (number - paging.first_page) * size
    return None


def total_problems(sem: ListSemantics, query: Mapping[str, Any], body: Any, items: list[Any]) -> list[str]:
    if sem.total is None or not isinstance(body, dict):
        return []
    total = dig(body, sem.total)
    required = all(str(_single(query, k)).lower() == str(v).lower() for k, v in sem.total_requires.items())
    if total is MISSING or total is None:
        return [f"total `{sem.total}` is missing although the request asked for it"] if required else []
    if isinstance(total, bool) or not isinstance(total, int):
        return [f"total `{sem.total}` must be an integer, got {type(total).__name__} {total!r}"]
    problems = []
    if total < len(items):
        problems.append(f"total `{sem.total}`={total} is smaller than the {len(items)} items on this page")
    size, in_range = effective_page_size(sem.pagination, query)
    start = page_start(sem.pagination, query, size) if in_range else None
    if items and start is not None and total < start + len(items):
        problems.append(
            f"total `{sem.total}`={total} cannot hold a page that starts at item {start} "
            f"and carries {len(items)} items"
        )
    return problems


def echo_problems(sem: ListSemantics, query: Mapping[str, Any], body: Any) -> list[str]:
    paging = sem.pagination
    if not isinstance(body, dict):
        return []
    problems = []
    size, in_range = effective_page_size(paging, query)
    expectations = []
    if paging.echo_page is not None:
        raw = _single(query, paging.page_param)
        page = paging.first_page if raw is MISSING else parse_int(raw)
        ceiling = paging.max_position
        if page is not None and page >= paging.first_page and (ceiling is None or page <= ceiling):
            expectations.append((paging.echo_page, page, paging.page_param))
        elif page is not None and ceiling is not None and page > ceiling:
            # Beyond the parameter's documented range the request is out of range: a provider may clamp
            # it and echo the page it served (the field is "the current page of the returned list").
            expectations.append((paging.echo_page, (ceiling, page), paging.page_param))
    if paging.echo_size is not None and in_range and size is not None:
        expectations.append((paging.echo_size, size, paging.size_param))
    for field, wanted, param in expectations:
        got = dig(body, field)
        # Above the default with no documented maximum, a provider may apply a maximum of its own and
        # echo the size it served: any size from the default up to the one asked.
        promised = paging.promised_max_size if param == paging.size_param else None
        lowest, expected = wanted if isinstance(wanted, tuple) else (wanted, wanted)
        lowest = min(expected, promised) if promised is not None else lowest
        if got is MISSING:
            problems.append(f"`{field}` does not echo `{param}`: the field is missing (expected {expected})")
        elif isinstance(got, bool) or not isinstance(got, int | float) or not lowest <= got <= expected:
            shown = f"{expected}" if lowest == expected else f"{lowest}..{expected}"
            problems.append(f"`{field}`={got!r} does not echo the request's `{param}` (expected {shown})")
    return problems


def success_flag_problems(sem: ListSemantics, body: Any) -> list[str]:
    flag = sem.success_flag
    if flag is None or not isinstance(body, dict):
        return []
    success, error = dig(body, flag.field), dig(body, flag.error_field)
    if success is MISSING or error is MISSING:
        return []
    if not isinstance(success, bool):
        return [f"`{flag.field}` must be a boolean, got {success!r}"]
    if success != (error is None):
        state = "null" if error is None else "set"
        return [f"`{flag.field}`={str(success).lower()} disagrees with `{flag.error_field}` being {state}"]
    return []


def request_id_problems(sem: ListSemantics, headers: Mapping[str, str], body: Any) -> list[str]:
    rid = sem.request_id
    if rid is None:
        return []
    if rid.location == "header":
        value = next((v for k, v in headers.items() if k.lower() == rid.name.lower()), None)
    else:
        found = dig(body, rid.name) if isinstance(body, dict) else MISSING
        value = None if found is MISSING else found
    if not isinstance(value, str) or not value.strip():
        return [f"request id `{rid.name}` ({rid.location}) is missing or empty"]
    return []


def enum_problems(schema: Any, value: Any, resolve: Resolve, where: str = "$", limit: int = 20) -> list[str]:
    """Every enum-typed field, at any depth, holds one of its documented values."""
    problems: list[str] = []
    _walk_enums(schema, value, resolve, where, problems, limit, depth=0)
    return problems


def _walk_enums(
    schema: Any, value: Any, resolve: Resolve, where: str, out: list[str], limit: int, depth: int
) -> None:
    if len(out) >= limit or depth > 40:
        return
    declared = schema
    schema = resolve(schema)
    if not isinstance(schema, dict) or value is None or not _reaches_enum(schema, resolve):
        return
    for part in schema.get("allOf", ()):
        _walk_enums(part, value, resolve, where, out, limit, depth + 1)
    enum = schema.get("enum")
    if enum is not None and value not in enum:
        shown = ", ".join(map(str, enum[:12])) + (", …" if len(enum) > 12 else "")
        # Where the value list comes from a provider fact, not the seed, the problem says so.
        source = schema.get("x-source") or (declared.get("x-source") if isinstance(declared, dict) else None)
        cited = f"; value list from {source}" if source else ""
        out.append(f"{where} = {value!r} is not a documented value ({shown}){cited}")
        return
    if isinstance(value, dict):
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                _walk_enums(sub, value[name], resolve, f"{where}.{name}", out, limit, depth + 1)
    elif isinstance(value, list) and "items" in schema:
        for index, element in enumerate(value):
            _walk_enums(schema["items"], element, resolve, f"{where}[{index}]", out, limit, depth + 1)


# Resolved schema node -> (the node, whether any enum is reachable from it). Holding the node keeps its
# id from being reused; the nodes are the specs' own, loaded once per run.
_REACHES_ENUM: dict[int, tuple[Any, bool]] = {}


def _reaches_enum(schema: dict[str, Any], resolve: Resolve, depth: int = 0) -> bool:
    """Whether an enum is reachable through allOf/properties/items: subtrees without one are not walked."""
    known = _REACHES_ENUM.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    if depth > 40:
        return True  # too deep to tell: walk it
    _REACHES_ENUM[id(schema)] = (schema, True)  # a cycle back to this node is assumed to reach one
    children = [*schema.get("allOf", ()), *(schema.get("properties") or {}).values()]
    if "items" in schema:
        children.append(schema["items"])
    found = "enum" in schema or any(
        isinstance(node := resolve(child), dict) and _reaches_enum(node, resolve, depth + 1)
        for child in children
    )
    _REACHES_ENUM[id(schema)] = (schema, found)
    return found
