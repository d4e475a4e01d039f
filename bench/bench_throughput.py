"""Throughput of `formcheck analyze` against a bare decode + pose-inference loop, same clip, same run.

    .venv/bin/python bench/bench_throughput.py [VIDEO] [--model full] [--rounds 2]

The bare loop is the floor any analysis pays: OpenCV decode, RGB conversion, MediaPipe
PoseLandmarker (VIDEO mode, same options as formcheck) and nothing else. The pipeline run is
`formcheck analyze` minus printing: threaded decode, pose conversion, smoothing, analysis,
report building. Runs alternate (bare, pipeline, bare, pipeline, ...) so machine noise hits
both; the ratio of median throughputs is what to compare across machines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CLIPS = [ROOT.parent / "shared/eval/clips/wahoo/bent_leg_raises.mp4", ROOT / "sample_videos/bridging.mp4"]


def bare_loop(video: Path, model: str) -> tuple[int, float]:
    """Decode every frame and run the pose model on it; returns (frames, seconds)."""
    import cv2
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    from formcheck.pose.estimator import quiet_native_stderr
    from formcheck.pose.models import resolve_model

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_model(model))),
        running_mode=vision.RunningMode.VIDEO, num_poses=2,
    )
    with quiet_native_stderr():
        landmarker = vision.PoseLandmarker.create_from_options(options)
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    n = 0
    start = time.perf_counter()
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        with quiet_native_stderr():
            landmarker.detect_for_video(image, int(n * 1000 / fps))
        n += 1
    elapsed = time.perf_counter() - start
    cap.release()
    landmarker.close()
    return n, elapsed


def pipeline(video: Path, model: str, exercise: str) -> tuple[int, float]:
    """The analyze command's work (video → poses → analyzer → report dict); returns (frames, seconds)."""
    from formcheck.analysis.registry import get
    from formcheck.report.build import build_report
    from formcheck.runner import analyze_video

    start = time.perf_counter()
    outcome = analyze_video(video, get(exercise)(), model=model)
    build_report(outcome, input_kind="video", input_path=str(video), model=model)
    return outcome.source.frames, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path)
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    parser.add_argument("--exercise", default="standing-knee-raise")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    video = args.video or next((p for p in DEFAULT_CLIPS if p.exists()), None)
    if video is None or not video.exists():
        print("no video found; pass one", file=sys.stderr)
        return 1
    bare, full = [], []
    for r in range(args.rounds):
        n, s = bare_loop(video, args.model)
        bare.append(n / s)
        m, s2 = pipeline(video, args.model, args.exercise)
        full.append(m / s2)
        print(f"round {r + 1}: bare {n / s:6.1f} frames/s   analyze {m / s2:6.1f} frames/s   ({n} frames)")
    b, f = statistics.median(bare), statistics.median(full)
    print(f"clip {video.name}, model {args.model}")
    print(f"bare decode+inference: {b:6.1f} frames/s")
    print(f"formcheck analyze:     {f:6.1f} frames/s")
    print(f"ratio analyze/bare:    {f / b:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
