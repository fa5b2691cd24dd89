"""OpenSearch HA3 models (seed 004) of one instance."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from .. import timefmt
from ..records import Record
from .common import increasing_times, later, spread, unique_names

MODEL_TYPES = ("text_embedding", "text_sparse_embedding", "image_embedding", "image_analyze")
MODEL_STATUSES = ("ok", "forbidden")
METHODS = ("PUT", "POST")
_EPOCH = datetime(2024, 5, 21, 16, 5, 26, tzinfo=UTC)
_BASE_URL = "http://ha-cn-local.platform-cn-shanghai.opensearch.aliyuncs.com/v3/openapi/workspaces/default"


def build_models(seed: int, count: int) -> list[Record]:
    rng = random.Random(seed)
    names = unique_names(rng, count)  # HA3 names identify items (item-id: name), so they must be unique
    types = spread(rng, MODEL_TYPES, count)
    statuses = spread(rng, MODEL_STATUSES, count)
    methods = spread(rng, METHODS, count)
    records: list[Record] = []
    for index, created in enumerate(increasing_times(rng, _EPOCH, count, 60, 86400)):
        updated = later(rng, created, 20)
        model_type = types[index]
        url = f"{_BASE_URL}/{model_type.replace('_', '-')}/{names[index].lower()}"
        doc: dict[str, Any] = {
            "name": names[index],
            "type": model_type,
            "url": url,
            "status": statuses[index],
            "dimension": rng.choice((128, 256, 512, 768, 1024, 1536)),
            "content": {
                "modelName": names[index],
                "modelType": model_type,
                "url": url,
                "method": methods[index],
                "request": {
                    "header": {
                        "Authorization": f"Bearer OS-{rng.getrandbits(64):016x}",
                        "Content-Type": "application/json",
                    },
                    "urlParams": {
                        "build": {"mode": "build"},
                        "search": {"mode": "search", "top_k": rng.randint(1, 50)},
                    },
                    "requestBody": '{"input": ["%{input}"], "input_type": "%{input_type}"}',
                    "parameters": {"build": {"input_type": "document"}, "search": {"input_type": "query"}},
                },
                "response": {"embeddings": "$.result.embeddings[*].embedding"},
            },
            "createTime": timefmt.plain_datetime(created),
            "updateTime": timefmt.plain_datetime(updated),
        }
        records.append(Record(index, doc, {}, {"createTime": created, "updateTime": updated}))
    return records
