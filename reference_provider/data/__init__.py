"""Deterministic seeded data of the five APIs, generated once and shared read-only."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from ..config import ProviderConfig
from ..records import Record
from .ha3 import build_models
from .huawei import build_endpoints, build_instances
from .pai_eas import build_services
from .zstack import build_model_services

DEFAULT_SEED = 20240521
SCALE_ENV = "REFERENCE_PROVIDER_SCALE"

# At least three full pages at each API's default page size plus a partial last page.
HUAWEI_INSTANCE_COUNT = 37  # default limit 10
HUAWEI_ENDPOINT_COUNT = 37  # default limit 10
PAI_EAS_SERVICE_COUNT = 347  # default PageSize 100
HA3_MODEL_COUNT = 37  # default pageSize 10
ZSTACK_MODEL_SERVICE_COUNT = 3217  # default limit 1000


@dataclass(frozen=True)
class Datasets:
    huawei_instances: Mapping[str, tuple[Record, ...]]  # by workspace id
    huawei_endpoints: Mapping[str, tuple[Record, ...]]  # by workspace id
    endpoint_model_ids: tuple[str, ...]  # the hidden model ids the endpoints' model_id filter matches
    pai_eas_services: tuple[Record, ...]
    ha3_models: Mapping[str, tuple[Record, ...]]  # by instance id
    zstack_model_services: tuple[Record, ...]


def datasets_for(config: ProviderConfig, seed: int = DEFAULT_SEED, scale: int = 1) -> Datasets:
    return build_datasets(
        config.huawei_workspace_id, config.huawei_empty_workspace_id, config.ha3_instance_id, seed, scale
    )


@functools.lru_cache(maxsize=4)
def build_datasets(
    workspace_id: str, empty_workspace_id: str, ha3_instance_id: str, seed: int, scale: int = 1
) -> Datasets:
    """`scale` multiplies every API's item count; the same (seed, scale) always gives the same items."""
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale}")
    endpoints, model_ids = build_endpoints(seed + 1, HUAWEI_ENDPOINT_COUNT * scale)
    endpoint_ids = [str(record.doc["id"]) for record in endpoints]
    instances = build_instances(seed + 2, HUAWEI_INSTANCE_COUNT * scale, endpoint_ids)
    return Datasets(
        huawei_instances={workspace_id: tuple(instances), empty_workspace_id: ()},
        huawei_endpoints={workspace_id: tuple(endpoints), empty_workspace_id: ()},
        endpoint_model_ids=tuple(model_ids),
        pai_eas_services=tuple(build_services(seed + 3, PAI_EAS_SERVICE_COUNT * scale)),
        ha3_models={ha3_instance_id: tuple(build_models(seed + 4, HA3_MODEL_COUNT * scale))},
        zstack_model_services=tuple(build_model_services(seed + 5, ZSTACK_MODEL_SERVICE_COUNT * scale)),
    )
