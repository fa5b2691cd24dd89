"""The five real specs, for the machinery tests that pin their facts (which API gets which case, the
order of a one-line error). A spec added beside them adds its own suite; it does not break these."""

from __future__ import annotations

from contract_tests.model.specs import ApiSpec, all_specs

PINNED = (
    "huawei-endpoints",
    "huawei-service-instances",
    "opensearch-ha3-models",
    "pai-eas-services",
    "zstack-model-services",
)


def pinned_specs() -> dict[str, ApiSpec]:
    specs = all_specs()
    return {key: specs[key] for key in PINNED}
