"""Choosing filter values from real items: each probe is a value plus why it is sent.

Pure and deterministic for a given seed, so a failing probe is reproduced by the same SEED.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from contract_tests.model.body import MISSING, dig
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.filters import Bounds, ItemColumns, filter_bounds, zstack_bounds


@dataclass(frozen=True)
class Probe:
    value: Any
    purpose: str


def wire_text(value: Any) -> str | None:
    if value is MISSING or value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def field_values(items: Sequence[Any], field: str) -> list[str]:
    """Distinct scalar values of a field, most common first (ties by value, for determinism)."""
    counts = Counter(
        text for item in items if (text := wire_text(dig(item, field))) is not None and text != ""
    )
    return [value for value, _ in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


def proper_substring(value: str, rng: random.Random) -> str | None:
    if len(value) < 4:
        return None
    length = max(2, len(value) // 2)
    start = rng.randrange(1, len(value) - length) if len(value) - length > 1 else 1
    return value[start : start + length]


def documented_values(spec: ApiSpec, flt: ListFilter) -> list[str]:
    """Values the document enumerates for a filter: its enum (or the item field's), or both booleans."""
    schema = spec.parameter_schema(flt.param)
    if schema.get("enum"):
        return [str(v).lower() if isinstance(v, bool) else str(v) for v in schema["enum"]]
    if schema.get("type") == "boolean":
        return ["true", "false"]
    if flt.field:
        node: Any = spec.item_schema
        for part in flt.field.split("."):
            node = spec.resolve(node).get("properties", {}).get(part, {})
        node = spec.resolve(node)
        for part in node.get("allOf", ()):
            node = {**spec.resolve(part), **node}
        if node.get("enum"):
            return [str(v) for v in node["enum"] if v not in (None, "")]
    return []


def filter_probes(spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
    documented = documented_values(spec, flt)
    probes: list[Probe] = [Probe(v, "a documented value is accepted") for v in documented]
    if flt.field is None:
        example = spec.parameters[flt.param].get("example")
        if not probes and example is not None and not isinstance(example, dict | list):
            probes.append(Probe(wire_text(example), "the documented example is accepted"))
        if not probes:
            # The item does not carry the field: an unknown id may only narrow the list.
            unknown = "contracttest" + f"{rng.getrandbits(80):020x}"
            probes.append(Probe(unknown, "an unknown value narrows the list"))
        return probes
    values = field_values(items, flt.field)
    if documented:
        # The parameter's own values are the whole domain; an item value outside it is not a request.
        values = [value for value in values if value in documented]
    if not values:
        return probes
    picks = [values[0]] + ([rng.choice(values[1:])] if len(values) > 1 else [])
    probes += [
        Probe(v, "a value taken from a real item") for v in picks if v not in {p.value for p in probes}
    ]
    longest = max(values, key=len)
    fragment = proper_substring(longest, rng)
    # An enum filter only takes documented values, so a fragment of one would be a bad request.
    if fragment is not None and fragment not in values and not documented:
        if flt.match == "exact":
            probes.append(Probe(fragment, "a substring of a real value must not match an exact filter"))
        else:
            probes.append(Probe(fragment, "a substring of a real value must match a fuzzy filter"))
            if flt.match == "substring-ci" and fragment.swapcase() != fragment:
                probes.append(Probe(fragment.swapcase(), "a fuzzy, case-insensitive filter ignores case"))
    return probes


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def label_probes(flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
    pairs = sorted(
        {
            (label.get("LabelKey"), label.get("LabelValue"))
            for item in items
            for label in _as_list(dig(item, flt.field or "Labels"))
            if isinstance(label, dict) and label.get("LabelKey")
        },
        key=lambda pair: (str(pair[0]), str(pair[1])),
    )
    if not pairs:
        return []
    key, value = rng.choice(pairs)
    return [
        Probe({key: value}, "key and value both match"),
        Probe({key: None}, "a null value matches the key alone"),
        Probe({key: ""}, "an empty value matches the key alone"),
    ]


def _schema_type(spec: ApiSpec, field: str) -> str:
    node = spec.resolve(spec.item_schema.get("properties", {}).get(field, {}))
    return str(node.get("type", ""))


def _splits(bounds: Bounds, total: int) -> bool:
    return 0 < len(bounds.must) < total


def q_condition(
    spec: ApiSpec, flt: ListFilter, operator: str, items: Sequence[Any], rng: random.Random
) -> str | None:
    """A condition for one ZStack `q` operator from real values, preferring one that splits the items."""
    id_field, total = spec.semantics.item_id, len(items)
    fields = list(flt.queryable_fields)
    strings = [f for f in fields if _schema_type(spec, f) == "string"]
    numbers = [f for f in fields if _schema_type(spec, f) in ("integer", "number")]
    candidates: list[str] = []
    if operator in ("=", "!="):
        candidates = [f"{f}{operator}{v}" for f in strings for v in field_values(items, f)[:3]]
    elif operator in (">", "<", ">=", "<="):
        for f in numbers:
            values = sorted({float(v) for v in field_values(items, f)})
            if len(values) >= 2:
                middle = values[len(values) // 2]
                candidates.append(f"{f}{operator}{int(middle) if middle.is_integer() else middle}")
    elif operator in ("?=", "!?="):
        for f in strings:
            values = field_values(items, f)
            if len(values) >= 2:
                chosen = rng.sample(values[: min(len(values), 20)], 2)
                if all("," not in v for v in chosen):
                    candidates.append(f"{f}{operator}{','.join(chosen)}")
    elif operator in ("~=", "!~="):
        for f in strings:
            for v in field_values(items, f)[:3]:
                fragment = proper_substring(v, rng)
                if fragment and "%" not in fragment and "_" not in fragment:
                    candidates.append(f"{f}{operator}%{fragment}%")
    else:
        candidates = [f"{f} {operator}" for f in fields]
    columns = ItemColumns(items, id_field)
    splitting = [c for c in candidates if _splits(zstack_bounds([c], items, id_field, columns), total)]
    pool = splitting or candidates
    return rng.choice(pool) if pool else None


def combined_probe(
    spec: ApiSpec, items: Sequence[Any], rng: random.Random
) -> tuple[list[tuple[str, Any]], Bounds] | None:
    """Two filters whose AND differs from their OR on the real items, with the AND's bounds."""
    id_field = spec.semantics.item_id
    q = next((f for f in spec.semantics.filters if f.match == "zstack-q"), None)
    if q is not None:
        options = [c for op in ("~=", ">=", "=", "<") if (c := q_condition(spec, q, op, items, rng))]
        for first in options:
            for second in options:
                if first >= second:
                    continue
                a, b = zstack_bounds([first], items, id_field), zstack_bounds([second], items, id_field)
                if (a.must | b.must) != (a.must & b.must):
                    return [(q.param, first), (q.param, second)], zstack_bounds(
                        [first, second], items, id_field
                    )
        return None
    usable = [
        f for f in spec.semantics.filters if f.field and f.match not in ("opaque", "label-map", "zstack-q")
    ]
    shuffled = list(items)
    rng.shuffle(shuffled)
    for index, fa in enumerate(usable):
        for fb in usable[index + 1 :]:
            for item in shuffled[:50]:
                va, vb = wire_text(dig(item, fa.field or "")), wire_text(dig(item, fb.field or ""))
                if not va or not vb:
                    continue
                a, b = filter_bounds(fa, items, id_field, va), filter_bounds(fb, items, id_field, vb)
                both = a.must & b.must
                if both and (a.must | b.must) != both:
                    return [(fa.param, va), (fb.param, vb)], Bounds(both, a.may & b.may)
    return None
