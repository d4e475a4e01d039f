"""analyze VIDEO --annotate --html through the real model: one decode pass gives video, thumbnails, report."""

import json
import re

import cv2
import numpy as np
import pytest
from report_helpers import chromium, ffprobe_video, run_chromium
from typer.testing import CliRunner

from formcheck.cli import app

runner = CliRunner()
pytestmark = pytest.mark.model


def analyze(video, tmp_path, *extra):
    paths = {k: tmp_path / k for k in ("r.json", "r.html", "a.mp4", "reps.csv")}
    result = runner.invoke(
        app,
        [
            "analyze",
            str(video),
            "-e",
            "standing-knee-raise",
            "--no-progress",
            *extra,
            "--json",
            str(paths["r.json"]),
            "--html",
            str(paths["r.html"]),
            "--annotate",
            str(paths["a.mp4"]),
            "--csv",
            str(paths["reps.csv"]),
        ],
    )
    assert result.exit_code == 0, result.output
    return paths


def test_sample_clip_annotated_in_the_same_pass(samples, tmp_path):
    paths = analyze(samples / "bridging.mp4", tmp_path, "--model", "lite")
    doc = json.loads(paths["r.json"].read_text())
    assert doc["source"]["frames"] == 91
    cap = cv2.VideoCapture(str(paths["a.mp4"]))
    n = 0
    while cap.read()[0]:
        n += 1
    assert n == 91 and cap.get(cv2.CAP_PROP_FPS) == pytest.approx(30.0, rel=1e-3)
    page = paths["r.html"].read_text()
    assert '<video id="annotated-video"' in page and "data:video/mp4;base64," in page
    again = tmp_path / "again.csv"
    result = runner.invoke(app, ["report", str(paths["r.json"]), "--csv", str(again)])
    assert result.exit_code == 0 and again.read_bytes() == paths["reps.csv"].read_bytes()


@pytest.mark.eval
def test_bent_leg_raises_report_five_reps_five_thumbnails_full_length_video(eval_clips, tmp_path):
    clip = eval_clips / "wahoo" / "bent_leg_raises.mp4"
    paths = analyze(clip, tmp_path)
    doc = json.loads(paths["r.json"].read_text())
    assert doc["rep_count"] == 5
    page = paths["r.html"].read_text()
    assert page.count('class="rep-row"') == 5
    assert len(re.findall(r'<figure class="rep-thumb" data-rep="\d"><img [^>]*src="data:image/jpeg;base64,', page)) == 5
    source, annotated = ffprobe_video(clip), ffprobe_video(paths["a.mp4"])
    if source is not None:
        assert annotated[0] == source[0] == 500
        assert annotated[1] == pytest.approx(source[1], abs=0.01)
    if chromium() is not None:
        dom = run_chromium(paths["r.html"], tmp_path / "profile", "--dump-dom")
        duration = float(re.search(r'data-duration="([^"]+)"', dom).group(1))
        assert duration == pytest.approx(500 / (24000 / 1001), abs=0.05)
        shot = tmp_path / "report.png"
        run_chromium(paths["r.html"], tmp_path / "profile2", f"--screenshot={shot}")
        image = cv2.imread(str(shot))
        assert image is not None and np.asarray(image).std() > 20
