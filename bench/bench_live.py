"""Live-session latency: capture-to-overlay time per frame and frames dropped, at 30 fps input.

    .venv/bin/python bench/bench_live.py [--seconds 15] [--models full] [--sizes 640x480 1280x720 1920x1080]

A 30 fps video (sample_videos/bridging.mp4 looped to the requested length, scaled to each
webcam resolution) is played as if it were a camera, paced in real time, through the same
LiveSession as `formcheck live` (headless, overlay drawn, frames wider than ``--max-width``
scaled once on capture as `formcheck live` does). For each model it prints the median and 95th percentile of the
time from grabbing a frame to having its overlay drawn, and the fraction of camera frames
dropped because the analysis was still busy with an earlier one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def looped_video(seconds: float, folder: Path, size: tuple[int, int]) -> Path:
    """bridging.mp4 (30 fps, 640x480) repeated to about ``seconds`` long at ``size``, as MJPG AVI."""
    import cv2

    out = folder / f"looped_{size[0]}x{size[1]}.avi"
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, size)
    written = 0
    while written < seconds * 30:
        cap = cv2.VideoCapture(str(ROOT / "sample_videos" / "bridging.mp4"))
        while written < seconds * 30:
            ok, frame = cap.read()
            if not ok:
                break
            writer.write(cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR) if size != (640, 480) else frame)
            written += 1
        cap.release()
    writer.release()
    return out


def run(video: Path, model: str, max_width: int | None) -> dict[str, object]:
    """One real-time live session, headless; returns the session's live statistics."""
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.sources import CameraSource
    from formcheck.live.session import LiveOptions, LiveSession
    from formcheck.pose.protocol import PoseSettings, open_estimator

    with CameraSource(str(video), max_width=max_width) as cam, open_estimator(PoseSettings(model)) as est:
        session = LiveSession(
            cam,
            est,
            lambda side: analyzer_for("standing-knee-raise", side=side),
            LiveOptions(title="bench"),
        )
        outcome = session.run()
    return outcome.stats.to_json()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--models", nargs="+", default=["full"])
    parser.add_argument("--sizes", nargs="+", default=["640x480", "1280x720", "1920x1080"])
    parser.add_argument("--max-width", type=int, default=1280, help="0: never scale (to compare)")
    args = parser.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes]
    print(f"30 fps input, {args.seconds:.0f} s per run, paced in real time")
    print(f"{'model':6} {'size':>10} {'median ms':>10} {'p95 ms':>8} {'captured':>9} {'analysed':>9} {'dropped':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            video = looped_video(args.seconds, Path(tmp), size)  # type: ignore[arg-type]
            for model in args.models:
                s = run(video, model, args.max_width or None)
                lat = s["latency_ms"]
                assert isinstance(lat, dict)
                cap, drop = int(s["frames_captured"]), int(s["frames_dropped"])  # type: ignore[call-overload]
                print(
                    f"{model:6} {size[0]:>5}x{size[1]:<4} {lat['median']:>10} {lat['p95']:>8} {cap:>9} "
                    f"{s['frames_processed']:>9} {drop:>5} ({drop / max(cap, 1):.0%})",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
