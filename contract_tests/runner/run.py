"""The state of one contract-suite run: target, selected specs, seed, sessions, clients and cached walks."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests

from contract_tests.config.scrub import SCRUBBER
from contract_tests.config.target import TargetConfig, credential_variables, resolve_target, with_base_url
from contract_tests.model.specs import ApiSpec, all_specs
from contract_tests.oracles.verdicts import AdvisoryLog, VerdictPolicy
from contract_tests.oracles.walk import Walk, walk_pages
from contract_tests.reporting.traffic import TrafficLog
from contract_tests.runner.embedded import TRANSPORT_ENV, EmbeddedProvider, start_embedded
from contract_tests.runner.preflight import PreflightFailed, judge
from contract_tests.transport.client import ApiClient, ListResponse, Params
from contract_tests.transport.gate import BudgetExhausted, GateState, RequestGate
from contract_tests.transport.http import GuardedSession, RateLimited, ResponseTooLarge, RetryBudget


class UnreachableTarget(RuntimeError):
    """The target did not answer at all."""


@dataclass
class RunContext:
    target: TargetConfig
    specs: dict[str, ApiSpec]
    seed: int
    provider: EmbeddedProvider | None = None
    policy: VerdictPolicy = field(default_factory=VerdictPolicy)
    advisories: AdvisoryLog = field(default_factory=AdvisoryLog)
    traffic: TrafficLog = field(default_factory=TrafficLog)
    retry_budget: RetryBudget | None = None
    gate_file: Path | None = None  # the gate's state shared with xdist workers
    property_slices: int = 1  # each property phase as this many tests, one per parallel worker
    preflight_warnings: list[str] = field(default_factory=list)  # PREFLIGHT=warn: said, and run on
    _gate: RequestGate | None = None
    _clients: dict[str, ApiClient] = field(default_factory=dict)
    _walks: dict[tuple[object, ...], Walk | BudgetExhausted] = field(default_factory=dict)

    @property
    def gate(self) -> RequestGate:
        """The run's one gate: request budget, rate limit and dead-target stop for every request."""
        if self._gate is None:
            settings = self.target.settings
            self._gate = RequestGate(
                max_requests=settings.max_requests,
                rate_limit=settings.rate_limit,
                shared_file=self.gate_file,
            )
        return self._gate

    def session_for(self, key: str) -> GuardedSession:
        settings = self.target.settings
        if self.retry_budget is None:
            # One budget for the whole run: every session draws its Retry-After waits from it.
            self.retry_budget = RetryBudget(settings.retry_after_max_wait)
        session = GuardedSession(
            timeout=settings.request_timeout,
            allow_unsafe_methods=self.target.unsafe_methods_allowed(key),
            retry_budget=self.retry_budget,
            retry_attempts=settings.retry_attempts,
            gate=self.gate,
            pool_size=max(10, settings.concurrency),
        )
        if self.provider is not None:
            self.provider.mount(session)  # only the transport changes; the guard above stays
        return session

    def client(self, key: str) -> ApiClient:
        if key not in self._clients:
            spec = self.specs[key]
            concurrency = self.target.settings.concurrency
            client = ApiClient(spec, self.target.for_api(key), self.session_for(key), concurrency=concurrency)
            client.observer = lambda listed: self.traffic.observe(
                spec,
                method=listed.response.request.method or "GET",
                url=listed.response.request.url or "",
                status=listed.status,
                headers=listed.response.headers,
                body=listed.body,
                curl=lambda: listed.curl,
            )
            self._clients[key] = client
        return self._clients[key]

    def full_walk(self, key: str) -> Walk:
        """Every item of the API, walked once per run at the largest page size the documents promise
        is served, and shared by the tests (the model of the list)."""
        size = read_size(self.specs[key])
        walk = self.walk(key, size=size)
        if size is not None and walk.first.status != 200:
            # The documented largest size refused: the page-size tests report that; the model is read
            # at the default size, so no other test is blamed for it.
            return self.walk(key)
        return walk

    def walk(self, key: str, params: Params | None = None, *, size: int | None = None) -> Walk:
        """A walk with these parameters, made once per run; a walk beyond the request budget raises
        BudgetExhausted again for every test that asks for it, without another request."""
        pairs = tuple(params.items()) if isinstance(params, Mapping) else tuple(params or ())
        cache_key = (key, pairs, size)
        if cache_key not in self._walks:
            try:
                self._walks[cache_key] = walk_pages(self.client(key), list(pairs), size=size)
            except BudgetExhausted as exc:
                self._walks[cache_key] = exc
        found = self._walks[cache_key]
        if isinstance(found, BudgetExhausted):
            raise found
        return found

    def rng(self, *salt: object) -> random.Random:
        """A deterministic random source per test, derived from the run's seed."""
        return random.Random(f"{self.seed}:" + ":".join(map(str, salt)))

    def close(self) -> None:
        for client in self._clients.values():
            client.session.close()
        if self.provider is not None:
            self.provider.stop()


def register_secrets(target: TargetConfig) -> None:
    """Tell the scrubber every credential value of the run, and any password in a base URL."""
    for api in target.targets.values():
        for name in credential_variables():
            SCRUBBER.name(name, api.values.get(name))
        parts = urlsplit(api.base_url)
        if parts.password:
            SCRUBBER.add_basic_auth(unquote(parts.username or ""), unquote(parts.password))
            SCRUBBER.add(parts.password)


def read_size(spec: ApiSpec) -> int | None:
    """The page size a model walk reads at: the largest the documents promise is served. None (no
    size sent) where that is the default."""
    paging = spec.semantics.pagination
    promised = paging.promised_max_size
    return None if promised is None or promised == paging.default_size else promised


def build_run(
    environ: Mapping[str, str],
    *,
    embedded_url: str | None = None,
    gate_file: Path | None = None,
    already_sent: GateState | None = None,
    answered: Mapping[str, ListResponse] | None = None,
    check: bool = True,
) -> RunContext:
    """Resolve the target and start what it needs; `embedded_url` reuses an embedded provider that
    another process (the xdist controller) already runs, and `gate_file` shares the request gate with
    the run's other processes; `already_sent` are the requests "-n auto" sent to time the target, which
    the gate counts, and `answered` their plain list answers, which the preflight judges instead of
    asking again."""
    specs = all_specs()
    target = resolve_target(environ, specs)
    register_secrets(target)
    seed = (
        target.settings.seed if target.settings.seed is not None else random.SystemRandom().randrange(2**31)
    )
    provider = None
    if target.embedded and embedded_url:
        target = with_base_url(target, embedded_url)
    elif target.embedded:
        values = next(iter(target.targets.values())).values if target.targets else {}
        provider = start_embedded(
            values,
            variant=environ.get("REFERENCE_PROVIDER_VARIANT") or None,
            transport=environ.get(TRANSPORT_ENV) or "http",
        )
        target = with_base_url(target, provider.base_url)
    run = RunContext(
        target=target,
        specs={key: specs[key] for key in target.apis},
        seed=seed,
        provider=provider,
        policy=VerdictPolicy(strict=target.settings.strict),
        gate_file=gate_file,
    )
    if already_sent is not None:
        run.gate.carry(already_sent.sent, already_sent.next_start)
    if not check:  # an xdist worker: the controller has checked the target already
        return run
    try:
        check_reachable(run, answered or {})
    except (UnreachableTarget, PreflightFailed):
        run.close()
        raise
    return run


def check_reachable(run: RunContext, answered: Mapping[str, ListResponse] | None = None) -> None:
    """The preflight (runner/preflight.py): one plain list request per selected API, before any test.

    A target that does not answer is one clear error, not hundreds; so is a refused credential, a 404
    on the list path or an answer that is not JSON (PREFLIGHT=stop; `warn` records the line and goes
    on). With PREFLIGHT=off only one request per distinct base URL checks that the target answers.
    """
    mode = run.target.settings.preflight or "stop"
    seen: set[str] = set()
    findings: list[str] = []
    for key in run.specs:
        base_url = run.target.for_api(key).base_url
        if mode == "off" and base_url in seen:
            continue
        seen.add(base_url)
        client = run.client(key)
        shown = SCRUBBER.clean(base_url)
        try:
            answer = (answered or {}).get(key) or client.list({}, with_total=False)
        except requests.Timeout:
            waited = run.target.settings.request_timeout
            raise UnreachableTarget(
                f"cannot reach {shown} ({key}): no complete answer within {waited:g} s (REQUEST_TIMEOUT)"
            ) from None
        except requests.ConnectionError as exc:
            reason = _root_reason(exc)
            raise UnreachableTarget(f"cannot reach {shown} ({key}): {reason}") from None
        except (RateLimited, ResponseTooLarge) as exc:
            raise UnreachableTarget(f"{shown} ({key}): {exc}") from None
        except (requests.RequestException, ValueError) as exc:
            # Anything else the transport refuses (a malformed answer, a bad header): one line, no traceback.
            reason = SCRUBBER.clean(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[:200]
            raise UnreachableTarget(f"cannot use {shown} ({key}): {reason}") from None
        if answer.response.is_redirect:
            location = SCRUBBER.clean(answer.response.headers.get("Location", ""))
            raise UnreachableTarget(
                f"{shown} ({key}) answers HTTP {answer.status} redirecting to {location}: the suite does not "
                "follow redirects (credentials never go to another URL); set the final base URL"
            )
        if mode != "off":
            line = judge(run.specs[key], answer, client.target.values)
            findings += [SCRUBBER.clean(line)] if line else []
    if not findings:
        return
    if mode == "warn":
        run.preflight_warnings += [f"{line} (PREFLIGHT=warn: the run goes on)" for line in findings]
        return
    raise PreflightFailed("; ".join(findings) + " (PREFLIGHT=warn runs the suite anyway)")


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
    return SCRUBBER.clean(text.splitlines()[0][:200]) if text else type(exc).__name__
