"""Faulty variants: each breaks exactly one documented rule, which the contract suite must detect.
Importing the package registers them (their shared stage wrappers are in ..wrappers)."""

from . import adaptive, api_specific, basics, errors, filters, pagination, schema, sorting, verdicts

__all__ = [
    "adaptive",
    "api_specific",
    "basics",
    "errors",
    "filters",
    "pagination",
    "schema",
    "sorting",
    "verdicts",
]
