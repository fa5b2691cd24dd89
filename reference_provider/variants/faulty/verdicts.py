"""Faulty variants that only the property layer's verdict model can catch: a provider that accepts a
value it could have rejected, and then answers it wrongly."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request

from ...errors import ParamError
from ...pipeline import ListHandler, ListParams, RequestContext
from ..registry import faulty, register


def _without(ctx: RequestContext, name: str) -> RequestContext:
    """The same request with every value of one query parameter dropped."""
    kept = [(key, value) for key, value in ctx.request.args.items(multi=True) if key != name]
    environ = {**ctx.request.environ, "QUERY_STRING": urlencode(kept)}
    return dataclasses.replace(ctx, request=Request(environ))


def _unknown_values_dropped(*names: str) -> Callable[..., Any]:
    """A parse_params wrapper that drops, instead of rejecting, an unknown value of these enum filters."""

    def wrapper(
        original: Callable[[RequestContext], ListParams], handler: ListHandler
    ) -> Callable[[RequestContext], ListParams]:
        def parse_params(ctx: RequestContext) -> ListParams:
            for _ in names:  # at most one retry per filter
                try:
                    return original(ctx)
                except ParamError as error:
                    if error.wrong_type or error.param not in names:
                        raise
                    ctx = _without(ctx, error.param)
            return original(ctx)

        return parse_params

    return wrapper


VERDICT_VARIANTS = [
    faulty(
        "huawei-endpoints-unknown-enum-ignored",
        api="huawei-endpoints",
        cls="filter",
        description=(
            "an unknown `type` or `visibility` value is accepted and dropped: the list comes back unfiltered "
            "(only the property test's list_filters_respected check sees it)"
        ),
        breaks="seed 001: type and visibility select endpoints; an accepted filter value must still filter",
        stage="parse_params",
        change=_unknown_values_dropped("type", "visibility"),
    ),
    faulty(
        "pai-eas-unknown-enum-ignored",
        api="pai-eas-services",
        cls="filter",
        description=(
            "an unknown ServiceStatus, Role or TrafficState value is accepted and dropped: the list comes "
            "back unfiltered (only the property test's list_filters_respected check sees it)"
        ),
        breaks=(
            "seed 002: ServiceStatus, Role and TrafficState select services; an accepted value must filter"
        ),
        stage="parse_params",
        change=_unknown_values_dropped("ServiceStatus", "Role", "TrafficState"),
    ),
]

for _variant in VERDICT_VARIANTS:
    register(_variant)
