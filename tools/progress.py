"""Progress of long work (mutation, codegen, bench) with an estimate of the time left.

On a terminal each finished step prints one line with its count and the estimated time left; when the
output is not a terminal (CI logs, pipes) the per-step lines are left out and only the final lines of
each tool are printed, so logs stay short.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO


def format_seconds(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}m{rest:02d}s" if minutes else f"{rest}s"


@dataclass
class Progress:
    total: int
    stream: TextIO = field(default_factory=lambda: sys.stdout)
    clock: Callable[[], float] = time.monotonic
    interactive: bool | None = None  # None: only when the stream is a terminal
    done: int = 0
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()
        if self.interactive is None:
            self.interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def eta(self) -> float | None:
        """Seconds left, from the mean time per finished step; None before the first one."""
        if not self.done:
            return None
        per_step = (self.clock() - self.started) / self.done
        return per_step * (self.total - self.done)

    def step(self, what: str) -> None:
        self.done += 1
        if not self.interactive:
            return
        left = self.eta()
        estimate = (
            f", about {format_seconds(left)} left" if left is not None and self.done < self.total else ""
        )
        self.stream.write(f"[{self.done}/{self.total}] {what}{estimate}\n")
        self.stream.flush()
