"""Choosing filter values from real items: each probe is a value plus why it is sent.

The values come from the filter's match kind (contract_tests/kinds); this module combines them.
Pure and deterministic for a given seed, so a failing probe is reproduced by the same SEED.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from contract_tests.kinds import kind_of
from contract_tests.kinds.base import Combination
from contract_tests.model.body import dig
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.bounds import Bounds
from contract_tests.oracles.filters import filter_bounds
from contract_tests.oracles.samples import Probe, wire_text


def filter_probes(spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
    return kind_of(flt).probes(spec, flt, items, rng)


def combined_probe(spec: ApiSpec, items: Sequence[Any], rng: random.Random) -> Combination | None:
    """Two filters whose AND differs from their OR on the real items, with the AND's bounds.

    A kind whose one parameter repeats (conditions) combines with itself; the others pair up.
    """
    id_field = spec.semantics.item_id
    for flt in spec.semantics.filters:
        kind = kind_of(flt)
        if kind.verifiable(flt) and kind.operators(flt):
            return kind.combined(spec, flt, items, rng)
    usable = [
        f for f in spec.semantics.filters if kind_of(f).combines_with_others and kind_of(f).verifiable(f)
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
