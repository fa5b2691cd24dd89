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


def test_the_bench_plans_as_many_steps_as_it_takes(monkeypatch, tmp_path) -> None:
    """The estimate is only as good as its total: every measured process of a section is one step."""
    import contextlib

    import tools.bench as bench

    class FakeProvider:
        base_url = "http://127.0.0.1:9"

        def offset(self) -> int:
            return 0

        def requests_since(self, offset: int) -> list[tuple[str, str]]:
            return []

    fake_run = bench.PytestRun(returncode=1, session=1.0, wall=1.0, output="", per_api={})
    monkeypatch.setattr(bench, "run_pytest", lambda *args, **kwargs: fake_run)
    monkeypatch.setattr(bench, "provider", lambda *a, **k: contextlib.nullcontext(FakeProvider()))
    steps: list[Progress] = []
    real_progress = bench.Progress

    def recording_progress(total: int) -> Progress:
        steps.append(real_progress(total, stream=io.StringIO()))
        return steps[-1]

    monkeypatch.setattr(bench, "Progress", recording_progress)
    assert bench.main(["--runs", "2", "--only", "full,ttff,scaling", "--reports", str(tmp_path)]) == 0
    (progress,) = steps
    assert (
        progress.total
        == progress.done
        == 2 * 2 + 2 * len(bench.FAULTY_SAMPLE) + bench.SCALE_RUNS * len(bench.SCALES)
    )
