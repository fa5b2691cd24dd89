"""Reproduce one request the suite sent, as printed in a failure: re-signed now with the credentials
in the environment, because a signed request (ACS3, SDK-HMAC-SHA256) carries a time and a nonce and
can never be replayed byte for byte.

    listapi-contracts replay 'https://host/api/v2/services?PageSize=3'

The API is found by matching the URL's path against the specs' routes; its credentials and settings
come from the same configuration as a run's (config/target.py): the environment, or TARGET_FILE with
its `[api.<key>]` and `[values]` sections and `${NAME}` secrets, and REQUEST_TIMEOUT as the run
validates it. The request goes to the URL as given. Read-only: only GET is sent.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import TextIO
from urllib.parse import parse_qsl, unquote, urlsplit

from contract_tests.config.scrub import SCRUBBER
from contract_tests.config.target import TargetError, credential_variables, resolve_target
from contract_tests.model.specs import ApiSpec, all_specs
from contract_tests.transport.client import build_auth
from contract_tests.transport.http import GuardedSession

BODY_SHOWN = 4000


class ReplayError(ValueError):
    """The URL matches no spec, or the environment lacks a credential the API needs."""


def match_route(specs: Mapping[str, ApiSpec], url: str) -> tuple[ApiSpec, dict[str, str]]:
    """(spec, path values) for the spec whose route the URL's path ends with."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ReplayError(f"not an http(s) URL: {url!r}")
    for spec in specs.values():
        names = re.findall(r"\{([^}]+)\}", spec.route)
        pattern = re.escape(spec.route)
        for name in names:
            pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>[^/]+)")
        found = re.search(pattern + "$", parts.path)
        if found:
            return spec, {name: unquote(value) for name, value in found.groupdict().items()}
    raise ReplayError(f"{parts.path} is the route of no spec ({', '.join(specs)})")


def replay(url: str, environ: Mapping[str, str], out: TextIO = sys.stdout) -> int:
    specs = all_specs()
    spec, path_values = match_route(specs, url)
    parts = urlsplit(url)
    # The run's own resolution, for this one API: TARGET_FILE's sections and values, then the
    # environment; the path ids are the URL's, and TARGET (the URL's origin) only keeps the local
    # defaults of the embedded provider out of it.
    given = {**environ, "APIS": spec.key, "TARGET": f"{parts.scheme}://{parts.netloc}"}
    for name, variable in spec.path_parameters().items():
        if variable:
            given[variable] = path_values[name]
    try:
        config = resolve_target(given, specs)
    except TargetError as error:
        raise ReplayError(str(error)) from None
    values = config.for_api(spec.key).values
    for name in credential_variables():
        SCRUBBER.name(name, values.get(name))
    query = parse_qsl(parts.query, keep_blank_values=True)
    timeout = config.settings.request_timeout
    with GuardedSession(timeout=timeout, allow_unsafe_methods=False) as session:
        response = session.get(
            f"{parts.scheme}://{parts.netloc}{parts.path}", params=query, auth=build_auth(spec, values)
        )
    media = response.headers.get("Content-Type", "(no content type)")
    out.write(f"{spec.key} {spec.operation_id}: HTTP {response.status_code} {media}\n")
    out.write(SCRUBBER.clean(response.text[:BODY_SHOWN]) + "\n")
    return 0
