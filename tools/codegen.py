"""`make codegen`: the package's code generation (contract_tests/codegen/generate.py, also
`listapi-contracts codegen`), with the checkout's progress lines and their estimate of the time left.

    python -m tools.codegen --out build/codegen [--specs specs] [--allow-warnings] [--typescript MODE]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from contract_tests.codegen import generate
from tools.progress import Progress


def main(argv: Sequence[str] | None = None) -> int:
    return generate.main(argv, prog="python -m tools.codegen", progress=Progress)


if __name__ == "__main__":
    sys.exit(main())
