"""The variants to run, with the spec keys (APIS) each one touches."""

from __future__ import annotations

from dataclasses import dataclass

from reference_provider.apis import API_NAMES
from reference_provider.variants import VARIANTS
from reference_provider.variants.hooks import apis_in_scope

# The provider keys its APIs by spec stem, so a variant's scope is its list of spec keys.
ALL_SPEC_KEYS = API_NAMES


@dataclass(frozen=True)
class Entry:
    name: str
    api: str
    cls: str
    description: str
    breaks: str
    conformant: bool

    @property
    def spec_keys(self) -> tuple[str, ...]:
        return apis_in_scope(self.api)

    @property
    def expected(self) -> str:
        return "passes" if self.conformant else "killed"


def load_catalogue(only: set[str] | None = None) -> list[Entry]:
    entries = [
        Entry(v.name, v.api, v.cls, v.description, v.breaks, v.conformant)
        for v in VARIANTS.values()
        if only is None or v.name in only
    ]
    if only:
        unknown = sorted(only - {e.name for e in entries})
        if unknown:
            raise SystemExit(f"mutation: unknown variant(s): {', '.join(unknown)}")
    # Conformant first, then by class and name: a stable order for the table.
    return sorted(entries, key=lambda e: (not e.conformant, e.cls, e.name))
