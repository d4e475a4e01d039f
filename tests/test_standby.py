"""The worker started before the command line is read: when it starts, that it is used, that it never lingers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formcheck import runner
from formcheck.analysis.analyzer import analyzer_for
from formcheck.io.landmarks_io import read_frames
from formcheck.pose import standby
from formcheck.pose.protocol import PoseSettings


@pytest.fixture(autouse=True)
def no_standby_left() -> object:
    yield
    left = standby.take()
    if left is not None:
        left.close()


@pytest.mark.parametrize(
    ("argv", "cores", "wanted"),
    [
        (["formcheck", "analyze", "clip.mp4"], 2, True),
        (["formcheck", "analyze", "clip.mp4", "-e", "plank", "--jobs", "2"], 2, True),
        (["formcheck", "analyze", "clip.mp4", "--save-landmarks", "out.landmarks.jsonl.gz"], 2, True),
        (["formcheck", "analyze", "clip.mp4"], 1, False),  # no core to spare: the analysis runs in one process
        (["formcheck", "analyze", "clip.mp4", "--jobs", "1"], 2, False),
        (["formcheck", "analyze", "clip.mp4", "--jobs=1"], 2, False),
        (["formcheck", "analyze", "set.landmarks.jsonl.gz"], 2, False),  # nothing to estimate
        (["formcheck", "analyze", "--help"], 2, False),
        (["formcheck", "batch", "videos/"], 2, False),
        (["formcheck"], 2, False),
    ],
)
def test_a_standby_worker_is_wanted_only_where_analyze_will_start_a_worker(
    argv: list[str], cores: int, wanted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("formcheck.workers.available_cores", lambda: cores)
    assert standby.wanted(argv) is wanted


@pytest.mark.model
def test_the_standby_worker_estimates_the_first_segment_and_the_poses_are_the_same(
    samples: Path, tmp_path: Path
) -> None:
    video = samples / "bridging.mp4"
    poses, results = {}, {}
    for name, jobs, started in (("one process", 1, False), ("standby", 2, True), ("spawned", 2, False)):
        waiting = None
        if started:
            standby.start()
            waiting = standby._waiting
        recording = tmp_path / f"{name.replace(' ', '_')}.landmarks.jsonl"
        outcome = runner.analyze_video(
            video, analyzer_for("lying-leg-raise"), pose=PoseSettings("lite"), jobs=jobs, save_landmarks=recording
        )
        if started:
            assert waiting is not None and standby._waiting is None  # taken by the analysis,
            assert waiting.jobs.closed and not waiting.process.is_alive()  # handed the video's only segment, gone
        assert outcome.source.frames == 91
        poses[name], results[name] = list(read_frames(recording)), outcome.result
    for name in ("standby", "spawned"):
        assert all(
            np.array_equal(a.xy, b.xy, equal_nan=True) and np.array_equal(a.visibility, b.visibility)
            for a, b in zip(poses["one process"], poses[name], strict=True)
        )
        assert results[name].reps == results["one process"].reps


@pytest.mark.slow
def test_an_unused_standby_worker_ends_when_let_go() -> None:
    standby.start()
    waiting = standby.take()
    assert waiting is not None and waiting.process.is_alive()
    assert standby.take() is None  # taken once
    waiting.close()
    assert not waiting.process.is_alive() and waiting.process.exitcode == 0
