"""The one frame loop (``formcheck.pipeline``) with real video decoding and a fake estimator.

The fake stands in for MediaPipe only to make the estimator's behaviour known (which frames it
saw, when it breaks); the same runs with the real model are in test_end_to_end_model.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_sources_and_models import write_video

from formcheck import runner
from formcheck.analysis.analyzer import analyzer_for
from formcheck.core.types import Frame, PoseFrame
from formcheck.io import landmarks_io
from formcheck.pipeline import RunStatus
from formcheck.pose.protocol import EstimatorFactory, PoseEstimator, PoseSettings


class FakeEstimator:
    """Records the frames it is given; a pose whose nose x is the frame index (so pairs can be checked)."""

    def __init__(self, settings: PoseSettings, *, interrupt_after: int | None = None) -> None:
        self.settings = settings
        self.seen: list[int] = []
        self.interrupt_after = interrupt_after
        self.closed = False

    @property
    def model(self) -> str:
        return self.settings.model

    def estimate(self, frame: Frame) -> PoseFrame:
        if self.interrupt_after is not None and len(self.seen) == self.interrupt_after:
            raise KeyboardInterrupt
        self.seen.append(frame.index)
        xy = np.full((33, 2), 10.0)
        xy[0, 0] = frame.index
        height, width = frame.image.shape[:2]
        return PoseFrame(frame.index, frame.t, xy, np.ones(33), (width, height))

    def notes(self) -> list[str]:
        return ["fake estimator"]

    def close(self) -> None:
        self.closed = True

    def __enter__(self) -> FakeEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _factory(made: list[FakeEstimator], **kwargs: int) -> EstimatorFactory:
    def make(settings: PoseSettings) -> PoseEstimator:
        made.append(FakeEstimator(settings, **kwargs))
        return made[-1]

    return make


def test_frame_and_pose_travel_together_and_the_mask_follows_the_analyzer(tmp_path: Path) -> None:
    video = tmp_path / "v.avi"
    write_video(video, n=30)
    made: list[FakeEstimator] = []
    pairs: list[tuple[int, int, float]] = []
    analyzer = analyzer_for("plank", side="auto")  # the plank measures the back contour from the mask
    outcome = runner.analyze_video(
        video,
        analyzer,
        make_estimator=_factory(made),
        frame_observers=[lambda frame, pose, _r: pairs.append((frame.index, pose.index, pose.xy[0, 0]))],
    )
    assert outcome.status is RunStatus.COMPLETE and outcome.source.frames == 30
    assert made[0].settings.with_mask is analyzer.uses_mask is True
    assert made[0].seen == list(range(30)) and made[0].closed
    assert pairs == [(i, i, float(i)) for i in range(30)]
    assert outcome.notes[0] == "fake estimator"  # what the estimator says reaches the report


def test_an_interrupted_extract_never_publishes_a_whole_looking_recording(tmp_path: Path) -> None:
    video = tmp_path / "v.avi"
    write_video(video, n=30)
    out = tmp_path / "run.landmarks.jsonl.gz"
    made: list[FakeEstimator] = []
    outcome = runner.extract_video(video, out, make_estimator=_factory(made, interrupt_after=12))
    assert outcome.status is RunStatus.INTERRUPTED and outcome.source.frames == 12
    assert not out.exists()
    part = out.with_name(out.name + ".part")
    assert part.exists() and any(".part" in note for note in outcome.notes)


def test_a_truncated_video_leaves_its_recording_unpublished(tmp_path: Path) -> None:
    video = tmp_path / "v.avi"
    write_video(video, n=40)
    cut = tmp_path / "cut.avi"
    cut.write_bytes(video.read_bytes()[: video.stat().st_size // 2])
    out = tmp_path / "cut.landmarks.jsonl.gz"
    outcome = runner.analyze_video(
        cut, analyzer_for("standing-knee-raise", side="auto"), make_estimator=_factory([]), save_landmarks=out
    )
    assert outcome.status is RunStatus.TRUNCATED
    assert not out.exists() and out.with_name(out.name + ".part").exists()


def test_a_whole_extract_is_published_and_replays_frame_for_frame(tmp_path: Path) -> None:
    video = tmp_path / "v.avi"
    write_video(video, n=25)
    out = tmp_path / "run.landmarks.jsonl.gz"
    outcome = runner.extract_video(video, out, make_estimator=_factory([]))
    assert outcome.status is RunStatus.COMPLETE and outcome.detected == 25
    frames = list(landmarks_io.read_frames(out))
    assert [f.index for f in frames] == list(range(25))
    assert [f.xy[0, 0] for f in frames] == pytest.approx(list(range(25)))
