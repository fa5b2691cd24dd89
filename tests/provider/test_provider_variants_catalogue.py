"""The faulty catalogue as a whole: size, classes, APIs, documentation, and faults kept to their APIs."""

from __future__ import annotations

from collections import Counter

import pytest
from provider_client import ProviderClient, items_key

from reference_provider import ProviderConfig, create_app
from reference_provider.apis import API_NAMES
from reference_provider.variants import VARIANTS, Variant, apis_in_scope

FAULT_CLASSES = {
    "type",
    "envelope",
    "pagination",
    "filter",
    "sort",
    "enum",
    "error",
    "auth",
    "content-type",
    "server-error",
    "api-specific",
}
SEMANTIC_TESTS = {
    "test_every_page_carries_items_and_a_consistent_total",
    "test_request_id_is_returned",
    "test_success_flag_agrees_with_error",
    "test_walk_from_first_page_yields_exactly_total",
    "test_each_page_holds_page_size_while_more_remain",
    "test_default_page_size_applies",
    "test_page_past_the_end_is_empty_and_keeps_total",
    "test_documented_page_size_bounds_work",
    "test_out_of_range_page_size_is_rejected_or_clamped",
    "test_page_numbers_are_based_as_documented",
    "test_echoed_page_parameters_match_the_request",
    "test_filter_returns_exactly_the_matching_items",
    "test_random_documented_queries_agree_with_the_model",
    "test_malformed_credentials_are_refused_as_documented",
    "test_two_filters_combine_as_and",
    "test_label_filter_matches_key_and_value",
    "test_query_condition_operator",
    "test_sort_field_and_order_yield_ordered_output",
    "test_default_order_is_the_documented_one",
    "test_every_enum_field_holds_a_documented_value",
    "test_bad_request_gets_the_documented_error",
    "test_every_item_matches_its_schema",
    "test_documented_defaults_sent_explicitly_give_the_same_page",
    "test_full_walks_at_two_page_sizes_agree",
    "test_enum_filter_values_partition_the_list",
    "test_ascending_is_the_reverse_of_descending",
}
# A short page ends every walk (the walk test fails) and a long one breaks the envelope's page-size
# rule (the envelope test fails), so no fault is caught by this test alone.


def faulty() -> list[Variant]:
    return [variant for variant in VARIANTS.values() if not variant.conformant]


def test_catalogue_covers_every_class_and_every_api() -> None:
    catalogue = faulty()
    assert len(catalogue) >= 52
    assert {variant.cls for variant in catalogue} >= FAULT_CLASSES
    per_api = Counter(api for variant in catalogue for api in apis_in_scope(variant.api))
    assert all(per_api[api] >= 6 for api in API_NAMES), per_api


def test_every_faulty_variant_describes_its_fault_and_cites_the_rule() -> None:
    for variant in faulty():
        assert variant.description.strip(), variant.name
        assert variant.breaks.startswith("seed"), f"{variant.name}: `breaks` cites the seed it violates"
        # Names stay short ("ha3-...", "zstack-..."): their first word is a word of the spec stem.
        assert variant.name.split("-")[0] in variant.api.split("-"), f"{variant.name}: named after its API"


def test_every_semantic_test_is_meant_to_be_the_sole_catcher_of_a_variant() -> None:
    intended = {variant.sole_catcher for variant in faulty() if variant.sole_catcher}
    assert intended <= SEMANTIC_TESTS
    assert intended == SEMANTIC_TESTS


def page_items(client: ProviderClient, api: str) -> object:
    params = (
        {"limit": "3"}
        if api in ("huawei-service-instances", "huawei-endpoints", "zstack-model-services")
        else {}
    )
    return client.json(api, params)[items_key(api)]


@pytest.mark.parametrize("name", sorted(variant.name for variant in faulty()))
def test_a_fault_stays_in_its_apis(name: str, config: ProviderConfig, provider: ProviderClient) -> None:
    changed = ProviderClient(create_app(config, name), config)
    for api in sorted(set(API_NAMES) - set(apis_in_scope(VARIANTS[name].api))):
        assert page_items(changed, api) == page_items(provider, api), api
