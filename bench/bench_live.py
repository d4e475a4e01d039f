"""Live-session latency: capture-to-overlay time per frame and frames dropped, at 30 fps input.

    .venv/bin/python bench/bench_live.py [--seconds 15] [--models full] [--sizes 640x480 1280x720 1920x1080]
                                         [--busy] [--faults-clip CLIP] [--no-step-down]

A 30 fps video (sample_videos/bridging.mp4 looped to the requested length, scaled to each
webcam resolution) is played as if it were a camera, paced in real time, through the same
LiveSession as `formcheck live` (headless, overlay drawn, frames wider than ``--max-width``
scaled once on capture, stepping down to a cheaper estimator when it cannot keep up, as
`formcheck live` does). For each model it prints the median and 95th percentile of the
time from grabbing a frame to having its overlay drawn, the p95 as a ratio to the plain loop's
time per frame (decode, RGB, the model: ``bench/plain_loop.py``'s loop, timed in this process on
the same video just before, so machines can be compared), the fraction of camera frames dropped
because the analysis was still busy with an earlier one, and the switches to a cheaper estimator.

``--busy`` runs everything a second time with a competing busy process (a Python loop on one
core). ``--faults-clip`` (default ../shared/eval/clips/wahoo/bent_leg_raises.mp4, the knee-raise
clip) is also played as a camera, quiet and (with ``--busy``) busy, and each rep's faults are
compared with what ``analyze`` finds on the same clip.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

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


def run(
    video: Path, model: str, max_width: int | None, exercise: str = "standing-knee-raise", step: bool = True
) -> Any:
    """One real-time live session, headless; returns its outcome (the stats in ``outcome.stats``)."""
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.sources import CameraSource
    from formcheck.live.keep_up import Level
    from formcheck.live.session import LiveOptions, LiveSession
    from formcheck.pose.protocol import PoseEstimator, PoseSettings, open_estimator

    settings = PoseSettings(model, with_mask=analyzer_for(exercise).uses_mask)

    def step_down(level: Level) -> PoseEstimator:
        return open_estimator(replace(settings, model=level.model, input_width=level.input_width))

    with CameraSource(str(video), max_width=max_width) as cam, open_estimator(settings) as est:
        session = LiveSession(
            cam,
            est,
            lambda side: analyzer_for(exercise, side=side),
            LiveOptions(title="bench", model=model),
            step_down=step_down if step else None,
        )
        return session.run()


def plain_ms_per_frame(video: Path, model: str, max_width: int | None, frames: int = 150) -> float:
    """The plain loop's time per frame (ms): decode, scale as the camera does, RGB, ``PoseLandmarker`` VIDEO mode."""
    import cv2
    import mediapipe as mp
    from mediapipe.tasks.python import BaseOptions, vision

    from formcheck.pose.models import resolve_model

    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_model(model))),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    landmarker = vision.PoseLandmarker.create_from_options(options)
    cap = cv2.VideoCapture(str(video))
    n, start = 0, time.perf_counter()
    while n < frames:
        ok, frame = cap.read()
        if not ok:
            break
        if max_width and frame.shape[1] > max_width:
            frame = cv2.resize(frame, (max_width, round(frame.shape[0] * max_width / frame.shape[1])))
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        landmarker.detect_for_video(image, round(n * 1000 / 30))
        n += 1
    elapsed = time.perf_counter() - start
    cap.release()
    landmarker.close()
    return 1000.0 * elapsed / max(n, 1)


@contextmanager
def busy_process(on: bool) -> Iterator[None]:
    """A competing process spinning on one core while the block runs (when ``on``)."""
    if not on:
        yield
        return
    proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.5)
        yield
    finally:
        proc.kill()
        proc.wait()


def latency_table(args: argparse.Namespace, sizes: list[tuple[int, int]], busy: bool) -> None:
    """One row per size and model."""
    print(f"\n30 fps input, {args.seconds:.0f} s per run, paced in real time{', with a busy process' if busy else ''}")
    print(
        f"{'model':6} {'size':>10} {'plain ms':>9} {'median ms':>10} {'p95 ms':>8} {'p95/plain':>10} "
        f"{'captured':>9} {'analysed':>9} {'dropped':>11}  switches"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            video = looped_video(args.seconds, Path(tmp), size)
            for model in args.models:
                with busy_process(busy):
                    plain = plain_ms_per_frame(video, model, args.max_width or None)
                    s = run(video, model, args.max_width or None, step=not args.no_step_down).stats.to_json()
                lat = s["latency_ms"]
                cap, drop = int(s["frames_captured"]), int(s["frames_dropped"])
                switches = ", ".join(
                    f"{w['model']}/{w['input_width'] or 'as captured'} at {w['t_s']} s" for w in s["switches"]
                )
                print(
                    f"{model:6} {size[0]:>5}x{size[1]:<4} {plain:9.1f} {lat['median']:>10} {lat['p95']:>8} "
                    f"{lat['p95'] / plain:10.2f} {cap:>9} {s['frames_processed']:>9} "
                    f"{drop:>5} ({drop / max(cap, 1):4.0%})  {switches or '-'}",
                    flush=True,
                )


def rep_faults(result: Any) -> list[tuple[str, ...]]:
    """Each rep's fault codes."""
    return [tuple(sorted(rep.faults)) for rep in result.reps]


def camera_copy(clip: Path, folder: Path, max_width: int | None) -> Path:
    """``clip`` at most ``max_width`` wide as MJPG AVI at its own frame rate: a camera's frames cost little to read."""
    import cv2

    cap = cv2.VideoCapture(str(clip))
    fps = float(cap.get(cv2.CAP_PROP_FPS))
    width, height = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))
    if max_width and width > max_width:
        width, height = max_width, round(height * max_width / width)
    out = folder / f"{clip.stem}_camera.avi"
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        writer.write(cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA))
    cap.release()
    writer.release()
    return out


def faults_table(args: argparse.Namespace) -> None:
    """The knee-raise clip through analyze, then played as a camera (quiet, and busy with --busy): faults compared.

    The camera plays an MJPG copy scaled as ``formcheck live`` scales a camera (decoding the
    1080p H.264 original would make the capture, not the analysis, the bottleneck).
    """
    from formcheck.application import AnalysisOptions, analyse

    clip = args.faults_clip
    if not clip.exists():
        print(f"{clip}: not found, no fault comparison")
        return
    exercise = args.faults_exercise
    analysed = analyse(clip, exercise, AnalysisOptions(model="full", jobs=2)).outcome.result
    print(f"\n{clip.name} as {exercise}: analyze (full model, every frame) vs live sessions (paced in real time)")
    print(f"  analyze: {len(analysed.reps)} reps, faults per rep {rep_faults(analysed)}")
    print(f"  analyze lowering s: {[round(r.metrics.get('lower_s', float('nan')), 2) for r in analysed.reps]}")
    runs = [(False, True), (True, True), (True, False)] if args.busy else [(False, True)]
    with tempfile.TemporaryDirectory() as tmp:
        camera = camera_copy(clip, Path(tmp), args.max_width or None)
        for busy, step in runs:
            with busy_process(busy):
                outcome = run(camera, "full", None, exercise, step=step and not args.no_step_down)
            live = outcome.sets[-1].result
            s = outcome.stats.to_json()
            same = rep_faults(live) == rep_faults(analysed)
            cap, drop = int(s["frames_captured"]), int(s["frames_dropped"])
            how = ("busy" if busy else "quiet") + ("" if step else ", never stepping down")
            switched = [f"{w['model']}/{w['input_width'] or 'as captured'} at {w['t_s']} s" for w in s["switches"]]
            print(f"  live ({how}): {len(live.reps)} reps, dropped {drop} of {cap} ({drop / max(cap, 1):.0%}), "
                  f"latency p95 {s['latency_ms']['p95']} ms, switches {switched or 'none'}")  # fmt: skip
            print(f"    faults per rep {rep_faults(live)}: {'SAME as analyze' if same else 'DIFFERENT from analyze'}")
            print(
                f"    lowering s: {[round(r.metrics.get('lower_s', float('nan')), 2) for r in live.reps]}", flush=True
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--models", nargs="+", default=["full"])
    parser.add_argument("--sizes", nargs="+", default=["640x480", "1280x720", "1920x1080"])
    parser.add_argument("--max-width", type=int, default=1280, help="0: never scale (to compare)")
    parser.add_argument("--busy", action="store_true", help="also run with a competing busy process")
    parser.add_argument("--faults-clip", type=Path, default=ROOT.parent / "shared/eval/clips/wahoo/bent_leg_raises.mp4")
    parser.add_argument("--faults-exercise", default="standing-knee-raise")
    parser.add_argument("--no-faults", action="store_true", help="skip the fault comparison")
    parser.add_argument("--no-step-down", action="store_true", help="never switch to a cheaper estimator")
    args = parser.parse_args()
    sizes = [(int(s.split("x")[0]), int(s.split("x")[1])) for s in args.sizes]
    for busy in (False, True) if args.busy else (False,):
        latency_table(args, sizes, busy)
    if not args.no_faults:
        faults_table(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
