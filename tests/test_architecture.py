"""The import edges of docs/architecture.md hold: a module importing across an edge the table does
not list fails here (the suite importing the provider, a check importing the runner, ...)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ("contract_tests", "reference_provider", "tools")


def allowed_edges(text: str) -> dict[str, tuple[str, ...]]:
    rows = re.findall(r"^\| ((?:contract_tests|reference_provider|tools)[\w.*]*) \|([^|]*)\|$", text, re.M)
    return {name: tuple(t.strip() for t in targets.split(",") if t.strip()) for name, targets in rows}


def owner(module: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The table row a module belongs to: the longest matching package, `test_*` for test modules."""
    parts = module.split(".")
    if parts[0] == "contract_tests" and len(parts) == 2 and parts[1].startswith("test_"):
        return "contract_tests.test_*"
    candidates = [name for name in table if module == name or module.startswith(name + ".")]
    return max(candidates, key=len, default=None)


def imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def crossings(root: Path, table: dict[str, tuple[str, ...]]) -> list[str]:
    found = []
    for package in OURS:
        for path in sorted((root / package).rglob("*.py")):
            module = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
            own = owner(module, table)
            for line, target in imports(path):
                if target.split(".")[0] not in OURS or target == "contract_tests":
                    continue
                if own is None:
                    found.append(f"{path.relative_to(root)}:{line}: {module} has no row in the table")
                    continue
                if own != "contract_tests.test_*" and (target == own or target.startswith(own + ".")):
                    continue
                if not any(target == edge or target.startswith(edge + ".") for edge in table[own]):
                    found.append(f"{path.relative_to(root)}:{line}: {own} imports {target}")
    return found


def test_the_table_names_every_layer() -> None:
    table = allowed_edges((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    layers = {p.name for p in (ROOT / "contract_tests").iterdir() if (p / "__init__.py").exists()}
    assert {f"contract_tests.{layer}" for layer in layers if not layer.startswith("_")} <= set(table)
    assert {"reference_provider", "tools", "contract_tests.test_*"} <= set(table)


def test_no_module_imports_across_a_forbidden_edge() -> None:
    table = allowed_edges((ROOT / "docs" / "architecture.md").read_text(encoding="utf-8"))
    assert not crossings(ROOT, table), "\n".join(crossings(ROOT, table))


def test_a_forbidden_edge_is_found(tmp_path: Path) -> None:
    oracle = tmp_path / "contract_tests" / "oracles"
    oracle.mkdir(parents=True)
    (oracle / "__init__.py").write_text("")
    (oracle / "bad.py").write_text(
        "from reference_provider.records import x\nfrom contract_tests.model import y\n"
    )
    table = {"contract_tests.oracles": ("contract_tests.model",)}
    assert crossings(tmp_path, table) == [
        "contract_tests/oracles/bad.py:1: contract_tests.oracles imports reference_provider.records"
    ]
