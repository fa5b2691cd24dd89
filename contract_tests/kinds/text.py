"""Text kinds: one value per request compared with one item field.

exact               the field's text equals the value
substring           the value occurs in the field; case sensitivity is the document's silence, so
                    a case-insensitive match passes too
substring-ci        the value occurs in the field, ignoring case
exact-or-substring  the document allows either an exact or a fuzzy match
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from contract_tests.kinds.base import MatchKind, register
from contract_tests.model.body import dig, text_value
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.bounds import Bounds, keys_where
from contract_tests.oracles.samples import (
    Probe,
    documented_values,
    field_values,
    proper_substring,
    wire_text,
)


@register
class TextKind(MatchKind):
    names = ("exact", "substring", "substring-ci", "exact-or-substring")

    def bounds(self, flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
        assert flt.field is not None
        field, wanted = flt.field, str(value)

        def text(item: Any) -> str:
            return text_value(dig(item, field)) or ""

        def equal(item: Any) -> bool:
            return text_value(dig(item, field)) == wanted

        def contains(item: Any) -> bool:
            return wanted in text(item)

        def contains_ci(item: Any) -> bool:
            return wanted.lower() in text(item).lower()

        if flt.match == "exact":
            exact = keys_where(items, id_field, equal)
            return Bounds(exact, exact)
        if flt.match == "substring":
            return Bounds(keys_where(items, id_field, contains), keys_where(items, id_field, contains_ci))
        if flt.match == "substring-ci":
            ci = keys_where(items, id_field, contains_ci)
            return Bounds(ci, ci)
        return Bounds(keys_where(items, id_field, equal), keys_where(items, id_field, contains_ci))

    def probes(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
        if flt.field is None:
            return value_probes(spec, flt, rng)
        documented = documented_values(spec, flt)
        probes = [Probe(v, "a documented value is accepted") for v in documented]
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


def value_probes(spec: ApiSpec, flt: ListFilter, rng: random.Random) -> list[Probe]:
    """Values for a filter whose field the items do not carry: documented ones, else an unknown id."""
    probes = [Probe(v, "a documented value is accepted") for v in documented_values(spec, flt)]
    example = spec.parameters[flt.param].get("example")
    if not probes and example is not None and not isinstance(example, dict | list):
        probes.append(Probe(wire_text(example), "the documented example is accepted"))
    if not probes:
        # The item does not carry the field: an unknown id may only narrow the list.
        unknown = "contracttest" + f"{rng.getrandbits(80):020x}"
        probes.append(Probe(unknown, "an unknown value narrows the list"))
    return probes
