"""Annotated WebM video and rep thumbnails on the bundled real clip (OpenCV, no model)."""

import dataclasses

import cv2
import numpy as np
import pytest
from report_helpers import annotate_without_model, ffprobe_video

from formcheck.analysis.display import Display
from formcheck.analysis.results import FrameResult, RepRecord
from formcheck.core.landmarks import NUM_LANDMARKS
from formcheck.core.types import Frame, PoseFrame
from formcheck.errors import FormcheckError
from formcheck.io.sources import VideoFileSource
from formcheck.render.annotate import RepThumbnails, VideoAnnotator, person_box, video_size

BRIDGING_FRAMES, BRIDGING_FPS = 91, 30.0


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    from conftest import SAMPLES

    out = tmp_path_factory.mktemp("annotate") / "a.mp4"
    assert annotate_without_model(SAMPLES / "bridging.mp4", out) == BRIDGING_FRAMES
    return out


@pytest.mark.slow
def test_annotated_video_keeps_frame_count_rate_and_length(samples, annotated):
    out = annotated
    with VideoFileSource(out) as src:
        assert src.fps == pytest.approx(BRIDGING_FPS, rel=1e-3)
        assert src.image_size == (640, 480)
        frames = list(src)
    assert len(frames) == BRIDGING_FRAMES
    assert [p.name for p in out.parent.iterdir()] == ["a.mp4"]  # the temporary file was renamed
    probed = ffprobe_video(out)
    if probed is not None:
        source = ffprobe_video(samples / "bridging.mp4")
        assert probed[0] == source[0] == BRIDGING_FRAMES
        assert probed[1] == pytest.approx(source[1], abs=0.02)


@pytest.mark.slow
def test_overlay_is_drawn_on_the_frames(samples, annotated):
    with VideoFileSource(samples / "bridging.mp4") as a, VideoFileSource(annotated) as b:
        src, ann = next(iter(a)).image.astype(int), next(iter(b)).image.astype(int)
    panel = np.abs(src[:100, :200] - ann[:100, :200]).mean()  # the HUD panel top-left
    elsewhere = np.abs(src[300:, 400:] - ann[300:, 400:]).mean()  # compression noise only
    assert panel > 20 > 4 > elsewhere


def test_a_crash_leaves_no_video_and_wrong_suffix_is_refused(tmp_path):
    with pytest.raises(FormcheckError, match=r"\.mp4 or \.webm"):
        VideoAnnotator(tmp_path / "a.avi", fps=30, source_size=(64, 48), title="t", display=Display())
    with (
        pytest.raises(RuntimeError),
        VideoAnnotator(tmp_path / "a.mp4", fps=30, source_size=(64, 48), title="t", display=Display()) as ann,
    ):
        image = np.zeros((48, 64, 3), np.uint8)
        ann(Frame(0, 0.0, image), PoseFrame.missing(0, 0.0, (64, 48)), FrameResult(0.0, "rest", 0, {}, {}))
        raise RuntimeError("analysis crashed")
    assert list(tmp_path.iterdir()) == []


def test_tall_sources_are_scaled_to_720p_even_sizes():
    assert video_size((1920, 1080)) == (1280, 720)
    assert video_size((640, 480)) == (640, 480)
    assert video_size((1081, 1921)) == (404, 720)


def _pose(t, index, size=(640, 480)):
    xy = np.full((NUM_LANDMARKS, 2), np.nan)
    xy[:] = np.linspace([300, 100], [340, 400], NUM_LANDMARKS)
    return PoseFrame(index, t, xy, np.ones(NUM_LANDMARKS), size)


def test_person_box_frames_the_visible_landmarks():
    pose = _pose(0.0, 0)
    x0, y0, x1, y1 = person_box(pose, 640, 480)
    assert x0 <= 300 and x1 >= 340 and y0 <= 100 and y1 >= 400
    assert (x1 - x0) / (y1 - y0) == pytest.approx(0.75, abs=0.01)
    assert person_box(PoseFrame.missing(0, 0.0, (640, 480)), 640, 480) == (0, 0, 640, 480)


def test_thumbnail_is_the_frame_nearest_the_rep_top():
    reps: list[RepRecord] = []
    thumbs = RepThumbnails(lambda: reps, window_s=5.0)
    for i in range(100):  # 10 fps; frame i's brightness encodes its index
        t = i / 10
        image = np.full((480, 640, 3), 2 * i, np.uint8)
        if i == 40:  # rep 1 completes at 4.0 s with its top at 2.3 s
            reps.append(RepRecord(1, "left", 1.0, 2.3, 4.0, {}))
        if i == 99:  # rep 2's top (1.0 s) fell out of the 5 s window: no thumbnail, no error
            reps.append(RepRecord(2, "left", 0.5, 1.0, 9.9, {}))
        thumbs(Frame(i, t, image), _pose(t, i), FrameResult(t, "rest", len(reps), {}, {}))
    assert set(thumbs.thumbnails) == {1}
    decoded = cv2.imdecode(np.frombuffer(thumbs.thumbnails[1], np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape[1] == 240
    background = np.median(decoded[:, :20])  # left strip, away from the drawn skeleton
    assert background == pytest.approx(2 * 23, abs=3)


def test_scaled_pose_keeps_other_fields():
    from formcheck.render.annotate import scaled_pose

    pose = _pose(1.5, 7)
    half = scaled_pose(pose, 0.5)
    assert half.image_size == (320, 240) and half.t == 1.5 and half.index == 7
    np.testing.assert_allclose(half.xy, pose.xy * 0.5)
    assert dataclasses.replace(half, xy=pose.xy, image_size=pose.image_size) == pose


@pytest.mark.slow
@pytest.mark.parametrize(("suffix", "codec"), [(".mp4", "h264"), (".webm", "vp9")])
def test_annotated_video_is_h264_mp4_or_vp9_webm_frame_for_frame(samples, tmp_path, suffix, codec):
    import json
    import shutil
    import subprocess

    from report_helpers import annotate_without_model

    if shutil.which("ffprobe") is None:
        pytest.skip("ffprobe not installed")
    out = tmp_path / f"a{suffix}"
    annotate_without_model(samples / "bridging.mp4", out)
    probe = json.loads(
        subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-count_frames",
                "-show_entries",
                "stream=codec_name,pix_fmt,nb_read_frames,r_frame_rate",
                "-of",
                "json",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )["streams"][0]
    assert probe["codec_name"] == codec and probe["pix_fmt"] == "yuv420p"
    assert int(probe["nb_read_frames"]) == 91 and probe["r_frame_rate"] == "30/1"
    if suffix == ".mp4":  # faststart: the index (moov) comes before the media data
        data = out.read_bytes()
        assert 0 <= data.find(b"moov") < data.find(b"mdat")


def test_a_body_lying_across_the_picture_is_framed_across():
    xy = np.linspace([100, 300], [500, 340], NUM_LANDMARKS)  # a plank: 400 px long, 40 px high
    x0, y0, x1, y1 = person_box(PoseFrame(0, 0.0, xy, np.ones(NUM_LANDMARKS), (640, 480)), 640, 480)
    assert x0 <= 100 and x1 >= 500 and y0 <= 300 and y1 >= 340  # the whole body, not its middle
    assert (x1 - x0) / (y1 - y0) == pytest.approx(4 / 3, abs=0.01)
