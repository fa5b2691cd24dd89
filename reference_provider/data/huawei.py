"""Huawei DataArts Fabric data: service instances (seed 000) and endpoints (seed 001) per workspace."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from .. import timefmt
from ..records import Record
from .common import hex32, increasing_times, later, spread, unique_names, uuid36

INSTANCE_STATUSES = (
    "PENDING",
    "CREATING",
    "RUNNING",
    "UPDATING",
    "SUCCEEDED",
    "FAILED",
    "STOPPING",
    "STOPPED",
    "DELETING",
    "DELETED",
    "",
)
INSTANCE_TYPES = ("PGSQL_SERVICE", "LLM_MODEL")
VISIBILITIES = ("PRIVATE", "PUBLIC")
ENDPOINT_TYPES = ("service", "ray", "inference", "job", "ray_service", "sql", "container_job", "notebook")
ENDPOINT_STATUSES = (
    "CREATING",
    "RUNNING",
    "CREATE_FAILED",
    "DELETING",
    "DELETED",
    "UPDATING",
    "UPDATE_FAILED",
    "DELETE_FAILED",
    "FROZEN",
    "INACTIVE",
)
_FAILED_STATUSES = {"FAILED", "CREATE_FAILED", "UPDATE_FAILED", "DELETE_FAILED"}
_USERS = (("fabric_domain", "alice"), ("fabric_domain", "bob"), ("partner_domain", "carol"))
_SPEC_CODES = ("a1x", "a2x", "a4x", "a8x")
_EPOCH = datetime(2023, 5, 30, 12, 24, 30, 401000, tzinfo=UTC)


def build_endpoints(seed: int, count: int) -> tuple[list[Record], list[str]]:
    """Endpoints in creation order, plus the pool of model ids they were built from."""
    rng = random.Random(seed)
    model_ids = [hex32(rng) for _ in range(6)]
    owners = [
        {"domain_name": domain, "domain_id": hex32(rng), "user_name": user, "user_id": hex32(rng)}
        for domain, user in _USERS
    ]
    names = unique_names(rng, count)
    types = spread(rng, ENDPOINT_TYPES, count)
    statuses = spread(rng, ENDPOINT_STATUSES, count)
    visibilities = spread(rng, VISIBILITIES, count)
    records: list[Record] = []
    for index, created in enumerate(increasing_times(rng, _EPOCH, count, 600, 86400, millis=True)):
        updated = later(rng, created, 30)
        status = statuses[index]
        failed = status in _FAILED_STATUSES
        doc: dict[str, Any] = {
            "visibility": visibilities[index],
            "id": uuid36(rng),
            "name": names[index],
            "type": types[index],
            "status": status,
            "description": f"endpoint {names[index]} for {types[index]} workloads",
            "create_time": timefmt.rfc3339_millis(created),
            "update_time": timefmt.rfc3339_millis(updated),
            "owner": dict(rng.choice(owners)),
            "cap": {"cap_id": hex32(rng), "version_id": hex32(rng)},
            "reserved_resource": {
                "apu": {
                    "spec_code": rng.choice(_SPEC_CODES),
                    "warm_up_num": rng.randint(0, 4),
                    "max_num": 100,
                },
                "dpu": {
                    "spec_code": "d1x",
                    "warm_up_num": rng.randint(0, 2),
                    "max_num": rng.choice((10, 50, 100)),
                    "use_public_resource": rng.random() < 0.5,
                },
                "mu": {"spec_code": "mu", "min": 0, "max": rng.randint(1, 8)},
            },
            "ray_resource": {
                "head_group_spec": {"spec_code": rng.choice(_SPEC_CODES)},
                "worker_group_spec": [
                    {
                        "name": f"worker-{group}",
                        "spec_code": rng.choice(_SPEC_CODES),
                        "min_replicas": 1,
                        "max_replicas": rng.randint(2, 16),
                    }
                    for group in range(rng.randint(0, 2))
                ],
            },
            "caches": [
                {"mnt_path": f"/mnt/cache{slot}", "cache_ins_id": hex32(rng)}
                for slot in range(rng.randint(0, 2))
            ],
            "error_code": "fabric.00010003" if failed else "",
            "error_msg": f"endpoint {status.lower()}" if failed else "",
        }
        hidden = {"model_id": model_ids[index % len(model_ids)]}
        records.append(Record(index, doc, hidden, {"create_time": created, "update_time": updated}))
    return records, model_ids


def build_instances(seed: int, count: int, endpoint_ids: list[str]) -> list[Record]:
    """Service instances in creation order; their endpoint ids point at the workspace's endpoints."""
    rng = random.Random(seed)
    sources = [(hex32(rng), [hex32(rng) for _ in range(rng.randint(1, 3))]) for _ in range(6)]
    names = unique_names(rng, count)
    statuses = spread(rng, INSTANCE_STATUSES, count)
    types = spread(rng, INSTANCE_TYPES, count)
    visibilities = spread(rng, VISIBILITIES, count)
    durations = [
        rng.choice((0, 60, 3600)) if rng.random() < 0.2 else rng.randint(1, 5_000_000) for _ in range(count)
    ]
    records: list[Record] = []
    for index, created in enumerate(increasing_times(rng, _EPOCH, count, 600, 86400, millis=True)):
        updated = later(rng, created, 30)
        source_id, versions = rng.choice(sources)
        user_domain, user_name = rng.choice(_USERS)
        status = statuses[index]
        failed = status == "FAILED"
        doc: dict[str, Any] = {
            "visibility": visibilities[index],
            "source": {"id": source_id, "version_id": rng.choice(versions)},
            "id": hex32(rng),
            "name": names[index],
            "description": f"service instance {names[index]}",
            "endpoint_id": rng.choice(endpoint_ids) if endpoint_ids else uuid36(rng),
            "status": status,
            "create_time": timefmt.rfc3339_millis(created),
            "update_time": timefmt.rfc3339_millis(updated),
            "duration": durations[index],
            "create_user": {"domain_name": user_domain, "user_name": user_name},
            "type": types[index],
            "error_code": "lakehouse.00010003" if failed else "",
            "error_msg": "failed" if failed else "",
            "solution": "check the resource quota of the endpoint" if failed else "",
            "config": {
                "model_instance_config": {
                    "resource": {
                        "min": 1,
                        "max": rng.choice((1, 2, 4, 8, 1000)),
                        "spec_code": rng.choice(_SPEC_CODES),
                    }
                }
            },
            "content_moderation_switch": rng.choice(("ON", "OFF")),
            "content_output_moderation_switch": rng.choice(("ON", "OFF")),
        }
        records.append(Record(index, doc, {}, {"create_time": created, "update_time": updated}))
    return records
