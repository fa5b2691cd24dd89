"""opaque: the document names the filter but the item carries nothing to check it against.

Any subset of the list is conformant, so the suite only proves the parameter is accepted.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from contract_tests.kinds.base import MatchKind, register
from contract_tests.kinds.text import value_probes
from contract_tests.model.semantics import ListFilter
from contract_tests.model.specs import ApiSpec
from contract_tests.oracles.bounds import Bounds, keys_where
from contract_tests.oracles.samples import Probe


@register
class OpaqueKind(MatchKind):
    names = ("opaque",)
    combines_with_others = False

    def verifiable(self, flt: ListFilter) -> bool:
        return False

    def bounds(self, flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
        return Bounds(frozenset(), keys_where(items, id_field, lambda _: True))

    def probes(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
        return value_probes(spec, flt, rng)
