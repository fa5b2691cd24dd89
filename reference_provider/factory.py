"""create_app: the reference provider, optionally turned into one variant."""

from __future__ import annotations

import os

from .app import ProviderApp
from .config import ProviderConfig
from .data import DEFAULT_SEED, datasets_for
from .variants import get_variant

VARIANT_ENV = "REFERENCE_PROVIDER_VARIANT"


def create_app(
    config: ProviderConfig | None = None, variant: str | None = None, *, seed: int = DEFAULT_SEED
) -> ProviderApp:
    """A WSGI app serving the five list APIs; `variant` names a registered variant (None = the reference)."""
    resolved = config if config is not None else ProviderConfig.from_env(os.environ)
    app = ProviderApp(resolved, datasets_for(resolved, seed))
    if variant:
        get_variant(variant).apply(app)
        app.variant = variant
    return app
