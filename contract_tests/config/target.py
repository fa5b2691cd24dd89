"""Where the suite points: base URLs, path ids and credentials, from the environment or a TOML target file.

Precedence for each value: the API's own `[api.<key>]` section of TARGET_FILE, then the file's
`[values]`, then the process environment. `${NAME}` in the file is read from the environment, so
secrets stay in the CI's secret store. Local defaults (targets/local.toml) apply only to the embedded
reference provider, i.e. when neither TARGET nor TARGET_FILE is given.
"""

from __future__ import annotations

import ipaddress
import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from contract_tests.config.scrub import redact_userinfo
from contract_tests.model.specs import ApiSpec, all_specs, declared_credential_variables, project_dir

LOCAL_DEFAULTS = project_dir("targets") / "local.toml"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
# Top-level keys of a TARGET_FILE; inside [values] and [api.<key>] the keys are variable names.
TARGET_FILE_KEYS = ("base_url", "apis", "values", "api")
_VARIABLE_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
# A path id is one segment of RFC 3986 unreserved characters: nothing a URL or server could reinterpret.
_PATH_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")
# Control characters (C0, DEL, C1): never valid in a header or URL, and would corrupt the output.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class TargetError(ValueError):
    """A one-line, user-facing configuration problem."""


@dataclass(frozen=True)
class ApiTarget:
    key: str
    base_url: str
    values: Mapping[str, str]

    @property
    def is_loopback(self) -> bool:
        return is_loopback_url(self.base_url)


@dataclass(frozen=True)
class RateLimit:
    """At most `count` requests per `period` seconds (schemathesis' `N/s`, `N/m`, `N/h`, `N/d`)."""

    count: int
    period: float
    text: str

    @property
    def interval(self) -> float:
        return self.period / self.count


_RATE = re.compile(r"\s*(\d+)\s*/\s*([smhd])\s*")
_PERIODS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_rate_limit(raw: str) -> RateLimit:
    match = _RATE.fullmatch(raw)
    if match is None or int(match.group(1)) < 1:
        raise TargetError(f"RATE_LIMIT must look like 10/s, 300/m, 5000/h or 100000/d (N >= 1), got {raw!r}")
    count, unit = int(match.group(1)), match.group(2)
    return RateLimit(count=count, period=_PERIODS[unit], text=f"{count}/{unit}")


# Defaults a user can rely on: a budget that judges almost every test of a 100x-sized account, and a
# concurrency that hides most of a remote target's latency without bursting a small gateway.
DEFAULT_MAX_REQUESTS = 6000
# Random documented queries per API that the list model judges (contract_tests/test_model_oracle.py).
DEFAULT_MODEL_EXAMPLES = 25
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 32


@dataclass(frozen=True)
class RunSettings:
    request_timeout: float = 10.0
    max_examples: int = 25
    seed: int | None = None
    allow_unsafe_methods: bool = False
    retry_after_max_wait: float = 120.0
    retry_attempts: int = 3
    max_requests: int = DEFAULT_MAX_REQUESTS
    model_examples: int = DEFAULT_MODEL_EXAMPLES
    concurrency: int = DEFAULT_CONCURRENCY
    rate_limit: RateLimit | None = None
    strict: bool = False  # STRICT: advisories fail the run too
    fail_fast: bool = False  # FAIL_FAST: stop at the first failure (runner/fail_fast.py)
    # What a preflight finding does: stop (exit 2), warn (print it, go on) or off; None: the default,
    # `warn` for the embedded provider switched into a variant, `stop` otherwise.
    preflight: str | None = None


PREFLIGHT_MODES = ("stop", "warn", "off")


@dataclass(frozen=True)
class TargetConfig:
    embedded: bool
    apis: tuple[str, ...]
    targets: Mapping[str, ApiTarget]
    settings: RunSettings = field(default_factory=RunSettings)
    source: str = "environment"
    # Variables set both in the environment and in TARGET_FILE, where the file's value is used.
    shadowed: tuple[str, ...] = ()

    def for_api(self, key: str) -> ApiTarget:
        return self.targets[key]

    def unsafe_methods_allowed(self, key: str) -> bool:
        return self.settings.allow_unsafe_methods or self.targets[key].is_loopback


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_local_defaults(path: Path = LOCAL_DEFAULTS) -> dict[str, str]:
    with path.open("rb") as handle:
        return {key: str(value) for key, value in tomllib.load(handle).get("values", {}).items()}


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def parse_flag(environ: Mapping[str, str], name: str) -> bool:
    """The one reading of an on/off variable (STRICT, ALLOW_UNSAFE_METHODS, FAIL_FAST): 1/true/yes/on or
    0/false/no/off/empty, in any case; any other value is a configuration error, never silently off."""
    raw = environ.get(name, "")
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise TargetError(
        f"{name} must be one of {'/'.join(TRUE_WORDS)} (on) or {'/'.join(FALSE_WORDS[:-1])}/empty (off), "
        f"got {raw!r}"
    )


def _number(
    environ: Mapping[str, str], name: str, default: float, kind: type, *, zero_ok: bool = False
) -> float:
    raw = environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise TargetError(f"{name} must be a number, got {raw!r}") from None
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        wanted = "zero or a positive number" if zero_ok else "a positive number"
        raise TargetError(f"{name} must be {wanted}, got {raw!r}")
    return value


def run_settings(environ: Mapping[str, str]) -> RunSettings:
    seed_raw = environ.get("SEED")
    seed = None
    if seed_raw:
        try:
            seed = int(seed_raw)
        except ValueError:
            raise TargetError(f"SEED must be an integer, got {seed_raw!r}") from None
    return RunSettings(
        request_timeout=float(_number(environ, "REQUEST_TIMEOUT", 10.0, float)),
        max_examples=int(_number(environ, "MAX_EXAMPLES", 25, int)),
        seed=seed,
        allow_unsafe_methods=parse_flag(environ, "ALLOW_UNSAFE_METHODS"),
        retry_after_max_wait=float(_number(environ, "RETRY_AFTER_MAX_WAIT", 120.0, float, zero_ok=True)),
        max_requests=int(_number(environ, "MAX_REQUESTS", DEFAULT_MAX_REQUESTS, int)),
        model_examples=int(_number(environ, "MODEL_EXAMPLES", DEFAULT_MODEL_EXAMPLES, int, zero_ok=True)),
        concurrency=_concurrency(environ),
        rate_limit=parse_rate_limit(environ["RATE_LIMIT"]) if environ.get("RATE_LIMIT", "").strip() else None,
        strict=parse_flag(environ, "STRICT"),
        fail_fast=parse_flag(environ, "FAIL_FAST"),
        preflight=_preflight(environ),
    )


def _preflight(environ: Mapping[str, str]) -> str | None:
    raw = environ.get("PREFLIGHT", "").strip().lower()
    if not raw:
        return None
    if raw not in PREFLIGHT_MODES:
        raise TargetError(f"PREFLIGHT must be one of {', '.join(PREFLIGHT_MODES)}, got {raw!r}")
    return raw


def _concurrency(environ: Mapping[str, str]) -> int:
    value = int(_number(environ, "CONCURRENCY", DEFAULT_CONCURRENCY, int))
    if value > MAX_CONCURRENCY:
        raise TargetError(f"CONCURRENCY must be at most {MAX_CONCURRENCY}, got {value}")
    return value


def select_apis(raw: str | Iterable[str] | None, known: Iterable[str]) -> tuple[str, ...]:
    known = tuple(known)
    if raw is None or raw == "" or raw == []:
        return known
    names = [part.strip() for part in (raw.split(",") if isinstance(raw, str) else raw) if part.strip()]
    if not names:
        raise TargetError(f"APIS selects no API; known: {', '.join(known)}")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise TargetError(f"APIS names unknown API {unknown[0]!r}; known: {', '.join(known)}")
    return tuple(dict.fromkeys(names))


def _check_base_url(url: str, origin: str) -> str:
    if _CONTROL.search(url):
        raise TargetError(f"{origin} contains a control character (for example a newline); remove it")
    shown = redact_userinfo(url)  # a password in the URL is never printed
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetError(f"{origin} must be an http(s) URL with a host, got {shown!r}")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise TargetError(f"{origin} has an invalid port: {shown!r}") from None
    return url.rstrip("/")


def _interpolate(value: object, environ: Mapping[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise TargetError(f"{where} refers to ${{{name}}}, which is not set in the environment")
        return environ[name]

    return _INTERPOLATION.sub(replace, str(value))


def _read_target_file(path_text: str) -> dict[str, object]:
    path = Path(path_text)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise TargetError(f"TARGET_FILE {path_text} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise TargetError(f"TARGET_FILE {path_text} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise TargetError(f"TARGET_FILE {path_text} cannot be read: {exc.strerror}") from None


def _check_keys(data: Mapping[str, object], file_path: str) -> None:
    """Unknown keys are refused: a misspelt or invented setting must not silently fall back to a default."""
    for key in data:
        if key not in TARGET_FILE_KEYS:
            raise TargetError(
                f"{file_path}: unknown key `{key}`; known: {', '.join(TARGET_FILE_KEYS)} "
                "(run settings such as REQUEST_TIMEOUT come from the environment)"
            )
    tables = [("values", data.get("values", {}))]
    api = data.get("api", {})
    if isinstance(api, dict):
        tables += [(f"api.{name}", section) for name, section in api.items()]
    for where, table in tables:
        if not isinstance(table, dict):
            continue
        for key in table:
            allowed = _VARIABLE_NAME.fullmatch(str(key)) or (key == "base_url" and where != "values")
            if not allowed:
                known = "UPPER_CASE variable names" + ("" if where == "values" else ", base_url")
                raise TargetError(f"{file_path}: unknown key `{key}` in [{where}]; known: {known}")


def _api_sections(
    data: Mapping[str, object], file_path: str, specs: Mapping[str, ApiSpec]
) -> dict[str, dict]:
    """The file's `[api.<key>]` tables (the `apis` key is the selection list, not sections)."""
    raw = data.get("api", {})
    if not isinstance(raw, dict):
        raise TargetError(f"{file_path}: `api` must be a table of [api.<key>] sections")
    for key, section in raw.items():
        if key not in specs:
            raise TargetError(f"{file_path}: [api.{key}] names an unknown API; known: {', '.join(specs)}")
        if not isinstance(section, dict):
            raise TargetError(f"{file_path}: [api.{key}] must be a table")
    return {key: dict(section) for key, section in raw.items()}


def resolve_target(environ: Mapping[str, str], specs: Mapping[str, ApiSpec]) -> TargetConfig:
    """Build the run's target from the environment (and TARGET_FILE), checking every needed value."""
    settings = run_settings(environ)
    file_path = environ.get("TARGET_FILE", "").strip()
    target_url = environ.get("TARGET", "").strip()
    data = _read_target_file(file_path) if file_path else {}
    _check_keys(data, file_path)
    apis = select_apis(environ.get("APIS") or data.get("apis"), specs)  # type: ignore[arg-type]
    embedded = not file_path and not target_url
    if settings.preflight is None:
        # The embedded provider switched into a variant is a run deliberately against a provider that
        # may refuse the credentials (a faulty variant): its preflight findings are warnings.
        deliberate = embedded and bool(environ.get("REFERENCE_PROVIDER_VARIANT", "").strip())
        settings = replace(settings, preflight="warn" if deliberate else "stop")
    if embedded:
        base_values = {**load_local_defaults(), **{k: v for k, v in environ.items() if k.isupper()}}
        default_url = "http://127.0.0.1:0"  # replaced by the embedded provider's real address
    else:
        base_values = dict(environ)
        default_url = target_url or str(data.get("base_url", ""))
    shared = {
        key: _interpolate(value, environ, f"{file_path} [values].{key}")
        for key, value in dict(data.get("values", {})).items()  # type: ignore[call-overload]
    }
    sections = _api_sections(data, file_path, specs)
    targets: dict[str, ApiTarget] = {}
    missing: list[str] = []
    shadowed: set[str] = set()
    for key in apis:
        section = dict(sections.get(key, {}))
        url = str(section.pop("base_url", "") or default_url)
        origin = (
            f"{file_path} [api.{key}].base_url"
            if "base_url" in sections.get(key, {})
            else ("TARGET" if target_url else f"{file_path} base_url")
        )
        if not url:
            raise TargetError(
                f"{key} has no base URL: set TARGET or base_url in {file_path or 'TARGET_FILE'}"
            )
        if not embedded:
            url = _check_base_url(_interpolate(url, environ, origin), origin)
        own = {
            name: _interpolate(value, environ, f"{file_path} [api.{key}].{name}")
            for name, value in section.items()
        }
        values = {**base_values, **shared, **own}
        shadowed |= {name for name in {**shared, **own} if name in environ and environ[name] != values[name]}
        targets[key] = ApiTarget(key=key, base_url=url, values=values)
        missing += missing_values(specs[key], values)
    if missing:
        # Every missing variable at once: a user should not learn them one run at a time.
        raise TargetError("; ".join(dict.fromkeys(missing)) + "; set them in the environment")
    return TargetConfig(
        embedded=embedded,
        apis=apis,
        targets=targets,
        settings=settings,
        source="embedded reference provider" if embedded else (file_path or "TARGET"),
        shadowed=tuple(sorted(shadowed)),
    )


def check_values(spec: ApiSpec, values: Mapping[str, str]) -> None:
    """Raise a one-line TargetError naming what a selected API needs but lacks or cannot use; a
    credential's value is never part of the message."""
    missing = missing_values(spec, values)
    if missing:
        raise TargetError("; ".join(missing) + "; set them in the environment")


def missing_values(spec: ApiSpec, values: Mapping[str, str]) -> list[str]:
    """What this API needs but lacks, one phrase each; raises TargetError for a value it cannot use."""
    missing = []
    for param, variable in spec.path_parameters().items():
        if variable and not values.get(variable):
            missing.append(f"{spec.key} needs {variable} (the `{param}` path value)")
        elif variable:
            check_path_value(variable, values[variable])
    for variable in credential_variables():
        value = values.get(variable)
        if value and _CONTROL.search(value):
            raise TargetError(
                f"{variable} contains a control character (for example a trailing newline); "
                "remove it (the value is not shown)"
            )
    schemes = spec.security_schemes
    if schemes and not any(all(values.get(var) for var in scheme.credential_vars) for scheme in schemes):
        options = " or ".join("+".join(scheme.credential_vars) for scheme in schemes)
        first_missing = next(var for var in schemes[0].credential_vars if not values.get(var))
        missing.append(f"{spec.key} needs credentials: {first_missing} is not set (accepted: {options})")
    return missing


def credential_variables() -> tuple[str, ...]:
    """Every variable that holds a credential, as the specs' security schemes declare them (their values
    are secrets)."""
    return declared_credential_variables(all_specs())


def check_path_value(variable: str, value: str) -> None:
    """A path id must stay one segment of the documented route: no `/`, `..`, `?`, `%` or controls."""
    if value in (".", "..") or not _PATH_SEGMENT.fullmatch(value):
        shown = "a control character" if _CONTROL.search(value) else repr(value)
        raise TargetError(
            f"{variable} must be one path segment of letters, digits and . _ ~ - (not . or ..), got {shown}"
        )


def with_base_url(config: TargetConfig, base_url: str) -> TargetConfig:
    """The embedded config once its provider has an address."""
    targets = {key: ApiTarget(key, base_url, target.values) for key, target in config.targets.items()}
    return TargetConfig(
        config.embedded, config.apis, targets, config.settings, config.source, config.shadowed
    )
