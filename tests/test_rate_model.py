"""The rate of estimation and the live session's smaller input, through the real MediaPipe model."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from formcheck import runner
from formcheck.analysis.analyzer import analyzer_for
from formcheck.io.sources import VideoFileSource
from formcheck.pose.protocol import PoseSettings, open_estimator

pytestmark = pytest.mark.model
SAMPLE = Path(__file__).resolve().parents[1] / "sample_videos" / "bridging.mp4"  # 30 fps, 640x480, 91 frames


def doubled(folder: Path) -> Path:
    """The sample at 60 fps, every frame twice (lossless), so its even frames are the 30 fps frames."""
    out = folder / "doubled.avi"
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"FFV1"), 60.0, (640, 480))
    with VideoFileSource(SAMPLE, prefetch=0) as source:
        for frame in source:
            writer.write(frame.image)
            writer.write(frame.image)
    writer.release()
    return out


def test_every_second_frame_of_a_60_fps_video_gives_the_poses_of_its_30_fps_frames(tmp_path: Path) -> None:
    sixty = doubled(tmp_path)
    seen: dict[str, list] = {"30": [], "60": []}
    for key, video in (("30", tmp_path / "thirty.avi"), ("60", sixty)):
        if key == "30":  # the same frames, losslessly, at 30 fps
            writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"FFV1"), 30.0, (640, 480))
            with VideoFileSource(SAMPLE, prefetch=0) as source:
                for frame in source:
                    writer.write(frame.image)
            writer.release()
        outcome = runner.analyze_video(
            video, analyzer_for("standing-knee-raise", side="auto"), observers=[lambda p, _r, k=key: seen[k].append(p)]
        )
        assert outcome.pose_every == (2 if key == "60" else 1)
    assert [p.index for p in seen["60"]] == [2 * p.index for p in seen["30"]]
    assert [p.t for p in seen["60"]] == pytest.approx([p.t for p in seen["30"]], abs=1e-3)
    for a, b in zip(seen["30"], seen["60"], strict=True):
        np.testing.assert_array_equal(a.xy, b.xy)  # same pictures, same tracker steps: the same landmarks


def test_a_smaller_input_keeps_landmarks_and_mask_in_the_picture_s_pixels() -> None:
    with VideoFileSource(SAMPLE, prefetch=0) as source:
        frames = [f for _, f in zip(range(30), source, strict=False)]
    poses = {}
    for width in (None, 320):
        with open_estimator(PoseSettings("full", with_mask=True, follow=False, input_width=width)) as est:
            poses[width] = [est.estimate(f) for f in frames]
    for whole, small in zip(poses[None], poses[320], strict=True):
        assert small.image_size == (640, 480) and small.mask is not None and small.mask.shape == (480, 640)
        if whole.detected and small.detected:
            visible = (whole.visibility > 0.8) & (small.visibility > 0.8)
            gap = np.abs(whole.xy[visible] - small.xy[visible])
            assert np.median(gap) < 6.0  # pixels of the 640x480 picture: the same places, not half-size ones
