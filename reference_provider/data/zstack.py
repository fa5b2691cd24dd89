"""ZStack model-service inventories (seed 003, Go SDK ModelServiceInventoryView)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from .. import timefmt
from ..records import Record
from .common import hex32, increasing_times, later, unique_names

MODEL_SERVICE_TYPES = (
    "Text-To-Text",
    "Text-To-Image",
    "Image-To-Text",
    "Embedding",
    "Rerank",
    "Speech-To-Text",
)
FRAMEWORKS = ("vLLM", "SGLang", "Transformers", "Diffusers", "Ollama", "TensorRT-LLM")
SOURCES = ("BuiltIn", "Custom", "ModelCenter")
_STEMS = ("llama-chat", "qwen-chat", "Llama-Embed", "text to text model service", "Qwen-VL", "bge-reranker")
_EPOCH = datetime(2024, 3, 1, 9, 0, 0, tzinfo=UTC)


def build_model_services(seed: int, count: int) -> list[Record]:
    rng = random.Random(seed)
    names = unique_names(rng, count, _STEMS)
    model_centers = [hex32(rng) for _ in range(4)]
    spec_uuids = [hex32(rng) for _ in range(5)]
    records: list[Record] = []
    for index, created in enumerate(increasing_times(rng, _EPOCH, count, 60, 3600)):
        last_op = later(rng, created, 30)
        uuid = hex32(rng)
        name = names[index]
        source = SOURCES[index % len(SOURCES)] if index < len(SOURCES) else rng.choice(SOURCES)
        framework = FRAMEWORKS[index % len(FRAMEWORKS)] if index < len(FRAMEWORKS) else rng.choice(FRAMEWORKS)
        uses_gpu = rng.random() < 0.7
        created_text, last_op_text = timefmt.gson_datetime(created), timefmt.gson_datetime(last_op)
        doc: dict[str, Any] = {
            "uuid": uuid,
            "name": name,
            "description": f"This is {name}, a {framework} model service",
            "readme": f"# {name}\nServe with {framework}.",
            "yaml": f"name: {name}\nframework: {framework}\nreplicas: {rng.randint(1, 4)}\n",
            "requestCpu": rng.choice((1, 2, 4, 8, 16, 32)),
            "requestMemory": rng.choice((1024, 2048, 8192, 32768, 131072)),
            "modelCenterUuid": rng.choice(model_centers),
            "type": rng.choice(MODEL_SERVICE_TYPES),
            "framework": framework,
            "source": source,
            "size": rng.randint(10_000_000, 160_000_000_000),  # bytes: beyond 32 bits, as a Long
            "system": source == "BuiltIn",
            "hasNewVersion": rng.random() < 0.2,
            "installPath": f"/opt/zstack/model-services/{uuid}",
            "pythonVersion": rng.choice(("3.10", "3.11", "3.12")),
            "version": f"1.{rng.randint(0, 9)}.{rng.randint(0, 20)}",
            "startCommand": f"python -m {framework.lower()}.serve --port 8000",
            "containerCommand": "/bin/sh",
            "containerArgs": "-c serve",
            "supportDistributed": rng.random() < 0.3,
            "cpuArchitectures": ["x86_64", "aarch64"] if rng.random() < 0.4 else ["x86_64"],
            "vendorToSpecUuidsMap": {"NVIDIA": rng.sample(spec_uuids, 2)} if uses_gpu else {},
            "modelServiceRefs": [
                {
                    "uuid": hex32(rng),
                    "name": f"{name}-ref-{slot}",
                    "createDate": created_text,
                    "lastOpDate": last_op_text,
                    "modelUuid": hex32(rng),
                    "modelServiceUuid": uuid,
                }
                for slot in range(rng.randint(0, 2))
            ],
            "modelServiceImages": [
                {
                    "uuid": hex32(rng),
                    "name": f"{name}-image-{arch}",
                    "createDate": created_text,
                    "lastOpDate": last_op_text,
                    "modelServiceUuid": uuid,
                    "cpuArchitecture": arch,
                    "vmImageUuid": hex32(rng),
                    "dockerImage": f"registry.local/zstack/{framework.lower()}:{arch}",
                }
                for arch in ("x86_64",)
            ],
            "createDate": created_text,
            "lastOpDate": last_op_text,
        }
        # Optional fields absent on some inventories (Go SDK omitempty), so `is null` matches something.
        if uses_gpu:
            doc["gpuComputeCapability"] = rng.choice(("7.5", "8.0", "8.6", "9.0"))
        if rng.random() < 0.7:
            doc["condaVersion"] = rng.choice(("23.7.4", "24.1.2"))
        records.append(Record(index, doc, {}, {"createDate": created, "lastOpDate": last_op}))
    return records
