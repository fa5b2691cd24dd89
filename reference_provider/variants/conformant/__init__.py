"""Conformant variants: providers that differ from the reference yet keep every documented rule.
Importing the package registers them."""

from . import basics, data, validation, wire

__all__ = ["basics", "data", "validation", "wire"]
