"""Damaged and small inputs: a bad recording line is skipped, an unfinished MP4 is named, FFmpeg stays quiet."""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_report_outputs import first_frames

from formcheck.analysis.analyzer import analyzer_for
from formcheck.errors import SourceError
from formcheck.io.sources import VideoFileSource
from formcheck.report.build import build_report
from formcheck.report.html import render_html
from formcheck.runner import RunStatus, analyze_recording

SAMPLES = Path(__file__).resolve().parents[1] / "sample_videos"
RECORDING = SAMPLES / "bent_leg_raises.landmarks.jsonl.gz"


def test_a_damaged_line_in_the_middle_of_a_recording_is_skipped_and_counted(tmp_path: Path) -> None:
    lines = gzip.decompress(RECORDING.read_bytes()).decode().splitlines(keepends=True)
    lines[125] = lines[125][:40] + "\n"  # a frame line cut in the middle (a disk error, an editor)
    damaged = tmp_path / "damaged.landmarks.jsonl.gz"
    damaged.write_bytes(gzip.compress("".join(lines).encode()))
    outcome = analyze_recording(damaged, analyzer_for("standing-knee-raise"))
    assert outcome.status is RunStatus.COMPLETE
    assert outcome.source.frames == len(lines) - 2  # every frame but the damaged one (and the header)
    assert len(outcome.result.reps) == 5  # as in the whole recording
    said = f"{damaged}: 1 damaged line skipped (line 126); every other frame was analysed"
    assert said in outcome.notes


def unfinished_mp4(folder: Path) -> Path:
    """An MP4 whose index (written last) is missing: a copy cut at 60 %."""
    whole = folder / "whole.mp4"
    writer = cv2.VideoWriter(str(whole), cv2.VideoWriter.fourcc(*"mp4v"), 30.0, (64, 48))
    for i in range(30):
        writer.write(np.full((48, 64, 3), i * 8, np.uint8))
    writer.release()
    data = whole.read_bytes()
    assert data.rfind(b"moov") > len(data) * 0.6  # the index is at the end, as phones write it
    cut = folder / "copy.mp4"
    cut.write_bytes(data[: len(data) * 6 // 10])
    return cut


def test_an_mp4_without_its_index_is_named_an_incomplete_copy(tmp_path: Path) -> None:
    cut = unfinished_mp4(tmp_path)
    with pytest.raises(SourceError) as raised:
        VideoFileSource(cut)
    assert str(raised.value).startswith(f"{cut}: an incomplete copy of a video: its index, which is written last,")


def test_ffmpeg_log_lines_stay_off_stderr(tmp_path: Path) -> None:
    rng = random.Random(1)
    data = bytearray((SAMPLES / "bridging.mp4").read_bytes())
    for i in range(len(data) // 4, len(data) * 3 // 4, 501):  # damaged H.264 data inside the file
        data[i : i + 8] = bytes(rng.randrange(256) for _ in range(8))
    damaged = tmp_path / "damaged.mp4"
    damaged.write_bytes(bytes(data))
    code = (
        "import sys; from formcheck.io.sources import VideoFileSource; "
        "print(sum(1 for _ in VideoFileSource(sys.argv[1], prefetch=0)))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(damaged)], capture_output=True, text=True, timeout=60)
    assert int(done.stdout) > 0  # decoding went on as far as it could
    assert "@ 0x" not in done.stderr and "NAL" not in done.stderr, done.stderr


def test_a_one_frame_clip_is_too_short_and_no_faults_are_claimed(tmp_path: Path) -> None:
    one = first_frames(SAMPLES / "plank.landmarks.jsonl.gz", 1, tmp_path)
    outcome = analyze_recording(one, analyzer_for("lying-leg-raise"))
    report = build_report(outcome, input_kind="landmarks", input_path=one.name, model=None)
    assert report.warnings[0] == (
        "the clip is too short to analyse: 1 frame over 0.00 s; a rep or a hold takes at least 1 s of video"
    )
    page = render_html(report)
    assert "No faults flagged" not in page and "Nothing was counted or held, so no form was judged" in page
