"""Each generated client, signed through httpx auth, pages through every item of the reference provider."""

from __future__ import annotations

import inspect
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from codegen_support import (
    SPEC_DIR,
    SPEC_STEMS,
    Generated,
    client_package,
    dig,
    known_gap,
    list_operation,
    list_response_schema,
    load_models,
    operation_module,
)

from contract_tests.codegen.auth import auth_for_operation, credentials, security_kinds
from contract_tests.codegen.generate import SpecOutcome, discover_specs

pytestmark = pytest.mark.slow

REQUEST_TIMEOUT_SECONDS = 10.0
MAX_PAGES = 500  # bounded walk, far above any seeded data set


def _walks() -> list[tuple[str, str]]:
    """(spec, x-auth-kind) for every scheme each list operation accepts."""
    pairs = []
    for target in discover_specs(SPEC_DIR):
        document = target.load()
        for kind in security_kinds(document, list_operation(document)["operationId"]):
            pairs.append((target.stem, kind))
    return pairs


def _arguments(function: Callable[..., Any]) -> dict[str, str]:
    """Wire parameter name (normalised) -> the generated function's argument name."""
    return {
        name.rstrip("_").replace("_", "").lower(): name for name in inspect.signature(function).parameters
    }


@dataclass
class ListCall:
    """One list operation of a generated client, with the spec's x-list facts."""

    outcome: SpecOutcome
    document: dict[str, Any]
    operation: dict[str, Any]
    client: Any

    @property
    def x_list(self) -> dict[str, Any]:
        return self.operation["x-list"]

    def argument(self, wire_name: str) -> str:
        arguments = _arguments(operation_module(self.outcome, self.operation["operationId"]).sync_detailed)
        return arguments[wire_name.replace("_", "").lower()]

    def fixed_arguments(self, values: Mapping[str, str]) -> dict[str, Any]:
        fixed: dict[str, Any] = {}
        parameters = {p["name"]: p for p in self.operation.get("parameters", [])}
        for name, parameter in parameters.items():
            if parameter["in"] == "path":
                fixed[self.argument(name)] = values[parameter["x-target-var"]]
        for name, wire in self.x_list.get("total-requires", {}).items():
            boolean = parameters[name].get("schema", {}).get("type") == "boolean"
            fixed[self.argument(name)] = wire == "true" if boolean else wire
        return fixed

    def fetch(self, arguments: dict[str, Any]) -> tuple[httpx.Response, dict[str, Any]]:
        module = operation_module(self.outcome, self.operation["operationId"])
        unexpected_status = client_package(self.outcome).errors.UnexpectedStatus
        with known_gap(self.outcome.target.stem, "walk"):
            try:
                response = module.sync_detailed(client=self.client, **arguments)
            except unexpected_status as exc:  # the client has no parser for this status
                raise AssertionError(f"the generated client cannot parse status {exc.status_code}") from exc
            assert response.status_code == 200, f"{response.status_code}: {response.content[:300]!r}"
            parsed = response.parsed
            assert type(parsed).__module__.startswith(f"{self.outcome.target.package_name}.models"), (
                f"the generated client left the 200 body unparsed ({type(parsed).__name__})"
            )
        body: dict[str, Any] = parsed.to_dict()
        return httpx.Response(200, content=response.content), body


def _list_call(outcome: SpecOutcome, provider_url: str, kind: str, **httpx_args: Any) -> ListCall:
    document = outcome.target.load()
    operation = list_operation(document)
    auth = auth_for_operation(document, operation["operationId"], credentials(), kind)
    client = client_package(outcome).Client(
        base_url=provider_url,
        timeout=httpx.Timeout(REQUEST_TIMEOUT_SECONDS),
        raise_on_unexpected_status=True,
        httpx_args={"auth": auth, **httpx_args},
    )
    return ListCall(outcome, document, operation, client)


def _page_size(pagination: dict[str, Any], total: int) -> int:
    """About a third of the data per page, so a walk takes several pages, within the documented bounds."""
    size = max(1, total // 3, pagination.get("min-size", 1))
    return min(size, pagination.get("max-size", size))


def _walk(call: ListCall) -> tuple[int, list[str], int]:
    """Walk pages until the total is seen; returns (total, item ids in order, pages fetched)."""
    x_list, pagination = call.x_list, call.x_list["pagination"]
    fixed = call.fixed_arguments(credentials())
    size_argument = call.argument(pagination["size-param"])
    by_page = pagination["style"] == "page"
    position_argument = call.argument(pagination["page-param"] if by_page else pagination["offset-param"])
    position = pagination.get("first-page", 1) if by_page else 0
    response_model = getattr(load_models(call.outcome), list_response_schema(call.document))

    _, first = call.fetch(
        {**fixed, size_argument: pagination.get("min-size", 1), position_argument: position}
    )
    total = dig(first, x_list["total"])
    assert isinstance(total, int) and total >= 2, f"the provider should hold at least 2 items, total={total}"
    size = _page_size(pagination, total)
    ids: list[str] = []
    pages = 0
    while len(ids) < total and pages < MAX_PAGES:
        raw, body = call.fetch({**fixed, size_argument: size, position_argument: position})
        response_model.model_validate_json(raw.content)  # the pydantic models accept the live body too
        assert dig(body, x_list["total"]) == total, "total changed during the walk"
        items = dig(body, x_list["items"])
        if not items:
            break
        ids += [str(dig(item, x_list["item-id"])) for item in items]
        pages += 1
        position += 1 if by_page else size
    return total, ids, pages


@pytest.mark.parametrize(("stem", "kind"), _walks())
def test_the_generated_client_walks_every_page(
    generated: Generated, provider_url: str, stem: str, kind: str
) -> None:
    total, ids, pages = _walk(_list_call(generated.outcomes[stem], provider_url, kind))
    duplicates = sorted(item for item, seen in Counter(ids).items() if seen > 1)
    assert not duplicates, f"items seen on more than one page: {duplicates}"
    assert len(ids) == total, f"walked {len(ids)} items in {pages} pages, total says {total}"
    assert pages >= 2, "the walk should span several pages"


def test_every_spec_has_a_walk() -> None:
    assert {stem for stem, _kind in _walks()} == set(SPEC_STEMS)


def test_pai_eas_label_filter_reaches_the_provider_through_httpx_params(
    generated: Generated, provider_url: str
) -> None:
    """openapi-python-client drops the JSON-in-query `Label`; docs/codegen.md sends it via httpx params."""
    outcome = generated.outcomes["pai-eas-services"]
    everything = _list_call(outcome, provider_url, "acs3-hmac-sha256")
    size_argument = everything.argument("PageSize")
    _, body = everything.fetch({size_argument: 100})
    labelled = [item for item in body["Services"] if item.get("Labels")]
    assert labelled, "the provider's PAI-EAS data should carry labels"
    label = labelled[0]["Labels"][0]
    wanted = {label["LabelKey"]: label["LabelValue"]}

    filtered = _list_call(outcome, provider_url, "acs3-hmac-sha256", params={"Label": json.dumps(wanted)})
    _, page = filtered.fetch({size_argument: 100})
    matched = [item["ServiceId"] for item in page["Services"]]
    assert labelled[0]["ServiceId"] in matched
    for item in page["Services"]:
        assert {"LabelKey": label["LabelKey"], "LabelValue": label["LabelValue"]} in item.get("Labels", [])
    assert page["TotalCount"] <= body["TotalCount"]
