"""Optional: openapi-typescript types for every spec, type-checked by tsc --strict against the examples.

Runs only where node and npx are on PATH (npx fetches openapi-typescript@7 and typescript@5 from npm).
Measured: about 12 s with a warm npx cache, 28 s cold.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from codegen_support import SPEC_DIR, Generated

from contract_tests.codegen.generate import (
    TYPESCRIPT,
    discover_specs,
    generate_typescript,
    typescript_skip_reason,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(typescript_skip_reason() is not None, reason=f"Node: {typescript_skip_reason()}"),
]

TSC_TIMEOUT_SECONDS = 120.0


@pytest.fixture(scope="session")
def typescript_check(generated: Generated) -> Path:
    return generate_typescript(discover_specs(SPEC_DIR), generated.out, TSC_TIMEOUT_SECONDS)


def test_every_spec_has_types_that_accept_its_examples(typescript_check: Path) -> None:
    for target in discover_specs(SPEC_DIR):
        assert (typescript_check.parent / f"{target.stem}.d.ts").stat().st_size > 0
    assert "export const" in typescript_check.read_text(encoding="utf-8")


def test_tsc_rejects_a_mistyped_example(typescript_check: Path) -> None:
    mistyped = typescript_check.parent / "mistyped.ts"
    mistyped.write_text(
        'import type { components } from "./huawei-service-instances";\n'
        'export const page: components["schemas"]["ListServicesInstancesResponse"] = '
        '{"total": "many", "service_instances": []};\n',
        encoding="utf-8",
    )
    argv = ["npx", "--yes", "-p", TYPESCRIPT, "tsc", "--noEmit", "--strict", str(mistyped)]
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=TSC_TIMEOUT_SECONDS, check=False)
    assert completed.returncode != 0
    assert "error TS2322" in completed.stdout, completed.stdout
