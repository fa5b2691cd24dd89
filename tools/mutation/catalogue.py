"""The variants to run, with the spec keys (APIS) each one touches."""

from __future__ import annotations

from dataclasses import dataclass

from reference_provider.variants import VARIANTS

# Provider API names -> spec stems (the suite's API keys).
PROVIDER_TO_SPECS: dict[str, tuple[str, ...]] = {
    "huawei-instances": ("huawei-service-instances",),
    "huawei-endpoints": ("huawei-endpoints",),
    "pai-eas": ("pai-eas-services",),
    "zstack": ("zstack-model-services",),
    "ha3": ("opensearch-ha3-models",),
}
PROVIDER_TO_SPECS["huawei"] = PROVIDER_TO_SPECS["huawei-instances"] + PROVIDER_TO_SPECS["huawei-endpoints"]
PROVIDER_TO_SPECS["all"] = tuple(key for keys in list(PROVIDER_TO_SPECS.values())[:5] for key in keys)


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
        return PROVIDER_TO_SPECS[self.api]

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
