"""Values no target holds (ids, secrets), drawn from the run's seed so a rerun with SEED sends the same."""

from __future__ import annotations

import random


def unknown_id(rng: random.Random) -> str:
    """An id no target holds, drawn from the run's seed so a rerun with SEED sends the same one."""
    return f"contracttest-unknown-{rng.getrandbits(64):016x}"


def unknown_secret(rng: random.Random) -> str:
    """A credential that cannot be valid (a wrong token, session or signing key), from the run's seed."""
    return f"contracttest{rng.getrandbits(128):032x}"
