"""Helpers for the report-rendering tests: a saved report, an annotated video without the model, chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.registry import get
from formcheck.analysis.results import FrameResult
from formcheck.core.types import PoseFrame
from formcheck.report.build import build_report
from formcheck.report.model import Report
from formcheck.runner import analyze_recording

BLR = "bent_leg_raises.landmarks.jsonl.gz"


def recording_report(samples: Path) -> Report:
    """The report of the bent-leg-raise recording (5 right-leg reps), as analyze would build it."""
    outcome = analyze_recording(samples / BLR, analyzer_for("standing-knee-raise"))
    return build_report(outcome, input_kind="landmarks", input_path=str(samples / BLR), model=None)


def annotate_without_model(video: Path, out: Path) -> int:
    """Annotate ``video`` with 'nobody detected' poses (no model): exercises decoding, drawing, encoding."""
    from formcheck.io.sources import VideoFileSource
    from formcheck.render.annotate import VideoAnnotator

    with VideoFileSource(video) as src:
        fps, size = src.fps, src.image_size
    display = resolve(get("standing-knee-raise")).display
    with (
        VideoFileSource(video) as src,
        VideoAnnotator(out, fps=fps, source_size=size, title="test", display=display) as ann,
    ):
        for i, frame in enumerate(src):
            result = FrameResult(
                t=frame.t,
                phase="rest",
                rep_count=i // 30,
                reps_by_side={"left": i // 30},
                metrics={"thigh_elevation_deg": -80.0},
                cues=("knee higher",) if i % 2 else (),
            )
            ann(frame, PoseFrame.missing(frame.index, frame.t, size), result)
        return ann.frames_written


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(html: Path, profile: Path, *extra: str, timeout: float = 120) -> str:
    """Run headless chromium on ``html`` with the flags that keep it offline and quiet; returns stdout."""
    exe = chromium()
    assert exe is not None
    profile.mkdir(parents=True, exist_ok=True)
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--window-size=1200,2600",
        "--virtual-time-budget=8000",
        *extra,
        html.resolve().as_uri(),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def ffprobe_video(path: Path) -> tuple[int, float] | None:
    """(frames counted by decoding, video duration s) from ffprobe, or None without ffprobe."""
    exe = shutil.which("ffprobe")
    if exe is None:
        return None
    out = subprocess.run(
        [
            exe,
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-count_frames",
            "-show_entries",
            "stream=nb_read_frames,duration:format=duration",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    doc = json.loads(out)
    stream = doc["streams"][0]
    # WebM stores no per-stream duration; an mp4's format duration includes its (longer) audio track.
    duration = stream.get("duration") or doc["format"]["duration"]
    return int(stream["nb_read_frames"]), float(duration)
