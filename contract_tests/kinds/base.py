"""The match-kind protocol and its registry."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from contract_tests.oracles.bounds import Bounds
from contract_tests.oracles.samples import documented_values

if TYPE_CHECKING:
    from contract_tests.model.semantics import ListFilter
    from contract_tests.model.specs import ApiSpec
    from contract_tests.oracles.samples import Probe

# Which semantic test checks a kind: the `contract_cases` selector its filters are cases of.
VALUES = "filter_case"  # one value per request, checked against the bounds
PAIRS = "key_value_filter"  # a map of keys to optional values, sent as one JSON object
CONDITIONS = "condition_operator"  # repeatable conditions, one case per declared operator

Combination = tuple[list[tuple[str, Any]], Bounds]


class KindError(ValueError):
    """A filter names a match kind that is not registered."""


class MatchKind:
    """What a generic test needs from a kind. Defaults suit a kind that sends one value per request."""

    names: ClassVar[tuple[str, ...]] = ()
    selector: ClassVar[str] = VALUES
    # Whether its filter can be combined with another filter of the list in one AND request.
    combines_with_others: ClassVar[bool] = True

    def verifiable(self, flt: ListFilter) -> bool:
        """Whether the items show which ones must match (an opaque filter, or one on a field the
        item does not carry, can only narrow the list)."""
        return flt.field is not None

    def bounds(self, flt: ListFilter, items: Sequence[Any], id_field: str, value: Any) -> Bounds:
        raise NotImplementedError

    def probes(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> list[Probe]:
        raise NotImplementedError

    def wire(self, value: Any) -> str:
        """The query-string text of a probe value."""
        return str(value)

    def operators(self, flt: ListFilter) -> tuple[str, ...]:
        return ()

    def condition(
        self, spec: ApiSpec, flt: ListFilter, operator: str, items: Sequence[Any], rng: random.Random
    ) -> str | None:
        return None

    def combined(
        self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random
    ) -> Combination | None:
        """Two values of this one (repeatable) filter whose AND differs from their OR, if it has any."""
        return None

    def unmatched(self, spec: ApiSpec, flt: ListFilter, items: Sequence[Any], rng: random.Random) -> Any:
        """A documented-form value that no item matches (None when the document allows none: a filter
        whose values it enumerates only takes those, and the kind's probes already send them all)."""
        if documented_values(spec, flt):
            return None
        return fabricated_value(rng)


def fabricated_value(rng: random.Random) -> str:
    """A value no real item carries, drawn from the run's seed."""
    return f"contracttest{rng.getrandbits(64):016x}"


_REGISTRY: dict[str, MatchKind] = {}
K = TypeVar("K", bound=type[MatchKind])


def register(cls: K) -> K:
    kind = cls()
    for name in cls.names:
        if name in _REGISTRY:
            raise KindError(f"match kind {name!r} is registered twice")
        _REGISTRY[name] = kind
    return cls


def registered_kinds() -> dict[str, MatchKind]:
    return dict(_REGISTRY)


def kind_of(flt: ListFilter) -> MatchKind:
    try:
        return _REGISTRY[flt.match]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise KindError(f"filter {flt.param!r}: unknown match kind {flt.match!r}; known: {known}") from None
