"""The state of one contract-suite run: target, selected specs, seed, sessions, clients and cached walks."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

import requests

from contract_tests.client import ApiClient
from contract_tests.embedded import TRANSPORT_ENV, EmbeddedProvider, start_embedded
from contract_tests.http import GuardedSession
from contract_tests.specs import ApiSpec, all_specs
from contract_tests.target import TargetConfig, resolve_target, with_base_url
from contract_tests.walk import Walk, walk_pages


class UnreachableTarget(RuntimeError):
    """The target did not answer at all."""


@dataclass
class RunContext:
    target: TargetConfig
    specs: dict[str, ApiSpec]
    seed: int
    provider: EmbeddedProvider | None = None
    _clients: dict[str, ApiClient] = field(default_factory=dict)
    _walks: dict[str, Walk] = field(default_factory=dict)

    def session_for(self, key: str) -> GuardedSession:
        settings = self.target.settings
        session = GuardedSession(
            timeout=settings.request_timeout,
            allow_unsafe_methods=self.target.unsafe_methods_allowed(key),
            retry_after_max_wait=settings.retry_after_max_wait,
            retry_attempts=settings.retry_attempts,
        )
        if self.provider is not None:
            self.provider.mount(session)  # only the transport changes; the guard above stays
        return session

    def client(self, key: str) -> ApiClient:
        if key not in self._clients:
            self._clients[key] = ApiClient(self.specs[key], self.target.for_api(key), self.session_for(key))
        return self._clients[key]

    def full_walk(self, key: str) -> Walk:
        """Every item of the API at its default page size, walked once per run and shared by the tests."""
        if key not in self._walks:
            self._walks[key] = walk_pages(self.client(key))
        return self._walks[key]

    def rng(self, *salt: object) -> random.Random:
        """A deterministic random source per test, derived from the run's seed."""
        return random.Random(f"{self.seed}:" + ":".join(map(str, salt)))

    def close(self) -> None:
        for client in self._clients.values():
            client.session.close()
        if self.provider is not None:
            self.provider.stop()


def build_run(environ: Mapping[str, str]) -> RunContext:
    specs = all_specs()
    target = resolve_target(environ, specs)
    seed = (
        target.settings.seed if target.settings.seed is not None else random.SystemRandom().randrange(2**31)
    )
    provider = None
    if target.embedded:
        values = next(iter(target.targets.values())).values if target.targets else {}
        provider = start_embedded(
            values,
            variant=environ.get("REFERENCE_PROVIDER_VARIANT") or None,
            transport=environ.get(TRANSPORT_ENV) or "http",
        )
        target = with_base_url(target, provider.base_url)
    run = RunContext(
        target=target, specs={key: specs[key] for key in target.apis}, seed=seed, provider=provider
    )
    try:
        check_reachable(run)
    except UnreachableTarget:
        run.close()
        raise
    return run


def check_reachable(run: RunContext) -> None:
    """One request per distinct base URL: a target that does not answer is one clear error, not hundreds."""
    seen: set[str] = set()
    for key in run.specs:
        base_url = run.target.for_api(key).base_url
        if base_url in seen:
            continue
        seen.add(base_url)
        client = run.client(key)
        try:
            client.list({}, with_total=False)
        except requests.ConnectionError as exc:
            reason = _root_reason(exc)
            raise UnreachableTarget(f"cannot reach {base_url} ({key}): {reason}") from None
        except requests.Timeout:
            waited = run.target.settings.request_timeout
            raise UnreachableTarget(
                f"cannot reach {base_url} ({key}): no answer within {waited:.0f} s"
            ) from None


def _root_reason(exc: BaseException) -> str:
    text = str(exc)
    for marker in (
        "Connection refused",
        "Name or service not known",
        "No route to host",
        "timed out",
        "nodename nor servname",
        "Temporary failure in name resolution",
        "certificate verify failed",
    ):
        if marker in text:
            return marker.lower()
    return text.splitlines()[0][:200]
