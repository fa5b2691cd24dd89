"""contract_tests.oracles.walk and contract_tests.transport.client, over WSGI against small list apps
written here, on a fixture spec: what is sent, how a walk ends, and where its bounds stop it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
import yaml

from contract_tests.config.target import ApiTarget
from contract_tests.model.specs import ApiSpec, load_spec
from contract_tests.oracles.walk import BeyondBudget, walk_pages
from contract_tests.transport.client import ApiClient
from contract_tests.transport.gate import RequestGate
from contract_tests.transport.http import GuardedSession
from contract_tests.transport.wsgi_transport import WSGIAdapter

BASE = "http://127.0.0.1:9"
ITEMS = [{"id": f"t{i:02d}", "name": f"thing {i}"} for i in range(10)]


def _spec(tmp_path: Path, pagination: dict[str, Any], total: str | None = "count") -> ApiSpec:
    x_list: dict[str, Any] = {"items": "data", "item-id": "id", "pagination": pagination}
    if total:
        x_list["total"] = total
        x_list["total-requires"] = {"withCount": "true"}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "things", "version": "1"},
        "paths": {"/v1/{space}/things": {"get": {"operationId": "ListThings", "x-list": x_list}}},
    }
    path = tmp_path / "things.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return load_spec(path)


OFFSET = {
    "style": "offset",
    "offset-param": "offset",
    "size-param": "limit",
    "default-size": 3,
    "out-of-range": "clamp",
}
PAGE = {
    "style": "page",
    "page-param": "page",
    "size-param": "size",
    "first-page": 1,
    "default-size": 4,
    "out-of-range": "clamp",
}


def list_app(
    *,
    total: Callable[[list[Any]], int] | None = len,
    endless: bool = False,
    page_len: int | None = None,
    seen: list[dict[str, Any]],
) -> Callable[..., list[bytes]]:
    """A list server over ITEMS: offset or page paging; `total` reports a count (None: no count),
    `endless` answers every page with the first items, `page_len` ignores the requested size."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        query = {k: v[-1] for k, v in parse_qs(environ["QUERY_STRING"], keep_blank_values=True).items()}
        seen.append({"path": environ["PATH_INFO"], "query": parse_qs(environ["QUERY_STRING"])})
        size = int(query.get("limit", query.get("size", 3)))
        start = int(query["offset"]) if "offset" in query else (int(query.get("page", 1)) - 1) * size
        length = page_len or size
        page = ITEMS[:length] if endless else ITEMS[start : start + length]
        body: dict[str, Any] = {"data": page}
        if total is not None:
            body["count"] = total(ITEMS)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    return app


def _client(
    spec: ApiSpec, app: Callable[..., list[bytes]], *, concurrency: int = 1, gate: RequestGate | None = None
) -> ApiClient:
    session = GuardedSession(timeout=5, allow_unsafe_methods=False, gate=gate)
    session.mount(BASE + "/", WSGIAdapter(app))
    return ApiClient(spec, ApiTarget(spec.key, BASE, {}), session, concurrency=concurrency)


def test_the_client_fills_the_path_and_sends_pairs_and_what_the_total_requires(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET), []
    client = _client(spec, list_app(seen=seen))
    page = client.list(
        [("q", "a=1"), ("q", "b>2"), ("on", True), ("tags", {"k": "v"})], path_values={"space": "w 1"}
    )
    assert seen[0]["path"] == "/v1/w 1/things"
    assert seen[0]["query"] == {
        "q": ["a=1", "b>2"],
        "on": ["true"],
        "tags": ['{"k":"v"}'],
        "withCount": ["true"],
    }
    assert page.status == 200 and page.items == ITEMS[:3] and page.total == 10
    assert page.query["q"] == ["a=1", "b>2"] and page.media_type == "application/json"
    client.list({"withCount": "false"}, with_total=True)
    assert seen[1]["query"]["withCount"] == ["false"]  # a value the caller sent is not overridden
    client.list(with_total=False)
    assert "withCount" not in seen[2]["query"]


def test_a_body_that_is_not_the_list_shape_gives_no_items(tmp_path: Path) -> None:
    spec = _spec(tmp_path, OFFSET)

    def not_json(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("502 Bad Gateway", [("Content-Type", "text/html")])
        return [b"<html>bad gateway</html>"]

    page = _client(spec, not_json).list()
    assert (page.status, page.body, page.items, page.total) == (502, None, None, None)


@pytest.mark.parametrize(
    ("pagination", "size", "requests_sent"), [(OFFSET, None, 4), (OFFSET, 5, 2), (PAGE, 4, 3)]
)
def test_a_walk_visits_every_item_once_and_stops_at_the_total(
    tmp_path: Path, pagination: dict[str, Any], size: int | None, requests_sent: int
) -> None:
    spec, seen = _spec(tmp_path, pagination), []
    walk = walk_pages(_client(spec, list_app(seen=seen)), size=size)
    assert walk.items == ITEMS and walk.failed_page is None and not walk.stopped_by_cap
    assert len(seen) == requests_sent == len(walk.pages)
    assert walk.totals == [10] * requests_sent


def test_without_a_total_a_short_page_ends_the_walk(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET, total=None), []
    walk = walk_pages(_client(spec, list_app(total=None, seen=seen)))
    assert walk.items == ITEMS and len(seen) == 4  # 3 + 3 + 3 + 1


def test_a_provider_that_never_stops_paging_is_bounded(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET, total=None), []
    walk = walk_pages(_client(spec, list_app(total=None, endless=True, seen=seen)))
    assert walk.stopped_by_cap and len(seen) == 2  # the second page repeats the first: nothing new


def test_short_pages_under_a_total_stop_two_pages_past_it(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET), []
    walk = walk_pages(_client(spec, list_app(total=lambda items: 12, endless=True, page_len=1, seen=seen)))
    assert len(seen) == 6  # ceil(12 / 3) + 2: generous, and still finite
    assert walk.stopped_by_cap


def test_a_failed_page_ends_the_walk_and_is_reported(tmp_path: Path) -> None:
    spec, calls = _spec(tmp_path, OFFSET), []

    def fails_on_the_second(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(1)
        if len(calls) == 2:
            start_response("500 Internal Server Error", [("Content-Type", "application/json")])
            return [b'{"error": "boom"}']
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"data": ITEMS[:3], "count": 10}).encode()]

    walk = walk_pages(_client(spec, fails_on_the_second))
    assert len(calls) == 2 and walk.failed_page is not None and walk.failed_page.status == 500
    assert walk.items == ITEMS[:3]


def test_a_concurrent_walk_reads_and_reports_its_pages_in_order(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET), []
    client = _client(spec, list_app(seen=seen), concurrency=4)
    observed: list[str] = []
    client.observer = lambda page: observed.append(page.query["offset"][0])
    walk = walk_pages(client)
    assert walk.items == ITEMS and len(seen) == 4
    assert observed == ["0", "3", "6", "9"]  # the walk's order, whatever order the answers came in


def test_a_list_beyond_the_request_budget_is_not_walked(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET), []
    gate = RequestGate(max_requests=3)
    with pytest.raises(BeyondBudget) as refused:
        walk_pages(_client(spec, list_app(seen=seen), gate=gate))
    assert str(refused.value) == "10 items would need 4 requests, beyond MAX_REQUESTS=3 (2 left)"
    assert len(seen) == 1  # the first page told the total; nothing more was sent


def test_a_walk_whose_purpose_is_a_few_pages_stays_within_them(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET), []
    walk = walk_pages(_client(spec, list_app(seen=seen), concurrency=4), size=1, max_pages=3)
    assert len(seen) == 3 and walk.items == ITEMS[:3] and not walk.stopped_by_cap


def test_a_first_page_that_holds_the_total_ends_the_walk(tmp_path: Path) -> None:
    spec, seen = _spec(tmp_path, OFFSET), []
    walk = walk_pages(_client(spec, list_app(page_len=10, seen=seen), concurrency=4), size=3)
    assert len(seen) == 1 and walk.items == ITEMS  # a size ignored: the total is reached at once
