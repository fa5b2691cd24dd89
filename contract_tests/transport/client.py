"""One API's list operation as the semantic tests call it: credentials, path ids, and the last exchange."""

from __future__ import annotations

import json
import random
import secrets
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import requests
from requests.auth import AuthBase

from contract_tests.config.target import ApiTarget
from contract_tests.model.body import MISSING, dig, item_key
from contract_tests.model.fabricated import unknown_secret
from contract_tests.model.specs import ApiSpec, SecurityScheme
from contract_tests.transport.gate import RequestGate
from contract_tests.transport.http import curl_command
from contract_tests.transport.signing import auth_for

Params = Mapping[str, Any] | list[tuple[str, Any]]


@dataclass(frozen=True)
class ListResponse:
    response: requests.Response
    body: Any
    items: list[Any] | None
    total: Any

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def curl(self) -> str:
        return curl_command(self.response.request)

    @property
    def query(self) -> dict[str, list[str]]:
        """The query exactly as sent (each name maps to all its values)."""
        return parse_qs(urlsplit(self.response.request.url or "").query, keep_blank_values=True)

    @property
    def media_type(self) -> str:
        return self.response.headers.get("Content-Type", "").split(";")[0].strip().lower()

    def release_bytes(self) -> None:
        """Drop the raw body once it is parsed (`body` keeps it); the request, for curl, stays."""
        self.response._content = b""


def choose_scheme(spec: ApiSpec, values: Mapping[str, str]) -> SecurityScheme | None:
    """The first declared scheme whose credentials are all present (the target check guarantees one)."""
    for scheme in spec.security_schemes:
        if all(values.get(name) for name in scheme.credential_vars):
            return scheme
    return None


def build_auth(
    spec: ApiSpec, values: Mapping[str, str], scheme: SecurityScheme | None = None
) -> AuthBase | None:
    scheme = scheme or choose_scheme(spec, values)
    if scheme is None:
        return None
    return auth_for(scheme.kind, values, scheme=scheme, action=spec.operation_id)


def corrupt_credentials(
    spec: ApiSpec,
    values: Mapping[str, str],
    scheme: SecurityScheme | None = None,
    rng: random.Random | None = None,
) -> dict[str, str]:
    """The same identity with a wrong secret: a token, session or signing key that cannot be valid."""
    scheme = scheme or choose_scheme(spec, values)
    corrupted = dict(values)
    if scheme is None:
        return corrupted
    names = scheme.credential_vars
    # Keep the key id (first of two) so the server sees a known identity with a bad signature.
    secret_name = names[-1]
    # From the run's seed when given, so a rerun with SEED sends the same requests.
    corrupted[secret_name] = unknown_secret(rng) if rng else "contracttest" + secrets.token_hex(16)
    return corrupted


class ApiClient:
    def __init__(
        self, spec: ApiSpec, target: ApiTarget, session: requests.Session, *, concurrency: int = 1
    ) -> None:
        self.spec = spec
        self.target = target
        self.session = session
        self.concurrency = concurrency
        self.auth = build_auth(spec, target.values)
        self.observer: Callable[[ListResponse], None] | None = None  # sees every response read
        # Every item seen, by id: equal items of many walks share one object (see `_intern`).
        self._items: dict[str, Any] = {}

    @property
    def gate(self) -> RequestGate | None:
        """The run's request gate the session sends through (None for a plain session)."""
        return getattr(self.session, "gate", None)

    def requests_left(self) -> int | None:
        """What the run's request budget still allows, or None when the session has no budget."""
        return self.gate.remaining() if self.gate is not None else None

    def path_values(self) -> dict[str, str]:
        return {
            param: self.target.values.get(var or "", "") for param, var in self.spec.path_parameters().items()
        }

    def url(self, path_values: Mapping[str, str] | None = None) -> str:
        values = {**self.path_values(), **(path_values or {})}
        route = self.spec.route
        for name, value in values.items():
            route = route.replace("{" + name + "}", quote(str(value), safe=""))
        return self.target.base_url + route

    def list(
        self,
        params: Params | None = None,
        *,
        auth: AuthBase | str | None = "default",
        path_values: Mapping[str, str] | None = None,
        with_total: bool = True,
        observe: bool = True,
    ) -> ListResponse:
        """GET the list; `auth="default"` signs with the target's credentials, None sends none."""
        query = list(params.items()) if isinstance(params, Mapping) else list(params or [])
        if with_total:
            sent = {name for name, _ in query}
            query += [(k, v) for k, v in self.spec.semantics.total_requires.items() if k not in sent]
        query = [(name, _wire(value)) for name, value in query]
        chosen = self.auth if auth == "default" else auth
        response = self.session.get(self.url(path_values), params=query, auth=chosen)  # type: ignore[arg-type]
        listed = parse_list_response(self.spec, response)
        if observe and self.observer is not None:
            self.observer(listed)
        if listed.items:
            self._intern(listed.items)
        return listed

    def _intern(self, items: list[Any]) -> None:
        """Replace each item, in place, by an equal one seen before. A 100,000-item list walked in ten
        orders then holds its items once, not ten times; an item that differs keeps its own object."""
        id_field = self.spec.semantics.item_id
        if not id_field:
            return
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            key = item_key(item, id_field)
            known = self._items.setdefault(key, item)
            if known is not item and known == item:
                items[index] = known

    def list_many(self, queries: Sequence[Params]) -> list[ListResponse]:
        """GET the list once per query, up to `concurrency` at a time (independent pages of one walk).

        The answers come back, and are observed, in the order of `queries`, whatever order they arrive
        in: reports and curl lines stay the same from run to run. The first query that raised re-raises
        once all are done, after the answers before it were observed.
        """
        if self.concurrency <= 1 or len(queries) <= 1:
            return [self.list(query) for query in queries]
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(queries))) as pool:
            futures: list[Future[ListResponse]] = [
                pool.submit(self.list, query, observe=False) for query in queries
            ]
        pages: list[ListResponse] = []
        for future in futures:
            error = future.exception()
            if error is not None:
                raise error
            page = future.result()
            if self.observer is not None:
                self.observer(page)
            pages.append(page)
        return pages


def parse_list_response(spec: ApiSpec, response: requests.Response) -> ListResponse:
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    items = total = None
    if isinstance(body, dict):
        found = dig(body, spec.semantics.items)
        items = found if isinstance(found, list) else None
        if spec.semantics.total is not None:
            total = dig(body, spec.semantics.total)
            total = None if total is MISSING else total
    return ListResponse(response=response, body=body, items=items, total=total)


def _wire(value: Any) -> Any:
    """Query values as providers expect them: JSON booleans lower-case, objects as JSON text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value
