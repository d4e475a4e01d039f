"""Estimating at the rate the movement needs: which frames of a fast video are estimated, and what the report says."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_frame_loop import FakeEstimator, _factory
from test_sources_and_models import write_video

from formcheck import runner
from formcheck.analysis.analyzer import analyzer_for
from formcheck.io.sources import VideoFileSource
from formcheck.pipeline import RunOutcome
from formcheck.pose.parallel import plan_segments
from formcheck.pose.rate import is_estimated, pose_stride, rate_sentence
from formcheck.report.build import build_report
from formcheck.report.model import Report


@pytest.mark.parametrize(
    ("fps", "stride"),
    [(23.976, 1), (25.0, 1), (29.97, 1), (30.0, 1), (44.0, 1), (50.0, 2), (59.94, 2), (60.0, 2), (120.0, 4)],
)
def test_videos_above_about_30_fps_are_estimated_on_every_nth_frame(fps: float, stride: int) -> None:
    assert pose_stride(fps) == stride
    assert pose_stride(fps, every_frame=True) == 1


@pytest.mark.parametrize("fps", [0.0, -1.0, float("nan"), float("inf")])
def test_an_unknown_frame_rate_estimates_every_frame(fps: float) -> None:
    assert pose_stride(fps) == 1


def test_the_frames_estimated_depend_on_their_index_in_the_video_alone() -> None:
    assert [i for i in range(9) if is_estimated(i, 2)] == [0, 2, 4, 6, 8]
    assert all(is_estimated(i, 1) for i in range(5))
    assert rate_sentence(60.0, 2) == "poses estimated on every 2nd frame (30 a second) of the 60 fps video"
    assert rate_sentence(120.0, 4).startswith("poses estimated on every 4th frame (30 a second)")


def test_a_strided_source_delivers_every_nth_frame_with_its_own_index_and_timestamp(tmp_path: Path) -> None:
    video = tmp_path / "v60.avi"
    write_video(video, n=21, fps=60.0)
    with VideoFileSource(video, prefetch=0) as every:
        all_frames = list(every)
    with VideoFileSource(video, prefetch=2, stride=2) as strided:
        kept = list(strided)
    assert [f.index for f in kept] == list(range(0, 21, 2))
    assert [f.t for f in kept] == [f.t for f in all_frames[::2]]  # real timestamps, never index * 2 / fps guesses
    assert all((a.image == b.image).all() for a, b in zip(kept, all_frames[::2], strict=True))
    assert strided.frames_read == 11 and strided.frames_decoded == 21 and not strided.ended_early
    assert strided.info.frames == 21 and strided.info.duration_s == pytest.approx(21 / 60, abs=1e-3)


def test_a_strided_segment_starting_on_an_odd_frame_keeps_the_video_s_frames(tmp_path: Path) -> None:
    video = tmp_path / "v60.avi"
    write_video(video, n=20, fps=60.0)
    with VideoFileSource(video, prefetch=0, start=5, stop=15, stride=2) as part:
        assert [f.index for f in part] == [6, 8, 10, 12, 14]
    assert part.frames_decoded == 10 and not part.ended_early


def test_analyze_estimates_a_60_fps_video_on_every_second_frame_and_the_report_says_so(tmp_path: Path) -> None:
    video = tmp_path / "v60.avi"
    write_video(video, n=40, fps=60.0)
    made: list[FakeEstimator] = []
    outcome = runner.analyze_video(
        video, analyzer_for("standing-knee-raise", side="auto"), make_estimator=_factory(made)
    )
    assert made[0].seen == list(range(0, 40, 2))
    assert outcome.pose_every == 2 and outcome.source.frames == 40  # the video's frames, not the poses
    report = _report(outcome)
    assert report.input.pose_every == 2 and report.input.pose_fps == 30.0
    document = report.to_json()
    assert document["input"]["pose_every"] == 2 and document["input"]["pose_fps"] == 30.0
    assert Report.from_json(document).input == report.input


def test_every_frame_is_estimated_when_asked_and_at_30_fps(tmp_path: Path) -> None:
    fast, normal = tmp_path / "v60.avi", tmp_path / "v30.avi"
    write_video(fast, n=20, fps=60.0)
    write_video(normal, n=20, fps=30.0)
    for video, every_frame in ((fast, True), (normal, False)):
        made: list[FakeEstimator] = []
        outcome = runner.analyze_video(
            video, analyzer_for("plank", side="auto"), make_estimator=_factory(made), every_frame=every_frame
        )
        assert made[0].seen == list(range(20)) and outcome.pose_every == 1
        assert _report(outcome).input.pose_every == 1


def test_the_terminal_report_says_when_poses_were_estimated_on_fewer_frames(tmp_path: Path) -> None:
    from io import StringIO

    from rich.console import Console

    from formcheck.report.terminal import render

    video = tmp_path / "v60.avi"
    write_video(video, n=20, fps=60.0)
    outcome = runner.analyze_video(video, analyzer_for("plank", side="auto"), make_estimator=_factory([]))
    buffer = StringIO()
    render(_report(outcome), Console(file=buffer, width=200))
    assert "poses estimated on every 2nd frame (30 a second) of the 60 fps video" in buffer.getvalue()


@pytest.mark.parametrize(
    ("seconds", "segments"), [(3.0, 1), (8.0, 1), (19.9, 1), (20.0, 2), (29.0, 2), (31.0, 3), (3600.0, 8)]
)
def test_a_set_of_20_s_or_more_is_cut_in_two_segments_at_least(seconds: float, segments: int) -> None:
    for fps in (24.0, 30.0, 60.0):
        assert len(plan_segments(round(seconds * fps), fps)) == segments


def _report(outcome: RunOutcome) -> Report:
    return build_report(outcome, input_kind="video", input_path="v.avi", model="full")


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_the_60_fps_leg_raise_keeps_its_reps_estimated_at_30_a_second() -> None:
    """fizik_tedavi/leg: the hovering leg blips up as the other rises; at 30 Hz that blip once made a rep."""
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.landmarks_io import read_frames
    from formcheck.pipeline import analyze_poses
    from formcheck.testing.transforms import frame_rate

    frames = list(read_frames(Path(__file__).parent / "data" / "eval" / "fizik_tedavi__leg.landmarks.jsonl.gz"))
    every = analyze_poses(frames, analyzer_for("lying-leg-raise"))
    half = analyze_poses(frame_rate(frames, 30.0), analyzer_for("lying-leg-raise"))
    assert [r.side for r in half.reps] == [r.side for r in every.reps] == ["right", "left", "right"]
    assert all(abs(a.top_s - b.top_s) < 0.1 for a, b in zip(half.reps, every.reps, strict=True))


def test_the_library_and_the_command_line_estimate_at_30_a_second_unless_asked() -> None:
    import inspect

    from formcheck.application import AnalysisOptions
    from formcheck.cli.analyze import analyze_cmd

    assert AnalysisOptions().every_frame is False
    assert inspect.signature(analyze_cmd).parameters["every_frame"].default is False
