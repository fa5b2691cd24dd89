"""How a variant changes a provider: wrap one stage of some handlers, or filter every response."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..apis import API_GROUPS, API_NAMES
from ..pipeline import ListHandler

if TYPE_CHECKING:
    from ..app import ProviderApp, ResponseFilter

StageWrapper = Callable[[Callable[..., Any], ListHandler], Callable[..., Any]]


def apis_in_scope(scope: str) -> tuple[str, ...]:
    """The spec stems a variant's scope covers: one stem, or a group of API_GROUPS."""
    if scope in API_GROUPS:
        return API_GROUPS[scope]
    if scope not in API_NAMES:
        raise ValueError(f"unknown API scope {scope!r}")
    return (scope,)


def wrap_stage(handler: ListHandler, stage: str, wrapper: StageWrapper) -> None:
    """Replace `handler.<stage>` on this instance by `wrapper(original_bound_stage, handler)`."""
    original = getattr(handler, stage)
    if not callable(original):
        raise AttributeError(f"{type(handler).__name__} has no stage {stage!r}")
    setattr(handler, stage, wrapper(original, handler))


def stage_hook(scope: str, stage: str, wrapper: StageWrapper) -> Callable[[ProviderApp], None]:
    """A variant `apply` that wraps one stage on every handler in scope."""

    def apply(app: ProviderApp) -> None:
        for api in apis_in_scope(scope):
            wrap_stage(app.handlers[api], stage, wrapper)

    return apply


def handler_hook(scope: str, change: Callable[[ListHandler], None]) -> Callable[[ProviderApp], None]:
    """A variant `apply` that changes each handler in scope directly (e.g. flips a policy attribute)."""

    def apply(app: ProviderApp) -> None:
        for api in apis_in_scope(scope):
            change(app.handlers[api])

    return apply


def response_hook(response_filter: ResponseFilter) -> Callable[[ProviderApp], None]:
    """A variant `apply` that post-processes every response of the app."""

    def apply(app: ProviderApp) -> None:
        app.response_filters.append(response_filter)

    return apply
