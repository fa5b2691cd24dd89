"""Make the repository root importable (`tools.spec_lint`) when pytest runs without an editable install.

`make test` installs the project (`pip install -e .`) and runs `python -m pytest`, which already has it;
a bare `.venv/bin/pytest tests/specs` on a fresh checkout does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = str(Path(__file__).resolve().parents[2])
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)
