"""Recorded and annotated videos: every frame at its own time, H.264 with the index first; no display, no abort."""

from __future__ import annotations

import time
from pathlib import Path

import av
import numpy as np
import pytest
from report_helpers import annotate_without_model
from test_live_session import EXERCISE, RECORDING, ReplayCamera, ReplayEstimator
from typer.testing import CliRunner

from formcheck.analysis.analyzer import analyzer_for
from formcheck.cli import app
from formcheck.core.types import Frame, PoseFrame
from formcheck.live.record import SessionRecorder
from formcheck.live.session import LiveOptions, LiveSession
from formcheck.live.window import display_available
from formcheck.render.encode import VideoEncoder

SAMPLES = Path(__file__).resolve().parents[1] / "sample_videos"


@pytest.fixture(scope="module")
def recorded_poses() -> list[PoseFrame]:
    from formcheck.io.landmarks_io import read_frames

    return list(read_frames(RECORDING))


def frame_times(video: Path) -> list[float]:
    with av.open(str(video)) as container:
        return [float(f.time) for f in container.decode(video=0)]


class SlowEstimator(ReplayEstimator):
    """The recorded poses, at the pace of a model slower than the camera."""

    def estimate(self, frame: Frame) -> PoseFrame:
        time.sleep(0.004)
        return super().estimate(frame)


def test_a_live_session_records_every_captured_frame_even_those_not_analysed(
    recorded_poses: list[PoseFrame],
) -> None:
    poses = recorded_poses
    recorded: list[float] = []
    opts = LiveOptions(title="test", realtime=False, drop_stale=True)
    session = LiveSession(
        ReplayCamera(poses),  # type: ignore[arg-type]
        SlowEstimator(poses),
        lambda side: analyzer_for(EXERCISE, side=side),  # type: ignore[arg-type,call-arg]
        opts,
        sinks=(lambda image, t: recorded.append(t),),
    )
    outcome = session.run()
    assert outcome.stats.dropped > 0  # the model fell behind: frames were dropped from the analysis
    assert recorded == sorted(recorded) and len(set(recorded)) == len(recorded)
    assert len(recorded) == outcome.stats.captured  # and every one of them is in the recording
    assert recorded == [p.t for p in poses][: len(recorded)]


def test_the_session_recording_is_h264_with_its_index_first_and_the_capture_times(tmp_path: Path) -> None:
    video = tmp_path / "session.mp4"
    recorder = SessionRecorder(video, fps=30.0, size=(64, 48))
    times = [10.0, 10.033, 10.1, 10.5, 10.533, 12.0]  # capture times: irregular, as a busy machine delivers them
    for i, t in enumerate(times):
        recorder(np.full((48, 64, 3), 30 * i, np.uint8), t)
    recorder.close()
    data = video.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # faststart
    with av.open(str(video)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
    assert frame_times(video) == pytest.approx([t - times[0] for t in times], abs=1e-4)


def test_an_annotated_video_keeps_a_variable_frame_rate(tmp_path: Path) -> None:
    source = tmp_path / "phone.mp4"
    encoder = VideoEncoder(source, fps=30.0, size=(64, 48))
    times = [i / 30 for i in range(20)] + [0.9 + i / 15 for i in range(20)]  # 30 fps, then 15 fps
    for i, t in enumerate(times):
        encoder.write(np.full((48, 64, 3), 6 * i, np.uint8), t)
    encoder.close()
    annotated = tmp_path / "annotated.mp4"
    assert annotate_without_model(source, annotated) == len(times)
    assert frame_times(annotated) == pytest.approx(times, abs=2e-3)  # not 40 frames at one rate (1.33 s)


def test_live_without_a_display_says_so_and_runs_headless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert not display_available()
    result = CliRunner().invoke(app, ["live", "-e", "plank", "--camera", "9", "--no-log"])
    said = " ".join(result.output.split())
    assert "no display to open a window on (neither $DISPLAY nor $WAYLAND_DISPLAY is set" in said
    assert result.exit_code == 1 and "camera 9" in said  # then the camera's own problem, no abort
