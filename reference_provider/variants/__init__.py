"""Variant registry: `VARIANTS` by name, filled by the catalogue modules imported below."""

from __future__ import annotations

from . import conformant, faulty
from .hooks import apis_in_scope, handler_hook, response_hook, stage_hook, wrap_stage
from .registry import VARIANTS, Variant, get_variant, register

__all__ = [
    "VARIANTS",
    "Variant",
    "apis_in_scope",
    "conformant",
    "faulty",
    "get_variant",
    "handler_hook",
    "register",
    "response_hook",
    "stage_hook",
    "wrap_stage",
]
