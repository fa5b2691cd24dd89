"""Match kinds: how a filter parameter selects items, one module per kind, registered by name.

A spec's x-list filter names its kind in `match` and gives the kind's own keys beside it (the
operators of a condition grammar, the field names of a key-value map); the kind turns them into
bounds, probes and cases. The generic suite asks the kind and never names a vendor:

    kind = kind_of(flt)
    for probe in kind.probes(spec, flt, items, rng):
        bounds = kind.bounds(flt, items, id_field, probe.value)

Adding a kind: a module here with a class that subclasses `MatchKind`, registered with `@register`,
imported below, and its name and keys in the x-list schema (contract_tests/model/x_extensions.schema.json).
"""

from __future__ import annotations

from contract_tests.kinds import field_conditions, label_map, opaque, text  # noqa: F401  (registers them)
from contract_tests.kinds.base import (
    CONDITIONS,
    PAIRS,
    VALUES,
    KindError,
    MatchKind,
    kind_of,
    register,
    registered_kinds,
)

__all__ = [
    "CONDITIONS",
    "PAIRS",
    "VALUES",
    "KindError",
    "MatchKind",
    "kind_of",
    "register",
    "registered_kinds",
]
