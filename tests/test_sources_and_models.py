"""Real video decoding (OpenCV) and model-file verification."""

import itertools

import numpy as np
import pytest

from formcheck.errors import ModelNotFoundError, SourceError
from formcheck.io.sources import VideoFileSource, cv2
from formcheck.pose import models


def write_video(path, n=20, fps=25.0, size=(160, 120)):
    w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    for i in range(n):
        img = np.full((size[1], size[0], 3), i * 10 % 255, np.uint8)
        w.write(img)
    w.release()


def test_decodes_every_frame_with_stream_timestamps(tmp_path):
    path = tmp_path / "v.avi"
    write_video(path, n=20, fps=25.0)
    with VideoFileSource(path) as src:
        frames = list(src)
    assert len(frames) == 20 and src.fps == pytest.approx(25.0)
    assert isinstance(src.fps, float)
    ts = [f.t for f in frames]
    assert ts[0] == 0.0 and all(b > a for a, b in itertools.pairwise(ts))
    assert ts[-1] == pytest.approx(19 / 25, abs=1e-3)
    assert frames[0].image.shape == (120, 160, 3) and not src.ended_early
    assert src.info.frames == 20 and src.info.duration_s == pytest.approx(0.8, abs=1e-3)


def test_one_decoding_thread_gives_the_same_frames_as_several():
    from pathlib import Path

    video = Path(__file__).resolve().parents[1] / "sample_videos" / "bridging.mp4"  # H.264, 91 frames
    with VideoFileSource(video, prefetch=0) as several, VideoFileSource(video, prefetch=0, decode_threads=1) as one:
        pairs = list(zip(several, one, strict=True))
    assert len(pairs) == 91
    assert all(a.t == b.t and np.array_equal(a.image, b.image) for a, b in pairs)


def test_truncated_video_is_detected_and_keeps_decoded_frames(tmp_path):
    path = tmp_path / "v.avi"
    write_video(path, n=40)
    data = path.read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(data[: len(data) // 2])
    with VideoFileSource(cut) as src:
        frames = list(src)
    assert 0 < len(frames) < 40 and src.ended_early


def test_unreadable_inputs(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        VideoFileSource(tmp_path / "missing.mp4")
    (tmp_path / "x.mp4").write_bytes(b"\x00" * 100)
    with pytest.raises(SourceError, match="cannot be opened"):
        VideoFileSource(tmp_path / "x.mp4")
    with pytest.raises(SourceError, match="directory"):
        VideoFileSource(tmp_path)


def test_bundled_models_verify():
    for name in models.MODEL_NAMES:
        path = models.resolve_model(name)
        assert path.name == f"pose_landmarker_{name}.task"


def test_sums_file_matches_code():
    sums = dict(line.split()[::-1] for line in (models.REPO_MODELS / "SHA256SUMS").read_text().splitlines())
    assert {f"pose_landmarker_{k}.task": v for k, v in models.MODEL_SHA256.items()} == sums


def test_corrupt_model_is_refused(tmp_path, monkeypatch):
    (tmp_path / "pose_landmarker_lite.task").write_bytes(b"not a model")
    monkeypatch.setenv(models.ENV_VAR, str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="corrupt"):
        models.resolve_model("lite")


def test_missing_model_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(models, "REPO_MODELS", tmp_path / "nowhere")
    monkeypatch.delenv(models.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelNotFoundError, match="never downloads"):
        models.resolve_model("full")
    with pytest.raises(ModelNotFoundError, match="unknown model"):
        models.resolve_model("huge")


def test_a_camera_wider_than_max_width_is_scaled_once_on_capture(tmp_path):
    from formcheck.io.sources import CameraSource

    path = tmp_path / "wide.avi"
    write_video(path, n=5, size=(800, 600))
    with CameraSource(str(path), max_width=400) as cam:
        frame = cam.read()
        assert cam.camera_size == (800, 600) and cam.image_size == (400, 300)
        assert frame is not None and frame.image.shape == (300, 400, 3)
    with CameraSource(str(path), max_width=1280) as cam:  # narrower than the limit: untouched
        frame = cam.read()
        assert cam.image_size == (800, 600) and frame is not None and frame.image.shape == (600, 800, 3)
