"""The HTML report in a real headless browser (Debian chromium): plot, rep table, thumbnails, video plays.

Skips when chromium is not installed (.ci/run installs it).
"""

import re

import cv2
import numpy as np
import pytest
from report_helpers import annotate_without_model, chromium, recording_report, run_chromium

from formcheck.report.html import video_src
from formcheck.report.outputs import OutputLog, OutputRequest, write_outputs

pytestmark = [pytest.mark.slow, pytest.mark.skipif(chromium() is None, reason="chromium not installed")]


@pytest.fixture(scope="module")
def page(samples_dir, tmp_path_factory):
    """Report of the bent-leg-raise recording + thumbnails + the annotated bundled clip, embedded."""
    tmp = tmp_path_factory.mktemp("browser")
    video = tmp / "annotated.mp4"
    annotate_without_model(samples_dir / "bridging.mp4", video)
    thumbs = {}
    for n in range(1, 6):
        img = np.zeros((320, 240, 3), np.uint8)
        cv2.putText(img, str(n), (60, 220), cv2.FONT_HERSHEY_SIMPLEX, 6, (255, 255, 255), 12)
        thumbs[n] = cv2.imencode(".jpg", img)[1].tobytes()
    html = tmp / "report.html"
    write_outputs(recording_report(samples_dir), OutputRequest(html=html, video=video), OutputLog(), thumbnails=thumbs)
    assert video_src(video, html).startswith("data:video/mp4;base64,")  # small: embedded, one file
    return html


@pytest.fixture(scope="module")
def samples_dir():
    from conftest import SAMPLES

    return SAMPLES


def test_report_renders_and_video_plays(page, tmp_path):
    dom = run_chromium(page, tmp_path / "profile", "--dump-dom")
    assert len(re.findall(r'<tr class="rep-row"', dom)) == 5
    assert len(re.findall(r'class="rep-thumb"', dom)) == 5
    assert len(re.findall(r'class="rep-span"', dom)) == 5
    assert 'id="signal-plot"' in dom
    video = re.search(r'<video id="annotated-video"[^>]*>', dom).group(0)
    assert "data-error" not in video, video[:300]
    duration = float(re.search(r'data-duration="([^"]+)"', video).group(1))
    ready = int(re.search(r'data-ready-state="(\d)"', video).group(1))
    assert duration == pytest.approx(91 / 30, abs=0.05) and ready >= 1


def test_screenshot_shows_the_plot(page, tmp_path):
    dom = run_chromium(page, tmp_path / "p1", "--dump-dom")
    x, y, w, h = map(int, re.search(r'data-plot-rect="([\d,]+)"', dom).group(1).split(","))
    shot = tmp_path / "shot.png"
    run_chromium(page, tmp_path / "p2", f"--screenshot={shot}")
    image = cv2.imread(str(shot))
    assert image is not None and w > 500 and h > 150
    plot = image[y : y + h, x : x + w].astype(int)
    assert plot.std() > 20  # not blank
    # the right leg's line (#d95f02 = BGR 2,95,217) and the rep shading (#f6c58f over #fafafa) are painted
    line = (np.abs(plot - (2, 95, 217)).sum(axis=2) < 60).sum()
    assert line > 300
    below_plot = image[y + h + 10 : y + h + 400].astype(int)
    assert below_plot.std() > 5  # the rep table under it is drawn too
