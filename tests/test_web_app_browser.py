"""``formcheck app`` used as a person would: a real app process, headless Chromium, real clips.

Slow tier. Skips without Debian's chromium (``.ci/run`` installs it); the test on the shared
clips skips without ``../shared/eval``.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from web_helpers import browser, chromium_path, free_port, running_app, wait_all_finished

pytestmark = [pytest.mark.slow, pytest.mark.skipif(chromium_path() is None, reason="chromium not installed")]


def processes_with(*words: str) -> list[int]:
    """Process ids whose command line holds every one of ``words`` (read from /proc: no procps needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if all(w in command for w in words):
            found.append(int(entry.name))
    return found


def analyze_counts(path: Path, folder: Path) -> list[int]:
    """The reps of each set ``formcheck analyze`` (exercise recognised) gives for ``path`` (JSON in ``folder``)."""
    out = folder / f"{path.name}.cli.json"
    subprocess.run(
        [sys.executable, "-m", "formcheck", "analyze", str(path), "--json", str(out), "--no-progress", "--no-log"],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    doc = json.loads(out.read_text())
    if doc.get("schema", "").startswith("formcheck.workout"):
        return [int(s["rep_count"]) for s in doc["sets"]]
    return [int(doc["rep_count"])]


def shown_count(result: str) -> int:
    """The reps a queue row shows ("5 reps · ..."; a hold alone, "10.8 s held in form · Plank", is 0 reps)."""
    first = result.split(" ", 1)[0]
    return int(first) if "reps" in result.split("·")[0] else 0


def record_events(page: object) -> None:
    """Keep every queue event the page is sent in ``window.seenEvents``."""
    page.evaluate(  # type: ignore[attr-defined]
        "() => { window.seenEvents = []; const s = new EventSource('/events');"
        " s.addEventListener('job', e => window.seenEvents.push(JSON.parse(e.data))); }"
    )


def test_upload_two_at_once_progress_report_and_history(tmp_path: Path, samples: Path) -> None:
    """Three files dropped at once: a video and two recordings; counts as `analyze`, the report, the person's charts."""
    files = [
        samples / "bridging.mp4",
        samples / "bent_leg_raises.landmarks.jsonl.gz",
        samples / "plank.landmarks.jsonl.gz",
    ]
    with running_app(tmp_path) as app, browser() as chromium:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(app.link)
        assert page.url == app.base + "/"  # the token left the address bar
        record_events(page)
        page.fill("#athlete", "Ana Souza")
        page.set_input_files("#files", [str(f) for f in files])
        page.wait_for_selector("#upload-message.ok", timeout=30_000)
        assert page.inner_text("#upload-message") == "3 queued."
        rows = wait_all_finished(page, 3, timeout_s=300)
        events = page.evaluate("() => window.seenEvents")
        page.screenshot(path=str(tmp_path / "analyse.png"), full_page=True)
        assert all(r["state"] == "done" for r in rows), rows
        video_events = [e for e in events if e["name"] == "bridging.mp4"]
        assert any(e["state"] == "running" and 0 < e["done"] < e["total"] for e in video_events), video_events
        expected = {f.name: analyze_counts(f, tmp_path) for f in files}
        shown = {r["name"]: r["result"] for r in rows}
        for name, counts in expected.items():
            assert shown_count(shown[name]) == counts[0], (name, shown[name], counts)

        page.click("tr.job:has-text('bridging.mp4') a")
        page.wait_for_selector("iframe.report")
        said = page.inner_text("main")
        assert any(w in said for w in ("Recognised as", "Probably", "Not recognised for sure")), said
        links = page.eval_on_selector_all(".downloads a", "as => as.map(a => a.textContent)")
        assert links == ["Open the report", "JSON", "CSV", "annotated MP4"]
        report_doc = page.evaluate(
            "() => fetch(document.querySelector('.downloads a[href$=\"report.json?download=1\"]').href)"
            ".then(r => r.json())"
        )
        assert report_doc["input"]["network"] == "isolated"  # the worker estimated the poses with no network
        with page.expect_download() as download:
            page.click("text=annotated MP4")
        saved = tmp_path / "annotated.mp4"
        download.value.save_as(saved)
        assert saved.read_bytes()[4:8] == b"ftyp"
        report = chromium.new_page()  # type: ignore[attr-defined]
        report.context.add_cookies(page.context.cookies())
        report.goto(page.eval_on_selector(".downloads a.button", "a => a.href"))
        report.wait_for_selector("#annotated-video")
        playable = report.eval_on_selector("#annotated-video", "v => v.readyState >= 1 || !v.error")
        assert playable

        page.goto(app.base + "/people")
        page.click("a.name:has-text('Ana Souza')")
        page.wait_for_selector("#sessions")
        assert len(page.query_selector_all("tr.session")) == 3
        titles = page.eval_on_selector_all(".chart h3", "hs => hs.map(h => h.textContent)")
        assert "Reps per week" in titles and any("Programme adherence" in t for t in titles)
        assert len(page.query_selector_all(".chart svg circle.dot")) >= len(titles)
        page.screenshot(path=str(tmp_path / "person.png"), full_page=True)


def test_three_shared_clips_count_as_analyze(tmp_path: Path, eval_clips: Path) -> None:
    """The issue's check: three shared clips uploaded through the page give `formcheck analyze`'s counts."""
    clips = [eval_clips / "gymlessabs/hanging_knee_ups.mp4", eval_clips / "gymlessabs/leg_raises.mp4",
             eval_clips / "wahoo/bent_leg_raises.mp4"]  # fmt: skip
    with running_app(tmp_path) as app, browser() as chromium:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(app.link)
        page.set_input_files("#files", [str(c) for c in clips])
        rows = wait_all_finished(page, 3, timeout_s=900)
    shown = {r["name"]: r["result"] for r in rows}
    for clip in clips:
        counts = analyze_counts(clip, tmp_path)
        assert shown_count(shown[clip.name]) == counts[0], (clip.name, shown[clip.name], counts)
        print(f"{clip.name}: page {shown[clip.name]!r}, formcheck analyze {counts}")


def test_bad_uploads_each_get_one_sentence_and_the_rest_goes_on(tmp_path: Path, samples: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("these are my notes, not a video\n" * 10)
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes((samples / "bridging.mp4").read_bytes()[:200_000])
    big = tmp_path / "big.mp4"
    big.write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * (1024 * 1024 + 100))
    with running_app(tmp_path / "app", "--max-upload-mb", "1") as app, browser() as chromium:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(app.link)
        page.set_input_files("#files", [str(text), str(truncated), str(big)])
        page.wait_for_selector("#upload-message.error", timeout=30_000)
        said = page.inner_text("#upload-message")
        assert said.startswith("1 queued.")
        assert "notes.mp4: this is not a video formcheck can read" in said
        assert "big.mp4: the file is larger than the 1 MiB limit" in said
        rows = wait_all_finished(page, 1, timeout_s=120)
        assert rows[0]["name"] == "truncated.mp4" and rows[0]["state"] in ("failed", "partial"), rows
        assert rows[0]["result"].startswith("truncated.mp4: an incomplete copy of a video"), rows[0]
        assert "Traceback" not in rows[0]["result"] and str(app.data) not in rows[0]["result"]
        page.screenshot(path=str(tmp_path / "bad.png"), full_page=True)
        stored = sorted(p.suffix for p in (app.data / "uploads").iterdir())
        assert stored == [".mp4"]  # only the one accepted


EVIL = """<!doctype html><script>
window.results = {};
fetch("{app}/api/uploads?name=x.mp4", {method: "POST", mode: "no-cors", credentials: "include", body: "0000ftypisom"})
  .then(() => window.results.fetch = "sent").catch(() => window.results.fetch = "blocked");
const ws = new WebSocket("{ws}/ws/live?token=guess");
ws.onopen = () => window.results.ws = "open";
ws.onclose = () => window.results.ws = window.results.ws || "closed";
</script>"""


def test_a_page_of_another_site_cannot_use_the_app(tmp_path: Path) -> None:
    with running_app(tmp_path) as app, browser() as chromium:
        context = chromium.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(app.link)  # the person has the app open: the browser holds its cookie
        evil_dir = tmp_path / "evil"
        evil_dir.mkdir()
        (evil_dir / "index.html").write_text(
            EVIL.replace("{app}", app.base).replace("{ws}", app.base.replace("http", "ws"))
        )
        port = free_port()
        handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(evil_dir))  # noqa: E731
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            evil = context.new_page()
            evil.goto(f"http://localhost:{port}/index.html")
            evil.wait_for_function("() => window.results.ws && window.results.fetch", timeout=15_000)
            assert evil.evaluate("() => window.results.ws") == "closed"
            jobs = page.evaluate("() => fetch('/api/jobs').then(r => r.json())")
            assert jobs == []  # nothing was uploaded by the other site
        finally:
            server.shutdown()


def test_killed_app_leaves_no_worker_and_resumes_the_queue(tmp_path: Path, samples: Path) -> None:
    """kill -9 during an analysis: the worker dies with it; the next start finishes the job."""
    import urllib.request

    def request(app: object, path: str, data: bytes | None = None) -> bytes:
        req = urllib.request.Request(app.base + path, data=data, method="POST" if data else "GET")  # type: ignore[attr-defined]
        req.add_header("Cookie", f"formcheck_app={app.token}")  # type: ignore[attr-defined]
        if data:
            req.add_header("Origin", app.base)  # type: ignore[attr-defined]
            req.add_header("X-Formcheck-Token", app.token)  # type: ignore[attr-defined]
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.read()

    with running_app(tmp_path) as app:
        job = json.loads(
            request(app, "/api/uploads?name=bridging.mp4&athlete=Bo", (samples / "bridging.mp4").read_bytes())
        )
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while time.monotonic() < deadline and not workers:
            workers = processes_with("analysis_worker", job["id"])
            time.sleep(0.1)
        assert workers, "no worker started"
        os.kill(app.process.pid, signal.SIGKILL)
        app.process.wait()
        time.sleep(2)
        assert processes_with("analysis_worker", job["id"]) == [], "a worker outlived the app"
    with running_app(tmp_path) as again:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            jobs = json.loads(request(again, "/api/jobs"))
            if jobs and jobs[0]["state"] not in ("queued", "running"):
                break
            time.sleep(0.5)
        assert jobs[0]["id"] == job["id"] and jobs[0]["state"] == "done", jobs
        assert jobs[0]["outcome"]["sets"][0]["session_id"] is not None


def fake_camera(clip: Path, folder: Path, width: int = 640) -> Path:
    """``clip`` as a Y4M file Chromium can play as its fake camera (it loops it)."""
    y4m = folder / f"{clip.stem}.y4m"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(clip), "-vf", f"scale={width}:-2", "-pix_fmt", "yuv420p", str(y4m)],
        check=True, timeout=300,
    )  # fmt: skip
    return y4m


def live_cli_reps(clip: Path, exercise: str, folder: Path) -> int:
    """What ``formcheck live --source CLIP`` counts (real-time pacing, as a camera)."""
    report = folder / "live-cli.json"
    subprocess.run(
        [sys.executable, "-m", "formcheck", "live", "-e", exercise, "--source", str(clip), "--headless", "--no-log",
         "--json", str(report)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return int(json.loads(report.read_text())["rep_count"])


def browser_live_session(
    app: object, chromium: object, exercise: str, seconds: float, folder: Path
) -> dict[str, object]:
    """Start a live session on the page, let the fake camera play ``seconds``, stop; what the page showed."""
    page = chromium.new_page()  # type: ignore[attr-defined]
    page.goto(app.link)  # type: ignore[attr-defined]
    page.goto(app.base + "/live")  # type: ignore[attr-defined]
    page.fill("#athlete", "Live Tester")
    page.select_option("#exercise", exercise)
    page.click("#start")
    page.wait_for_function(
        "() => window.formcheckLiveStats && window.formcheckLiveStats().answered > 0", timeout=60_000
    )
    started, pictured = time.monotonic(), False
    while time.monotonic() - started < seconds:
        if not pictured and page.query_selector("#knee.above") is not None:
            page.screenshot(path=str(folder / "live.png"), full_page=True)  # a knee up, the skeleton drawn
            pictured = True
        page.wait_for_timeout(200)
    stats = page.evaluate("() => window.formcheckLiveStats()")
    page.click("#stop")
    page.wait_for_selector("#report-link", timeout=120_000)
    stats["shown_reps"] = int(page.inner_text("#reps"))
    stats["saved_reps"] = int(page.get_attribute("#result", "data-reps"))
    stats["played_s"] = time.monotonic() - started
    stats["report_url"] = page.get_attribute("#report-link", "href")
    stats["knee_above_hip_seen"] = pictured
    page.screenshot(path=str(folder / "live-done.png"), full_page=True)
    return stats


def test_live_session_in_the_browser_counts_as_live_source(tmp_path: Path, eval_clips: Path) -> None:
    """A real clip as Chromium's camera: the page's count equals `formcheck live --source` within one rep."""
    clip = eval_clips / "wahoo/bent_leg_raises.mp4"
    camera = fake_camera(clip, tmp_path)
    duration = float(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(clip)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    expected = live_cli_reps(clip, "standing-knee-raise", tmp_path)
    flags = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             f"--use-file-for-fake-video-capture={camera}")  # fmt: skip
    with running_app(tmp_path / "app") as app, browser(*flags) as chromium:
        stats = browser_live_session(app, chromium, "standing-knee-raise", duration - 1.0, tmp_path)
        people = chromium.new_page()  # type: ignore[attr-defined]
        people.goto(app.link)
        people.goto(app.base + "/people/Live%20Tester")
        sessions = len(people.query_selector_all("tr.session"))
        report = people.goto(app.base + str(stats["report_url"]))
        assert report is not None and report.status == 200
        assert "Standing knee raise" in people.inner_text("h1")
    print(f"\nlive in the browser: {stats}; formcheck live --source: {expected}")
    assert abs(int(stats["saved_reps"]) - expected) <= 1, (stats, expected)
    assert stats["shown_reps"] <= stats["saved_reps"]
    assert stats["knee_above_hip_seen"]  # the indicator turned on during a rep
    assert sessions == 1
    assert float(stats["median_ms"]) < 1000
