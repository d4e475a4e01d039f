"""Screenshots of every page of ``formcheck app`` for the README (docs/images/app-*.png).

Runs the real app on the bundled samples only (the landmark recordings and the licensed
``bridging.mp4``, also played as Chromium's fake camera for the live page), in headless Chromium.

    .venv/bin/python bench/app_screenshots.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from web_helpers import browser, running_app, wait_all_finished  # noqa: E402

SAMPLES, OUT = ROOT / "sample_videos", ROOT / "docs" / "images"


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="formcheck-shots-"))
    camera = tmp / "bridging.y4m"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(SAMPLES / "bridging.mp4"), "-pix_fmt", "yuv420p", str(camera)],
        check=True,
    )
    flags = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             f"--use-file-for-fake-video-capture={camera}")  # fmt: skip
    uploads = ["bent_leg_raises.landmarks.jsonl.gz", "plank.landmarks.jsonl.gz", "high_knees.landmarks.jsonl.gz",
               "bridging.mp4"]  # fmt: skip
    try:
        with running_app(tmp) as app, browser(*flags) as chromium:
            page = chromium.new_page(viewport={"width": 1100, "height": 830})  # type: ignore[attr-defined]
            page.goto(app.link)
            page.fill("#athlete", "Ana")
            page.set_input_files("#files", [str(SAMPLES / name) for name in uploads])
            wait_all_finished(page, len(uploads), 300)
            page.screenshot(path=str(OUT / "app-analyse.png"))
            page.click("tr.job:has-text('bent_leg_raises') a")
            page.wait_for_selector("iframe.report")
            page.wait_for_timeout(1500)
            page.screenshot(path=str(OUT / "app-report.png"))
            page.goto(app.base + "/people")
            page.screenshot(path=str(OUT / "app-people.png"))
            page.goto(app.base + "/people/Ana")
            page.screenshot(path=str(OUT / "app-person.png"), full_page=True)
            page.goto(app.base + "/live")
            page.select_option("#exercise", "lying-leg-raise")
            page.click("#start")
            page.wait_for_function("() => window.formcheckLiveStats().answered > 30", timeout=60_000)
            page.screenshot(path=str(OUT / "app-live.png"))
            page.click("#stop")
            page.wait_for_selector("#report-link", timeout=60_000)
            print("live:", page.evaluate("() => window.formcheckLiveStats()"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("written:", ", ".join(sorted(p.name for p in OUT.glob("app-*.png"))))


if __name__ == "__main__":
    main()
