"""Schemathesis CLI hook for the plain baseline: sign PAI-EAS / HA3 requests with ACS3, as a user would.

Loaded through SCHEMATHESIS_HOOKS=tools.baseline_hooks; the signer is the same requests auth the suite
uses, attached to the final call so the signature covers the query actually sent.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis

from contract_tests.transport.signing import Acs3Auth


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: schemathesis.Case, kwargs: dict[str, Any]) -> None:
    action, version = os.environ.get("BASELINE_ACS3_ACTION"), os.environ.get("BASELINE_ACS3_VERSION")
    if action and version:
        kwargs["auth"] = Acs3Auth(
            os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"],
            os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"],
            action,
            version,
        )
