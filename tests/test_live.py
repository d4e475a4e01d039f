"""`formcheck live`: same answers as analyze, a real window, and nothing lost when a session ends badly."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner
from video_helpers import avi_copy

from formcheck.cli import app
from formcheck.core.types import Frame
from formcheck.live.capture import FrameGrabber
from formcheck.live.cues import CueThrottle

runner = CliRunner()
FORMCHECK = [sys.executable, "-m", "formcheck"]


def strip(doc):
    return {k: doc[k] for k in ("rep_count", "reps", "faults", "holds", "frames")}


def run_both(video: Path, exercise: str, tmp_path: Path) -> tuple[dict, dict]:
    live_json, analyze_json = tmp_path / "live.json", tmp_path / "analyze.json"
    # the same frames both ways: no capture-time scaling, one process (no segment seams)
    r = runner.invoke(
        app,
        [
            "live",
            "-e",
            exercise,
            "--source",
            str(video),
            "--headless",
            "--as-fast-as-possible",
            "--json",
            str(live_json),
            "--no-log",
            "--max-width",
            "0",
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app,
        [
            "analyze",
            str(video),
            "-e",
            exercise,
            "--json",
            str(analyze_json),
            "--no-log",
            "--no-progress",
            "--jobs",
            "1",
        ],
    )
    assert r.exit_code == 0, r.output
    return json.loads(live_json.read_text()), json.loads(analyze_json.read_text())


@pytest.mark.model
def test_live_source_equals_analyze_on_sample(samples, tmp_path):
    live, analyzed = run_both(samples / "bridging.mp4", "standing-knee-raise", tmp_path)
    assert strip(live) == strip(analyzed)
    assert live["live"]["frames_processed"] == 91 and live["live"]["frames_dropped"] == 0
    assert live["input"]["kind"] == "camera"


@pytest.mark.model
@pytest.mark.eval
def test_live_source_equals_analyze_on_knee_raises(eval_clips, tmp_path):
    # A live stream is one continuous run; analyze estimates this 20.9 s clip in two segments, the
    # second from a fresh tracker (formcheck.pose.parallel): identical up to the seam, a frame or two after.
    from formcheck.io.sources import VideoFileSource
    from formcheck.runner import video_segments

    video = eval_clips / "wahoo" / "bent_leg_raises.mp4"
    with VideoFileSource(video) as source:
        segments = video_segments(source)
        seam_s = segments[1].warm_from / source.fps
    live, analyzed = run_both(video, "standing-knee-raise", tmp_path)
    assert live["rep_count"] == analyzed["rep_count"] == 5
    before = [r for r in analyzed["reps"] if r["end_s"] < seam_s]
    assert before and live["reps"][: len(before)] == before
    for a, b in zip(live["reps"][len(before) :], analyzed["reps"][len(before) :], strict=True):
        assert a["side"] == b["side"] and abs(a["top_s"] - b["top_s"]) <= 0.1


@pytest.mark.model
@pytest.mark.eval
def test_live_without_an_exercise_recognises_it_and_counts_as_with_it(eval_clips, tmp_path):
    video = eval_clips / "gymlessabs" / "hanging_knee_ups.mp4"
    auto, _ = run_both(video, "auto", tmp_path)
    named, _ = run_both(video, "hanging-knee-raise", tmp_path)
    assert auto["exercise"] == "hanging-knee-raise" and auto["summary"]["recognition"]["level"] == "sure"
    assert auto["rep_count"] == named["rep_count"] == 4
    timing = ("side", "start_s", "top_s", "end_s")
    assert [[r[k] for k in timing] for r in auto["reps"]] == [[r[k] for k in timing] for r in named["reps"]]
    landmark_faults = [f["code"] for f in named["faults"] if "contour" not in f["code"]]
    assert [f["code"] for f in auto["faults"]] == landmark_faults  # auto runs without the mask: no contour checks
    assert any("back contour not measured" in w for w in auto["warnings"])


def test_missing_camera_is_a_clear_error():
    r = runner.invoke(app, ["live", "-e", "high-knees", "--camera", "7", "--headless", "--no-log"])
    assert r.exit_code == 1
    assert "camera 7" in r.output and ("not found" in r.output or "cannot be opened" in r.output)
    assert "--source FILE" in r.output or "--camera" in r.output  # what to try


def test_camera_and_source_together_is_usage_error(samples):
    r = runner.invoke(app, ["live", "-e", "high-knees", "--camera", "0", "--source", str(samples / "bridging.mp4")])
    assert r.exit_code == 2


def truncated_copy(samples: Path, tmp_path: Path) -> Path:
    """An AVI copy of bridging.mp4 cut at 60 % of its bytes: it opens, then breaks off."""
    data = avi_copy(samples, tmp_path).read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(data[: len(data) * 6 // 10])
    return cut


@pytest.mark.model
def test_source_that_stops_delivering_keeps_the_report(samples, tmp_path):
    out = tmp_path / "r.json"
    r = runner.invoke(
        app,
        [
            "live",
            "-e",
            "standing-knee-raise",
            "--source",
            str(truncated_copy(samples, tmp_path)),
            "--headless",
            "--as-fast-as-possible",
            "--json",
            str(out),
            "--no-log",
        ],
    )
    assert r.exit_code == 3
    doc = json.loads(out.read_text())
    assert doc["status"] == "source_lost"
    assert 0 < doc["source"]["frames"] < 91 and "stopped after" in doc["warnings"][0]


@pytest.mark.model
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_session_writes_the_report(samples, tmp_path, sig):
    out = tmp_path / "r.json"
    video = avi_copy(samples, tmp_path, loops=6)  # 18 s played in real time
    proc = subprocess.Popen(
        [
            *FORMCHECK,
            "live",
            "-e",
            "standing-knee-raise",
            "--source",
            str(video),
            "--headless",
            "--json",
            str(out),
            "--no-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,  # default SIGINT even under nohup
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(7.0)  # model loaded and a few seconds played
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    doc = json.loads(out.read_text())
    assert doc["status"] == "interrupted"
    assert 0 < doc["live"]["frames_processed"] < 6 * 91


def free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X{n}-lock").exists():
            return n
    pytest.skip("no free X display number")


@pytest.mark.model
@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("ffmpeg")), reason="needs Xvfb and ffmpeg")
def test_window_under_xvfb_shows_the_overlay(samples, tmp_path):
    display = f":{free_display()}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(1.0)
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        out = tmp_path / "r.json"
        proc = subprocess.Popen(
            [
                *FORMCHECK,
                "live",
                "-e",
                "standing-knee-raise",
                "--source",
                str(samples / "bridging.mp4"),
                "--json",
                str(out),
                "--no-log",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        shot = tmp_path / "shot.png"
        deadline = time.time() + 40
        found = False
        while time.time() < deadline and proc.poll() is None and not found:
            time.sleep(0.7)
            subprocess.run(
                [
                    "ffmpeg",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "x11grab",
                    "-video_size",
                    "1280x800",
                    "-i",
                    display,
                    "-frames:v",
                    "1",
                    str(shot),
                ],
                check=False,
                timeout=20,
            )
            if shot.exists():
                found = overlay_present(shot)
        proc.communicate(timeout=60)
        assert found, "no overlay seen on the X screen"
        assert proc.returncode == 0 and json.loads(out.read_text())["live"]["frames_processed"] > 0
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


def overlay_present(png: Path) -> bool:
    """Skeleton-coloured and counter-green pixels on the screenshot (colours of render/overlay.py)."""
    import cv2

    img = cv2.imread(str(png)).astype(int)
    skeleton = np.all(np.abs(img - np.array([255, 190, 60])) < 25, axis=2).sum()
    counter_green = np.all(np.abs(img - np.array([80, 200, 80])) < 25, axis=2).sum()
    return bool(skeleton > 200 and counter_green > 30)


def test_cue_throttle_holds_and_does_not_repeat():
    c = CueThrottle(min_show_s=1.5, repeat_after_s=4.0)
    assert c.update(0.0, ["knee higher"]) == "knee higher"
    assert c.update(0.5, []) == "knee higher"  # stays up
    assert c.update(1.0, ["don't lean back"]) == "knee higher"  # no flicker to a new cue
    assert c.update(1.6, ["don't lean back"]) == "don't lean back"
    assert c.update(3.2, ["knee higher"]) == ""  # shown 3.2 s ago: not repeated yet
    assert c.update(4.1, ["knee higher"]) == "knee higher"


class FakeCamera:
    """A camera that delivers ``n`` frames as fast as it can, then stops (unit-test stand-in)."""

    is_file = False
    name = "fake camera"

    def __init__(self, n: int) -> None:
        self.n, self.i = n, 0

    def read(self):
        if self.i >= self.n:
            return None
        self.i += 1
        return Frame(self.i - 1, self.i / 30, np.zeros((4, 4, 3), np.uint8))


def test_grabber_drops_stale_frames_and_delivers_newest():
    grabber = FrameGrabber(FakeCamera(200), realtime=False, drop_stale=True)
    grabber.start()
    got = []
    while not grabber.exhausted:
        item = grabber.get(timeout=0.05)
        if item is not None:
            got.append(item.frame.index)
            time.sleep(0.01)  # a slow consumer
    grabber.stop()
    assert got == sorted(got) and got[-1] == 199
    assert grabber.dropped == 200 - len(got) > 0


def test_grabber_without_dropping_delivers_every_frame_in_order():
    grabber = FrameGrabber(FakeCamera(50), realtime=False, drop_stale=False)
    grabber.start()
    got = []
    while not grabber.exhausted:
        item = grabber.get(timeout=0.05)
        if item is not None:
            got.append(item.frame.index)
    grabber.stop()
    assert got == list(range(50)) and grabber.dropped == 0


@pytest.mark.model
def test_live_session_is_logged_and_recorded(samples, tmp_path):
    import cv2

    from formcheck.log.store import TrainingLog

    db, video = tmp_path / "log.sqlite3", tmp_path / "rec.mp4"
    r = runner.invoke(
        app,
        [
            "live",
            "-e",
            "standing-knee-raise",
            "--source",
            str(samples / "bridging.mp4"),
            "--headless",
            "--as-fast-as-possible",
            "--db",
            str(db),
            "--record",
            str(video),
        ],
    )
    assert r.exit_code == 0, r.output
    with TrainingLog(db) as log:
        (session,) = log.sessions()
        assert session["input_kind"] == "camera" and session["exercise"] == "standing-knee-raise"
    cap = cv2.VideoCapture(str(video))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 91  # every analysed frame, annotated


def test_camera_problem_names_the_index_and_what_to_try(monkeypatch):
    from formcheck.io import sources

    monkeypatch.setattr(sources, "camera_indices", lambda: [0, 2])
    assert sources.camera_problem(7) == (
        "camera 7 not found (this machine has camera(s) 0, 2; check the cable, try --camera 0)"
    )
    busy = sources.camera_problem(0)
    assert busy.startswith("camera 0 cannot be opened: it may be busy") and "try --camera 2" in busy
