"""Make the repository root importable (`tools.spec_lint`, `tools.seed_facts`) however pytest is started.

`python -m pytest` from the root already has it (pyproject's `pythonpath`); a bare
`.venv/bin/pytest tests/specs` from elsewhere may not.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = str(Path(__file__).resolve().parents[2])
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)
