"""Invariants of the seeded data: page counts, enum coverage, unique create times, labels, empty workspace."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest

from reference_provider import ProviderConfig
from reference_provider.data import Datasets, build_datasets, datasets_for
from reference_provider.data.ha3 import METHODS, MODEL_STATUSES, MODEL_TYPES
from reference_provider.data.huawei import (
    ENDPOINT_STATUSES,
    ENDPOINT_TYPES,
    INSTANCE_STATUSES,
    INSTANCE_TYPES,
    VISIBILITIES,
)
from reference_provider.data.pai_eas import (
    RESOURCE_TYPES,
    ROLES,
    SAFETY_LOCKS,
    SERVICE_STATUSES,
    SERVICE_TYPES,
    TRAFFIC_STATES,
)
from reference_provider.records import Record, get_path
from reference_provider.timefmt import parse_any


@pytest.fixture(scope="module")
def datasets(config: ProviderConfig) -> Datasets:
    return datasets_for(config)


def records_of(datasets: Datasets, config: ProviderConfig, attribute: str) -> Sequence[Record]:
    records = getattr(datasets, attribute)
    if isinstance(records, dict):
        return records.get(config.huawei_workspace_id) or records[config.ha3_instance_id]
    return records


def values(records: Sequence[Record], path: str) -> set[object]:
    return {get_path(record.doc, path) for record in records}


@pytest.mark.parametrize(
    ("attribute", "default_size"),
    [
        ("huawei_instances", 10),
        ("huawei_endpoints", 10),
        ("pai_eas_services", 100),
        ("ha3_models", 10),
        ("zstack_model_services", 1000),
    ],
)
def test_three_full_pages_and_a_partial_one(
    datasets: Datasets, config: ProviderConfig, attribute: str, default_size: int
) -> None:
    records = records_of(datasets, config, attribute)
    assert len(records) > 3 * default_size
    assert len(records) % default_size != 0


def test_every_enum_value_occurs(datasets: Datasets, config: ProviderConfig) -> None:
    instances = datasets.huawei_instances[config.huawei_workspace_id]
    endpoints = datasets.huawei_endpoints[config.huawei_workspace_id]
    services = datasets.pai_eas_services
    models = datasets.ha3_models[config.ha3_instance_id]
    assert values(instances, "status") == set(INSTANCE_STATUSES)
    assert values(instances, "type") == set(INSTANCE_TYPES)
    assert values(instances, "visibility") == set(VISIBILITIES)
    assert values(endpoints, "type") == set(ENDPOINT_TYPES)
    assert values(endpoints, "status") == set(ENDPOINT_STATUSES)
    assert values(endpoints, "visibility") == set(VISIBILITIES)
    assert values(services, "Status") == set(SERVICE_STATUSES)
    assert len(SERVICE_STATUSES) == 19  # 18 ServiceStatus values + the metadata's Deploying
    assert values(services, "Role") == set(ROLES)
    assert values(services, "TrafficState") == set(TRAFFIC_STATES)
    assert values(services, "SafetyLock") == set(SAFETY_LOCKS)
    assert {record.hidden["service_type"] for record in services} == set(SERVICE_TYPES)
    assert {record.hidden["resource_type"] for record in services} == set(RESOURCE_TYPES)
    assert values(models, "type") == set(MODEL_TYPES)
    assert values(models, "content.modelType") == set(MODEL_TYPES)
    assert values(models, "status") == set(MODEL_STATUSES)
    assert values(models, "content.method") == set(METHODS)


@pytest.mark.parametrize(
    ("attribute", "field"),
    [
        ("huawei_instances", "create_time"),
        ("huawei_endpoints", "create_time"),
        ("pai_eas_services", "CreateTime"),
        ("ha3_models", "createTime"),
        ("zstack_model_services", "createDate"),
    ],
)
def test_create_times_strictly_increase_with_index(
    datasets: Datasets, config: ProviderConfig, attribute: str, field: str
) -> None:
    records = records_of(datasets, config, attribute)
    parsed = [parse_any(str(record.doc[field])) for record in records]
    assert all(moment is not None for moment in parsed)
    assert all(earlier < later for earlier, later in itertools.pairwise(parsed))
    assert [record.keys[field] for record in records] == parsed  # precomputed sort keys agree with the text


def test_time_formats_follow_the_documents(datasets: Datasets, config: ProviderConfig) -> None:
    instance = datasets.huawei_instances[config.huawei_workspace_id][0].doc
    assert instance["create_time"].endswith("Z")  # e.g. 2023-05-30T12:24:30.401Z
    assert "." in instance["create_time"]
    assert datasets.pai_eas_services[0].doc["CreateTime"].endswith("Z")
    assert len(datasets.ha3_models[config.ha3_instance_id][0].doc["createTime"]) == len("2024-05-21 16:05:26")
    assert datasets.zstack_model_services[0].doc["createDate"].endswith(("AM", "PM"))


def test_names_overlap_for_fuzzy_filters(datasets: Datasets, config: ProviderConfig) -> None:
    names = [record.doc["name"] for record in datasets.huawei_instances[config.huawei_workspace_id]]
    assert sum("chat" in name for name in names) >= 3
    assert any(name != name.lower() for name in names)  # mixed case, so case rules are visible
    ha3_names = [record.doc["name"] for record in datasets.ha3_models[config.ha3_instance_id]]
    assert len(set(ha3_names)) == len(ha3_names)  # HA3's item id is the name


def test_item_ids_are_unique(datasets: Datasets, config: ProviderConfig) -> None:
    for records, field in (
        (datasets.huawei_instances[config.huawei_workspace_id], "id"),
        (datasets.huawei_endpoints[config.huawei_workspace_id], "id"),
        (datasets.pai_eas_services, "ServiceId"),
        (datasets.zstack_model_services, "uuid"),
    ):
        ids = [record.doc[field] for record in records]
        assert len(set(ids)) == len(ids)


def test_pai_eas_labels_share_keys_and_some_services_have_none(datasets: Datasets) -> None:
    label_sets = [record.doc["Labels"] for record in datasets.pai_eas_services]
    assert any(not labels for labels in label_sets)
    keys = [label["LabelKey"] for labels in label_sets for label in labels]
    assert len(set(keys)) >= 3
    assert all(keys.count(key) > 10 for key in set(keys))
    assert any(record.doc["WorkspaceId"] == "" for record in datasets.pai_eas_services)


def test_huawei_items_reference_sources_and_endpoints(datasets: Datasets, config: ProviderConfig) -> None:
    instances = datasets.huawei_instances[config.huawei_workspace_id]
    endpoint_ids = {record.doc["id"] for record in datasets.huawei_endpoints[config.huawei_workspace_id]}
    assert {record.doc["endpoint_id"] for record in instances} <= endpoint_ids
    source_ids = [record.doc["source"]["id"] for record in instances]
    assert len(set(source_ids)) < len(source_ids)  # shared sources: source_id matches several items
    endpoints = datasets.huawei_endpoints[config.huawei_workspace_id]
    assert all("model_id" in record.hidden and "model_id" not in record.doc for record in endpoints)


def test_empty_workspace_holds_nothing(datasets: Datasets, config: ProviderConfig) -> None:
    assert datasets.huawei_instances[config.huawei_empty_workspace_id] == ()
    assert datasets.huawei_endpoints[config.huawei_empty_workspace_id] == ()


def test_generation_is_deterministic(config: ProviderConfig) -> None:
    first = build_datasets.__wrapped__(  # bypass the cache: generate twice
        config.huawei_workspace_id, config.huawei_empty_workspace_id, config.ha3_instance_id, 7
    )
    second = build_datasets.__wrapped__(
        config.huawei_workspace_id, config.huawei_empty_workspace_id, config.ha3_instance_id, 7
    )
    assert [item.doc for item in first.pai_eas_services] == [item.doc for item in second.pai_eas_services]
    assert first.zstack_model_services[-1].doc == second.zstack_model_services[-1].doc
