"""The variant record and the registry every catalogue module registers into."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .hooks import StageWrapper, stage_hook

if TYPE_CHECKING:
    from ..app import ProviderApp

# `api` of a variant: one spec stem (see apis.API_NAMES) or a group of apis.API_GROUPS ("huawei", "all").
ApiScope = str
# The ListHandler stages a variant may wrap (reference_provider/pipeline.py).
Stage = Literal[
    "authenticate",
    "resolve_scope",
    "parse_params",
    "select",
    "order",
    "paginate",
    "render_item",
    "render_items",
    "render_body",
    "response_headers",
    "serialize",
    "param_error",
    "not_found_error",
    "method_not_allowed_error",
    "internal_error",
    "render_error",
]


@dataclass(frozen=True)
class Variant:
    """A provider that differs from the reference in one way.

    `cls` groups variants by what they touch (pagination, filter, envelope, transport, ...); `breaks`
    names the documented rule a faulty variant violates ("" for conformant ones); `apply` changes a
    freshly built ProviderApp in place (it wraps one handler stage, an item function or adds a
    response filter); `sole_catcher` names the semantic test meant to be the only one that catches a
    faulty variant ("" for none). Records are written with `faulty(...)` and `conformant(...)`.
    """

    name: str
    api: ApiScope
    cls: str
    description: str
    breaks: str
    conformant: bool
    apply: Callable[[ProviderApp], None]
    sole_catcher: str = ""

    @property
    def summary(self) -> str:
        """The description, with the sole catcher the variant is meant for."""
        if not self.sole_catcher:
            return self.description
        return f"{self.description} (meant to be caught by {self.sole_catcher} alone)"

    def listing_line(self) -> str:
        conformant = "true" if self.conformant else "false"
        return "\t".join((self.name, self.api, self.cls, conformant, self.summary))


def _apply(
    api: ApiScope,
    stage: Stage | None,
    change: StageWrapper | None,
    apply: Callable[[ProviderApp], None] | None,
) -> Callable[[ProviderApp], None]:
    """`apply` as given, or the one that wraps `stage` with `change` on every handler of `api`."""
    if apply is not None and stage is None and change is None:
        return apply
    if apply is None and stage is not None and change is not None:
        return stage_hook(api, stage, change)
    raise ValueError("a variant record gives either stage= and change=, or apply=")


def faulty(
    name: str,
    *,
    api: ApiScope,
    cls: str,
    description: str,
    breaks: str,
    sole_catcher: str = "",
    stage: Stage | None = None,
    change: StageWrapper | None = None,
    apply: Callable[[ProviderApp], None] | None = None,
) -> Variant:
    """A faulty variant: `breaks` the documented rule, by wrapping `stage` of every handler in its
    scope `api` with `change`, or by `apply`."""
    return Variant(
        name, api, cls, description, breaks, False, _apply(api, stage, change, apply), sole_catcher
    )


def conformant(
    name: str,
    *,
    api: ApiScope,
    cls: str,
    description: str,
    stage: Stage | None = None,
    change: StageWrapper | None = None,
    apply: Callable[[ProviderApp], None] | None = None,
) -> Variant:
    """A conformant variant: `description` says what differs and which silence of the documents
    allows it; the change is `stage` wrapped with `change` on every handler of `api`, or `apply`."""
    return Variant(name, api, cls, description, "", True, _apply(api, stage, change, apply))


VARIANTS: dict[str, Variant] = {}


def register(variant: Variant) -> Variant:
    if variant.name in VARIANTS:
        raise ValueError(f"variant {variant.name} is registered twice")
    if variant.conformant == bool(variant.breaks):
        raise ValueError(
            f"variant {variant.name}: a faulty variant names the rule it breaks, a conformant one none"
        )
    if variant.conformant and variant.sole_catcher:
        raise ValueError(f"variant {variant.name}: only a faulty variant is meant for a sole catcher")
    VARIANTS[variant.name] = variant
    return variant


def get_variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise KeyError(f"unknown variant {name!r}; see --list-variants") from None
