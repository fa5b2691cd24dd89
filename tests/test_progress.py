"""tools.progress: an estimate of the time left on a terminal, silence in a log."""

from __future__ import annotations

import io

from tools.progress import Progress, format_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_estimate_from_the_mean_step_time() -> None:
    clock, out = Clock(), io.StringIO()
    progress = Progress(4, stream=out, clock=clock, interactive=True)
    assert progress.eta() is None
    clock.now += 10
    progress.step("first")
    clock.now += 10
    progress.step("second")
    assert progress.eta() == 20.0
    clock.now += 10
    progress.step("third")
    progress.step("last")
    lines = out.getvalue().splitlines()
    assert lines[0] == "[1/4] first, about 30s left"
    assert lines[1] == "[2/4] second, about 20s left"
    assert lines[3] == "[4/4] last"  # no estimate once done


def test_quiet_when_not_a_terminal() -> None:
    out = io.StringIO()  # StringIO is not a tty
    progress = Progress(2, stream=out)
    progress.step("one")
    assert out.getvalue() == "" and progress.done == 1


def test_format_seconds() -> None:
    assert [format_seconds(s) for s in (0, 59.4, 61, 3600)] == ["0s", "59s", "1m01s", "60m00s"]
