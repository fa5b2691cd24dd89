"""The variant record and the registry every catalogue module registers into."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..app import ProviderApp

# `api` of a variant: one spec stem (see apis.API_NAMES) or a group of apis.API_GROUPS ("huawei", "all").
ApiScope = str


@dataclass(frozen=True)
class Variant:
    """A provider that differs from the reference in one way.

    `cls` groups variants by what they touch (pagination, filter, envelope, transport, ...); `breaks`
    names the documented rule a faulty variant violates ("" for conformant ones); `apply` changes a
    freshly built ProviderApp in place (it wraps one handler stage, an item function or adds a
    response filter).
    """

    name: str
    api: ApiScope
    cls: str
    description: str
    breaks: str
    conformant: bool
    apply: Callable[[ProviderApp], None]

    def listing_line(self) -> str:
        conformant = "true" if self.conformant else "false"
        return "\t".join((self.name, self.api, self.cls, conformant, self.description))


VARIANTS: dict[str, Variant] = {}


def register(variant: Variant) -> Variant:
    if variant.name in VARIANTS:
        raise ValueError(f"variant {variant.name} is registered twice")
    if variant.conformant == bool(variant.breaks):
        raise ValueError(
            f"variant {variant.name}: a faulty variant names the rule it breaks, a conformant one none"
        )
    VARIANTS[variant.name] = variant
    return variant


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise KeyError(f"unknown variant {name!r}; see --list-variants") from None
