"""Through the real MediaPipe model on real clips."""

import json

import pytest
from typer.testing import CliRunner

from formcheck.cli import app

runner = CliRunner()
pytestmark = pytest.mark.model


def strip_input(doc):
    return {k: v for k, v in doc.items() if k != "input"}


def test_sample_clip_through_model_and_replay_gives_same_report(samples, tmp_path):
    video_json, replay_json = tmp_path / "v.json", tmp_path / "r.json"
    rec = tmp_path / "bridging.landmarks.jsonl.gz"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(samples / "bridging.mp4"),
            "-e",
            "standing-knee-raise",
            "--json",
            str(video_json),
            "--save-landmarks",
            str(rec),
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    video = json.loads(video_json.read_text())
    assert video["source"]["frames"] == 91 and video["summary"]["frames_with_person"] >= 85
    assert video["input"]["model"] == "full"
    result = runner.invoke(
        app, ["analyze", str(rec), "-e", "standing-knee-raise", "--json", str(replay_json), "--no-progress"]
    )
    assert result.exit_code == 0
    assert strip_input(json.loads(replay_json.read_text())) == strip_input(video)


def test_extract_writes_a_recording(samples, tmp_path):
    out = tmp_path / "b.landmarks.jsonl"
    result = runner.invoke(
        app, ["extract", str(samples / "bridging.mp4"), "-o", str(out), "-m", "lite", "--no-progress"]
    )
    assert result.exit_code == 0
    lines = out.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["schema"] == "formcheck.landmarks/1" and header["model"] == "lite"
    assert len(lines) == 92
    frame = json.loads(lines[45])
    assert len(frame["xy"]) == 33 and len(frame["w"]) == 33 and 0 < frame["t"] < 3.1


@pytest.mark.eval
def test_bent_leg_raises_video_five_reps(eval_clips, tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(
        app,
        [
            "analyze",
            str(eval_clips / "wahoo" / "bent_leg_raises.mp4"),
            "-e",
            "standing-knee-raise",
            "--json",
            str(out),
            "--no-progress",
        ],
    )
    assert result.exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["rep_count"] == 5
    assert all(r["peak_thigh_elevation_deg"] > 0 and 4.5 < r["top_s"] < 16.0 for r in doc["reps"])


def test_ctrl_c_during_video_analysis_keeps_the_report(samples, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from video_helpers import avi_copy

    video = avi_copy(samples, tmp_path, loops=24)  # 2184 frames: over 20 s of analysis even with every core
    out = tmp_path / "r.json"
    # Ctrl-C as a terminal sends it; default SIGINT handling even when this test runs under nohup.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "formcheck",
            "analyze",
            str(video),
            "-e",
            "standing-knee-raise",
            "--json",
            str(out),
            "--no-progress",
            "--no-log",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(6.0)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    doc = json.loads(out.read_text())
    assert doc["status"] == "interrupted"
    assert 0 < doc["source"]["frames"] < 2184
    assert any("interrupted after" in w for w in doc["warnings"])
