"""The catalogue guards staging-sized targets in `make test`: lists of over 1,000 items on every API whose
default page holds 10, and latency variants that run over real loopback HTTP (where waits overlap), in a
worker of their own."""

from __future__ import annotations

from contract_tests.model.specs import all_specs
from reference_provider.variants.conformant.data import LARGE_LISTS
from tools.mutation.catalogue import load_catalogue
from tools.mutation.pool import HTTP_VARIANTS, WAITING_VARIANTS, cost, transport_for


def test_every_api_with_a_ten_item_default_page_has_a_conformant_list_of_over_1000_items() -> None:
    small_pages = {key for key, spec in all_specs().items() if spec.semantics.pagination.default_size == 10}
    assert small_pages  # HA3 and both Huawei APIs
    conformant = [entry for entry in load_catalogue() if entry.conformant and entry.cls == "data"]
    covered = {key for entry in conformant for key in entry.spec_keys if LARGE_LISTS.get(key, 0) > 1000}
    assert small_pages <= covered
    large = {entry.name for entry in conformant if set(entry.spec_keys) <= set(LARGE_LISTS)}
    assert {"ha3-large-list", "huawei-large-lists"} <= large


def test_latency_variants_run_over_http_and_are_scheduled_first() -> None:
    entries = {entry.name: entry for entry in load_catalogue()}
    for name in ("latency-50ms", "latency-jitter"):
        assert entries[name].conformant and name in HTTP_VARIANTS
        assert transport_for(entries[name]) == "http"
        assert cost(entries[name]) > cost(entries["gzip"])
    # They mostly wait for the provider, so they run in a worker of their own beside the two.
    assert {"latency-50ms", "latency-jitter"} == WAITING_VARIANTS and WAITING_VARIANTS <= HTTP_VARIANTS
