"""PAI-EAS services (seed 002), shaped like the documented example and the SDK's Service model."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime
from typing import Any

from .. import timefmt
from ..records import Record
from .common import alnum, increasing_times, later, spread, unique_names

SERVICE_STATUSES = (
    "Creating",
    "Deploying",
    "Stopped",
    "Failed",
    "Complete",
    "Cloning",
    "Stopping",
    "Updating",
    "Waiting",
    "HotUpdate",
    "Committing",
    "Starting",
    "DeleteFailed",
    "Running",
    "Developing",
    "Scaling",
    "Deleted",
    "Pending",
    "Deleting",
)
ROLES = (
    "DataLoader",
    "FrontEnd",
    "DataSet",
    "SDProxy",
    "LLMScheduler",
    "ScalableJob",
    "LLMGateway",
    "Job",
    "Queue",
)
TRAFFIC_STATES = ("standalone", "grouping")
SAFETY_LOCKS = ("none", "dangerous", "all")
SERVICE_TYPES = (
    "Async",
    "Standard",
    "Queue",
    "LLM",
    "RAG",
    "Serverless",
    "LLMGatewayService",
    "OfflineTask",
    "SDCluster",
    "ScalableJob",
    "ScalableJobService",
    "AssistantJob",
)
RESOURCE_TYPES = ("PublicResource", "DedicatedResource", "Lingjun", "SelfManagedLingjun")
LABEL_VALUES: dict[str, tuple[str, ...]] = {
    "env": ("prod", "staging", "dev"),
    "team": ("nlp", "cv", "search"),
    "app": ("chat", "embed", "rerank"),
    "owner": ("alice", "bob"),
    "tier": ("gold", "silver"),
}
_STEMS = ("llama_chat", "qwen_chat", "Llama_Embed", "echo", "qwen_vl", "bge_embed", "sd_webui", "GLM_chat")
_REGIONS = ("cn-shanghai", "cn-hangzhou", "cn-beijing")
_EPOCH = datetime(2021, 1, 29, 11, 13, 20, tzinfo=UTC)


def build_services(seed: int, count: int) -> list[Record]:
    rng = random.Random(seed)
    names = unique_names(rng, count, _STEMS, sep="_")
    statuses = spread(rng, SERVICE_STATUSES, count)
    roles = spread(rng, ROLES, count)
    traffic = spread(rng, TRAFFIC_STATES, count)
    locks = spread(rng, SAFETY_LOCKS, count)
    service_types = spread(rng, SERVICE_TYPES, count)
    resource_types = spread(rng, RESOURCE_TYPES, count)
    resources = [
        (f"eas-r-{alnum(rng, 10)}", alias) for alias in ("my_resource", "gpu_pool", "cpu_pool", "shared")
    ]
    workspaces = ("123445", "223456", "323467")
    groups = ("my_group", "chat_group", "embed_group", "")
    gateways = ("gw-1uhcqmsc7x22", "gw-2abcdefg1234", "")
    callers = ("20123456789012345", "19989224166000001")
    records: list[Record] = []
    service_ids: list[str] = []
    for index, created in enumerate(increasing_times(rng, _EPOCH, count, 60, 7200)):
        updated = later(rng, created, 10)
        name = names[index]
        service_id = f"eas-m-{alnum(rng, 10)}"
        region = rng.choice(_REGIONS)
        resource, alias = rng.choice(resources)
        resource_type = resource_types[index]
        has_workspace = rng.random() >= 0.1
        # A band member service points at an earlier primary service; ParentUid is the creator account.
        parent_service = rng.choice(service_ids) if service_ids and rng.random() < 0.2 else ""
        cpu, memory, gpu = (
            rng.choice((1, 2, 4, 8)),
            rng.choice((1024, 2048, 4096, 16384)),
            rng.choice((0, 0, 1, 2)),
        )
        instances = rng.randint(0, 5)
        running = rng.randint(0, instances)
        caller = rng.choice(callers)
        doc: dict[str, Any] = {
            "ServiceGroup": rng.choice(groups),
            "Memory": memory,
            "Cpu": cpu,
            "Image": f"registry.{region}.aliyuncs.com/eas/{name.lower()}:v0.0.{index % 7}",
            "Gpu": gpu,
            "TotalInstance": instances,
            "AccessToken": alnum(rng, 40),
            "ResourceBurstable": rng.random() < 0.5,
            "InternetEndpoint": f"http://1012345678.{region}.pai-eas.aliyuncs.com/api/predict/{name}",
            "ResourceAlias": alias,
            "Status": statuses[index],
            "TrafficState": traffic[index],
            "RequestId": str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper(),
            "Resource": resource,
            "SecondaryInternetEndpoint": f"http://1012345678.{region}.pai-eas.aliyuncs.com/api/predict/async_path.{name}",
            "Labels": _labels(rng),
            "Namespace": name,
            "Weight": rng.choice((0, 50, 100)),
            "Role": roles[index],
            "SecondaryIntranetEndpoint": f"http://1012345678.vpc.{region}.pai-eas.aliyuncs.com/api/predict/async_path.{name}",
            "PendingInstance": instances - running,
            "ServiceName": name,
            "SafetyLock": locks[index],
            "Region": region,
            "AppType": rng.choice(("LLM", "SD", "RAG", "")),
            "InstanceCountInResource": _instance_counts(resource_type, instances),
            "IntranetEndpoint": f"http://1012345678.vpc.{region}.pai-eas.aliyuncs.com/api/predict/{name}",
            "QuotaId": f"quota{alnum(rng, 6)}" if "Lingjun" in resource_type else "",
            "Message": "Service start successfully"
            if statuses[index] == "Running"
            else f"Service is {statuses[index]}",
            "CurrentVersion": rng.randint(1, 9),
            "RunningInstance": running,
            "WorkspaceId": rng.choice(workspaces) if has_workspace else "",
            "CallerUid": caller,
            "Reason": statuses[index].upper(),
            "Source": rng.choice(("dsw", "console", "eascmd", "pai-studio")),
            "ServiceId": service_id,
            "AppVersion": f"v{rng.randint(1, 3)}",
            "CronscalerEnabled": rng.random() < 0.3,
            "ServiceConfig": json.dumps(
                {"metadata": {"cpu": cpu, "instance": instances, "memory": memory}, "name": name}
            ),
            "Gateway": rng.choice(gateways),
            "AppSpecName": rng.choice(("llama_7b_fp16", "qwen_14b_int8", "")),
            "GPUCorePercentage": rng.choice((0, 50, 100)),
            "GPUMemory": rng.choice((0, 20, 40)),
            "AppConfig": json.dumps({"ModelStorage": rng.choice(("oss", "nas"))}),
            "CreateTime": timefmt.rfc3339_seconds(created),
            "AutoscalerEnabled": rng.random() < 0.5,
            "ExtraData": json.dumps({"blue_green_services": []}),
            "LatestVersion": rng.randint(1, 9),
            "UpdateTime": timefmt.rfc3339_seconds(updated),
            "ServiceUid": service_id,
            "ParentUid": caller,
            "RoleAttrs": json.dumps({"ApproxMaxLength": None, "Length": None, "MaxPayloadBytes": None}),
        }
        hidden = {
            "service_type": service_types[index],
            "resource_type": resource_type,
            "has_workspace": has_workspace,
            "parent_service_uid": parent_service,
        }
        records.append(Record(index, doc, hidden, {"CreateTime": created, "UpdateTime": updated}))
        service_ids.append(service_id)
    return records


def _labels(rng: random.Random) -> list[dict[str, str]]:
    if rng.random() < 0.15:
        return []
    keys = rng.sample(sorted(LABEL_VALUES), rng.randint(1, 4))
    return [{"LabelKey": key, "LabelValue": rng.choice(LABEL_VALUES[key])} for key in keys]


def _instance_counts(resource_type: str, instances: int) -> dict[str, int]:
    counts = {"Dedicated": 0, "Public": 0, "Quota": 0}
    slot = {"PublicResource": "Public", "DedicatedResource": "Dedicated"}.get(resource_type, "Quota")
    counts[slot] = instances
    return counts
