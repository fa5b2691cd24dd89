"""The variants to run, with the spec keys (APIS) each one touches."""

from __future__ import annotations

from dataclasses import dataclass

from reference_provider.apis import API_NAMES
from reference_provider.variants import VARIANTS
from reference_provider.variants.hooks import apis_in_scope

# The provider keys its APIs by spec stem, so a variant's scope is its list of spec keys.
ALL_SPEC_KEYS = API_NAMES
# The check family (the suite's contract_family markers) that most often catches a fault of each class
# in the catalogue; a run that stops at its first failure runs that family first. Only the order.
LIKELY_FAMILY = {
    "api-specific": "envelope",
    "auth": "errors",
    "content-type": "envelope",
    "enum": "enums",
    "envelope": "envelope",
    "error": "errors",
    "filter": "filters",
    "pagination": "pagination",
    "sort": "sorting",
    "type": "envelope",
}


@dataclass(frozen=True)
class Entry:
    name: str
    api: str
    cls: str
    description: str
    breaks: str
    conformant: bool
    sole_catcher: str = ""  # the semantic test meant to be the only one that catches it ("" for none)

    @property
    def spec_keys(self) -> tuple[str, ...]:
        return apis_in_scope(self.api)

    @property
    def expected(self) -> str:
        return "passes" if self.conformant else "killed"

    @property
    def likely_family(self) -> str:
        """The family of the tests most likely to catch this variant first ("" for no guess)."""
        return "" if self.conformant else LIKELY_FAMILY.get(self.cls, "")

    @property
    def runs_whole_scope(self) -> bool:
        """Whether a quick catalogue run needs every test of the variant's APIs.

        A conformant variant must pass them all, and a faulty one meant for a sole catcher proves its
        catcher sole only if every other test ran and passed. Any other faulty variant only needs one
        failure: it runs until its first (FAIL_FAST), and its verdict is the same kill.
        """
        return self.conformant or bool(self.sole_catcher)


def load_catalogue(only: set[str] | None = None) -> list[Entry]:
    entries = [
        Entry(v.name, v.api, v.cls, v.description, v.breaks, v.conformant, v.sole_catcher)
        for v in VARIANTS.values()
        if only is None or v.name in only
    ]
    if only:
        unknown = sorted(only - {e.name for e in entries})
        if unknown:
            raise SystemExit(f"mutation: unknown variant(s): {', '.join(unknown)}")
    # Conformant first, then by class and name: a stable order for the table.
    return sorted(entries, key=lambda e: (not e.conformant, e.cls, e.name))
