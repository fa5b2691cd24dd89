"""What a filtered list must contain, computed locally from the full unfiltered walk.

Each filter yields bounds (must, may) over item keys (oracles/bounds.py); its match kind
(contract_tests/kinds) says how. A value the spec lists in `match-all` selects everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from contract_tests.kinds import kind_of
from contract_tests.model.semantics import ListFilter
from contract_tests.oracles.bounds import Bounds, keys_where


def filter_bounds(flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
    """Bounds for one filter parameter sent with `value` (its wire string, or the kind's own value)."""
    kind = kind_of(flt)
    if kind.verifiable(flt) and isinstance(value, str) and value in flt.match_all:
        everything = keys_where(items, id_field, lambda _: True)
        return Bounds(everything, everything)
    return kind.bounds(flt, items, id_field, value)
