"""Every core on one video: segment plans, mask packing, and segmented estimation with the real model."""

from __future__ import annotations

import itertools
import logging
import math
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_sources_and_models import write_video

from formcheck import runner
from formcheck.analysis.analyzer import analyzer_for
from formcheck.core.types import PoseFrame
from formcheck.errors import SourceError
from formcheck.io.sources import VideoFileSource
from formcheck.pipeline import RunStatus
from formcheck.pose.masks import PackedMask
from formcheck.pose.parallel import (
    OVERLAP_S,
    Segment,
    SegmentedPoses,
    plan_segments,
    same_person,
    split_segments,
)
from formcheck.pose.protocol import PoseSettings, open_estimator


@pytest.mark.parametrize(("frames", "fps", "jobs"), [(500, 24.0, 2), (7200, 30.0, 4), (1001, 29.97, 3)])
def test_segments_cover_every_frame_once_with_a_warm_up_before_each(frames: int, fps: float, jobs: int) -> None:
    segments = split_segments(frames, fps, jobs)
    assert len(segments) == jobs and segments[0].start == segments[0].warm_from == 0 and segments[-1].stop is None
    for before, after in itertools.pairwise(segments):
        assert before.stop == after.start  # no gap, no frame twice
        assert after.start - after.warm_from == round(OVERLAP_S * fps)
    work = [(c.stop if c.stop is not None else frames) - c.warm_from for c in segments]
    assert max(work) - min(work) <= 1  # warm-up frames count: no worker waits for another


def test_later_segments_are_shorter_by_what_their_seek_decodes() -> None:
    keyframes = [0, 128, 256, 384]
    segments = split_segments(500, 24.0, 2, keyframes=keyframes, skip_cost=0.2)
    first, second = segments
    seek = 0.2 * (second.warm_from - 128)  # decoded from the keyframe before its warm-up, then dropped
    assert abs(first.stop - (500 - second.warm_from + seek)) <= 1  # equal work, the seek counted
    assert split_segments(500, 24.0, 2, keyframes=[]) == split_segments(500, 24.0, 2)  # every frame a keyframe


def test_keyframes_are_read_from_the_sample_table_and_other_files_have_none(tmp_path: Path) -> None:
    from formcheck.io.keyframes import mp4_keyframes

    assert mp4_keyframes(Path(__file__).resolve().parents[1] / "sample_videos" / "bridging.mp4") == [0]
    avi = tmp_path / "v.avi"
    write_video(avi, n=5)
    assert mp4_keyframes(avi) is None
    (tmp_path / "cut.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 7)
    assert mp4_keyframes(tmp_path / "cut.mp4") is None


def test_segments_depend_on_the_video_alone() -> None:
    assert len(plan_segments(100, 30.0)) == 1  # 3.3 s: one piece
    assert len(plan_segments(0, 30.0)) == 1  # unknown length
    assert len(plan_segments(500, 23.976)) == 2  # 20.9 s
    assert len(plan_segments(30 * 3600, 30.0)) == 8  # an hour: at most 8 (7 warm-ups)


def test_a_packed_mask_reads_back_within_one_step_around_the_person() -> None:
    rng = np.random.default_rng(0)
    mask = rng.random((480, 640)).astype(np.float32)
    xy = np.full((33, 2), np.nan)
    xy[:20] = np.column_stack([rng.uniform(200, 400, 20), rng.uniform(100, 300, 20)])
    pose = PoseFrame(0, 0.0, xy, np.ones(33), (640, 480))
    packed = PackedMask.pack(mask, pose)
    x0, y0, x1, y1 = packed.box
    assert x0 <= 200 - 20 and x1 >= 400 + 20 and y0 <= 100 - 20 and y1 >= 300 + 20
    back = packed.unpack().to_array()
    assert back.shape == mask.shape and back.dtype == np.float32
    assert np.abs(back[y0:y1, x0:x1] - mask[y0:y1, x0:x1]).max() <= 0.5 / 255 + 1e-6
    assert back[:y0].sum() == 0 and back[:, x1:].sum() == 0
    assert len(packed.data) < mask.nbytes / 3


def one_process_poses(video: Path, settings: PoseSettings) -> list[PoseFrame]:
    with VideoFileSource(video) as source, open_estimator(settings) as estimator:
        return [estimator.estimate(frame) for frame in source]


@pytest.mark.model
def test_segmented_poses_come_in_order_and_match_one_process_after_the_warm_up(samples: Path) -> None:
    video = samples / "bridging.mp4"  # 91 frames, 30 fps
    settings = PoseSettings("lite", with_mask=True)
    segments = [Segment(0, 0, 0, 46), Segment(1, 16, 46, None)]
    seen: list[int] = []
    segmented = SegmentedPoses(video, settings, segments, announced_frames=91, progress=seen.append)
    poses = list(segmented)
    assert [p.index for p in poses] == list(range(91)) and seen[-1] == 91
    assert not segmented.ended_early
    alone = one_process_poses(video, settings)
    assert [p.t for p in poses] == [p.t for p in alone]
    # Up to the second segment's warm-up the first estimator's poses, as in one run; over the warm-up they fade
    # towards the second estimator's (pose/seams.py), which then takes over.
    assert all(np.array_equal(a.xy, b.xy, equal_nan=True) for a, b in zip(poses[:16], alone[:16], strict=True))
    later = [np.nanmean(np.abs(a.xy - b.xy)) for a, b in zip(poses[16:], alone[16:], strict=True)]
    assert max(later) < 4.0  # pixels, in a 640x480 picture: the same person, the tracker warmed up
    assert all(p.mask is not None and p.mask.shape == (480, 640) for p in poses if p.detected)


@pytest.mark.model
def test_one_process_and_worker_processes_give_the_same_poses_frame_for_frame(
    samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("formcheck.pose.parallel.SEGMENT_S", 1.0)  # the sample is 3 s long: 3 segments
    from formcheck.io.landmarks_io import read_frames

    video = samples / "bridging.mp4"
    results, poses = {}, {}
    for jobs in (1, 2, 3):
        recording = tmp_path / f"jobs{jobs}.landmarks.jsonl"
        outcome = runner.analyze_video(
            video, analyzer_for("lying-leg-raise"), pose=PoseSettings("lite"), jobs=jobs, save_landmarks=recording
        )
        assert outcome.status is RunStatus.COMPLETE and outcome.source.frames == 91
        results[jobs], poses[jobs] = outcome.result, list(read_frames(recording))
    for jobs in (2, 3):
        assert all(
            np.array_equal(a.xy, b.xy, equal_nan=True) and np.array_equal(a.visibility, b.visibility)
            for a, b in zip(poses[1], poses[jobs], strict=True)
        )
        assert results[jobs].reps == results[1].reps and results[jobs].series == results[1].series  # masks too


@pytest.mark.model
def test_a_video_that_breaks_off_in_a_later_segment_keeps_what_came_before(tmp_path: Path) -> None:
    whole = tmp_path / "v.avi"
    write_video(whole, n=80)
    cut = tmp_path / "cut.avi"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    segments = [Segment(0, 0, 0, 30), Segment(1, 20, 30, 60), Segment(2, 50, 60, None)]
    segmented = SegmentedPoses(cut, PoseSettings("lite"), segments, announced_frames=80)
    poses = list(segmented)
    assert segmented.ended_early and 30 <= len(poses) < 80
    assert [p.index for p in poses] == list(range(len(poses)))


def two_people_video(samples: Path, folder: Path) -> Path:
    """The sample clip beside its mirror image: two people, one on each half (1280x480)."""
    out = folder / "two.avi"
    cap = cv2.VideoCapture(str(samples / "bridging.mp4"))
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, (1280, 480))
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        writer.write(np.hstack([frame, cv2.flip(frame, 1)]))
    writer.release()
    return out


@pytest.mark.model
@pytest.mark.parametrize("who", ["left", "right"])
def test_the_chosen_person_is_followed_in_every_frame(samples: Path, tmp_path: Path, who: str) -> None:
    video = two_people_video(samples, tmp_path)
    outcome = runner.analyze_video(
        video,
        analyzer_for("standing-knee-raise"),
        pose=PoseSettings("lite", person=who),
        save_landmarks=tmp_path / "r.jsonl",
    )  # type: ignore[arg-type]
    from formcheck.io.landmarks_io import read_frames

    hips = [float(np.nanmean(p.xy[[23, 24], 0])) for p in read_frames(tmp_path / "r.jsonl") if p.detected]
    assert len(hips) >= 85
    assert all(h < 640 for h in hips) if who == "left" else all(h > 640 for h in hips)  # never hops
    assert any(f"followed the {who}most person" in note for note in outcome.notes)
    assert not any(math.isnan(h) for h in hips)


def person_at(index: int, x0: float, width: float = 100.0) -> PoseFrame:
    xy = np.column_stack([np.linspace(x0, x0 + width, 33), np.linspace(100, 400, 33)])
    return PoseFrame(index, index / 30.0, xy, np.ones(33), (1280, 480))


def test_the_seam_check_tells_the_same_person_from_another() -> None:
    before = [person_at(i, 200) for i in range(10, 20)]
    assert same_person(before, [person_at(i, 205) for i in range(10, 20)])  # moved a little: the same person
    assert not same_person(before, [person_at(i, 900) for i in range(10, 20)])  # the other side of the picture
    nobody = [PoseFrame.missing(i, i / 30.0, (1280, 480)) for i in range(10, 20)]
    assert same_person(before, nobody)  # nothing to compare: cannot tell, no redo


def switching_people_video(samples: Path, folder: Path) -> Path:
    """Left: the sample clip; right: nothing for the first second, then the clip mirrored and larger."""
    out = folder / "switch.avi"
    cap = cv2.VideoCapture(str(samples / "bridging.mp4"))
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, (1280, 480))
    index = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        bigger = cv2.resize(cv2.flip(frame, 1)[60:420, 80:560], (640, 480))  # the person 1.33x as large
        writer.write(np.hstack([frame, bigger if index >= 30 else np.zeros_like(frame)]))
        index += 1
    writer.release()
    return out


@pytest.mark.model
def test_a_segment_that_follows_somebody_else_is_estimated_again_on_the_person_followed(
    samples: Path, tmp_path: Path
) -> None:
    # One process follows the person already in view when a larger one steps in; the second segment starts
    # with both in view and, on its own, would pick the larger one.
    video = switching_people_video(samples, tmp_path)
    segments = [Segment(0, 0, 0, 60), Segment(1, 40, 60, None)]
    segmented = SegmentedPoses(video, PoseSettings("lite"), segments, announced_frames=91)
    poses = list(segmented)
    assert [p.index for p in poses] == list(range(91))
    assert segmented.redone == [1]
    hips = [float(np.nanmean(p.xy[[23, 24], 0])) for p in poses if p.detected]
    assert len(hips) >= 80 and all(h < 640 for h in hips)


def test_a_segment_worker_failure_sends_its_traceback_to_the_parents_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # the video is gone by the time the workers open it (a removed file, an unmounted share)
    gone = tmp_path / "gone.avi"
    segments = [Segment(0, 0, 0, 30), Segment(1, 20, 30, None)]
    with caplog.at_level(logging.ERROR, logger="formcheck.pose.parallel"), pytest.raises(SourceError) as raised:
        list(SegmentedPoses(gone, PoseSettings("lite"), segments, announced_frames=60, jobs=1))
    assert "\n" not in str(raised.value) and str(gone) in str(raised.value)  # the terminal's one line
    (record,) = [r for r in caplog.records if r.name == "formcheck.pose.parallel"]
    logged = record.getMessage()
    assert logged.startswith(f"the pose worker of segment 0 of {gone} failed: ")
    assert "Traceback (most recent call last)" in logged and "in estimate_segment" in logged  # the worker's stack


@pytest.mark.model
def test_an_unexpected_failure_in_a_segment_worker_is_one_line_with_the_traceback_logged(
    samples: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # MediaPipe itself refuses to look for zero people: an exception formcheck does not expect
    segments = [Segment(0, 0, 0, 46), Segment(1, 16, 46, None)]
    poses = SegmentedPoses(samples / "bridging.mp4", PoseSettings("lite", max_people=0), segments, announced_frames=91)
    with caplog.at_level(logging.ERROR, logger="formcheck.pose.parallel"), pytest.raises(SourceError) as raised:
        list(poses)
    assert str(raised.value).startswith(f"{samples / 'bridging.mp4'}: pose estimation failed in frames from 0 (")
    logged = [r.getMessage() for r in caplog.records if r.name == "formcheck.pose.parallel"]
    assert logged and all("Traceback (most recent call last)" in m and "in estimate_segment" in m for m in logged)
