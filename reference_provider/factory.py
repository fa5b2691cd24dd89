"""create_app: the reference provider, optionally turned into one variant."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .app import ProviderApp
from .config import ProviderConfig
from .data import DEFAULT_SEED, SCALE_ENV, datasets_for
from .variants import get_variant

VARIANT_ENV = "REFERENCE_PROVIDER_VARIANT"
LATENCY_ENV = "REFERENCE_PROVIDER_LATENCY_MS"


def create_app(
    config: ProviderConfig | None = None,
    variant: str | None = None,
    *,
    seed: int = DEFAULT_SEED,
    scale: int | None = None,
    latency_ms: int | None = None,
) -> ProviderApp:
    """A WSGI app serving the five list APIs; `variant` names a registered variant (None = the reference).

    `scale` multiplies every API's item count (default: $REFERENCE_PROVIDER_SCALE, else 1);
    `latency_ms` delays every answer by that many milliseconds (default: $REFERENCE_PROVIDER_LATENCY_MS,
    else 0), on top of any latency a variant adds.
    """
    resolved = config if config is not None else ProviderConfig.from_env(os.environ)
    scale = scale_from(os.environ) if scale is None else scale
    latency_ms = latency_ms_from(os.environ) if latency_ms is None else latency_ms
    if latency_ms < 0:
        raise ValueError(f"latency must be a non-negative number of milliseconds, not {latency_ms}")
    app = ProviderApp(resolved, datasets_for(resolved, seed, scale))
    app.latency_seconds = latency_ms / 1000
    if variant:
        get_variant(variant).apply(app)
        app.variant = variant
    return app


def scale_from(environ: Mapping[str, str]) -> int:
    text = environ.get(SCALE_ENV) or "1"
    try:
        scale = int(text)
    except ValueError:
        raise ValueError(f"{SCALE_ENV} must be a positive integer, not {text!r}") from None
    if scale < 1:
        raise ValueError(f"{SCALE_ENV} must be a positive integer, not {text!r}")
    return scale


def latency_ms_from(environ: Mapping[str, str]) -> int:
    text = environ.get(LATENCY_ENV) or "0"
    if not text.isdigit():
        raise ValueError(f"{LATENCY_ENV} must be a non-negative integer (milliseconds), not {text!r}")
    return int(text)
