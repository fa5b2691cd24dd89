"""Reference provider: an in-memory WSGI provider of the five documented list APIs."""

from __future__ import annotations

from .app import ProviderApp
from .config import ProviderConfig
from .factory import VARIANT_ENV, create_app

__all__ = ["VARIANT_ENV", "ProviderApp", "ProviderConfig", "create_app"]
