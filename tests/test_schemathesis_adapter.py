"""schemathesis internals live in one adapter module, checked against one pinned release."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import schemathesis

from contract_tests.runner import schemathesis_adapter

ROOT = Path(__file__).resolve().parents[1]
# Modules of schemathesis that are not its public API (`schemathesis.__all__`, `schemathesis.checks`,
# `schemathesis.errors`, `schemathesis.openapi`, `schemathesis.config`, the built-in check functions,
# and the requests transport the guarded transport subclasses).
INTERNAL = re.compile(r"^schemathesis\.(core|pytest|generation|engine)(\.|$)")


def _schemathesis_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("schemathesis")
    }


def test_the_adapter_was_checked_against_the_installed_and_locked_release() -> None:
    locked = re.search(r"^schemathesis==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M)
    assert locked is not None
    # A schemathesis upgrade fails here until someone reads the adapter's internals again.
    assert schemathesis.__version__ == locked.group(1) == schemathesis_adapter.CHECKED_AGAINST


def test_only_the_adapter_imports_schemathesis_internals() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(filter(INTERNAL.match, _schemathesis_imports(path)))
        for path in (ROOT / "contract_tests").rglob("*.py")
        if path.name != "schemathesis_adapter.py"
    }
    assert {name: found for name, found in offenders.items() if found} == {}
    assert any(map(INTERNAL.match, _schemathesis_imports(Path(schemathesis_adapter.__file__))))
