"""Whole-process throughput of `formcheck analyze` against the plain loop a user would write.

    .venv/bin/python bench/bench_throughput.py [VIDEO] [--exercise standing-knee-raise] [--rounds 3]
                                               [--variant "--jobs 1"] ...

Both sides are timed the same way: a fresh process from start to exit (interpreter start-up,
imports and model load included), run alternately (plain, formcheck, plain, formcheck, ...)
so machine noise hits both. The plain loop is ``bench/plain_loop.py``: OpenCV decode, RGB
conversion, MediaPipe ``PoseLandmarker`` VIDEO mode with ``num_poses=1``, nothing else.
Printed: median wall time and frames/s of each, the throughput ratio formcheck/plain, and
the peak memory (largest resident set of the process tree). Each ``--variant`` adds
another formcheck command line (extra options) to the same alternation.

Then the analysis alone: the clip's landmark recording (``--recording``, default the
committed one in ``tests/data/eval``) replayed in-process, milliseconds per frame.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared/eval/clips"
DEFAULT_VIDEO = EVAL / "wahoo/bent_leg_raises.mp4"
BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd`` to completion; (wall seconds, peak resident set in MB of the process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{shlex.join(cmd)} exited {code}:\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0


def frame_count(video: Path) -> int:
    """Frames OpenCV decodes from ``video`` (counted, not the container's estimate)."""
    import cv2

    cap = cv2.VideoCapture(str(video))
    n = 0
    while cap.grab():
        n += 1
    cap.release()
    return n


def compile_bytecode() -> None:
    """Compile formcheck's modules once, as a wheel install does (pip compiles them at install time).

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (set on this project's machines)
    would otherwise recompile every module in every process, about 0.1 s per process, a cost
    the plain loop (site-packages only, compiled at install) does not pay.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "src"), quiet=1)


def replay_ms_per_frame(recording: Path, exercise: str) -> tuple[int, float]:
    """(frames, ms per frame) of the analysis alone: the recording replayed in this process."""
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io import landmarks_io
    from formcheck.pipeline import analyze_poses

    poses = list(landmarks_io.read_frames(recording))
    start = time.perf_counter()
    analyze_poses(poses, analyzer_for(exercise))
    return len(poses), (time.perf_counter() - start) * 1000.0 / max(len(poses), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--exercise", default="standing-knee-raise")
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variant", action="append", default=[], help="extra formcheck options, one run each")
    parser.add_argument("--recording", type=Path, help="landmark recording for the replay cost")
    args = parser.parse_args()
    if not args.video.exists():
        print(f"{args.video}: not found; pass a video", file=sys.stderr)
        return 1
    frames = frame_count(args.video)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        report = str(Path(tmp) / "r.json")
        plain = [sys.executable, str(ROOT / "bench/plain_loop.py"), str(args.video), "--model", args.model]
        base = [
            str(BIN / "formcheck"),
            "analyze",
            str(args.video),
            "-e",
            args.exercise,
            "--model",
            args.model,
            "--no-log",
            "--no-progress",
            "--json",
            report,
        ]
        commands = {"plain loop": plain, "formcheck analyze": base}
        for extra in args.variant:
            commands[f"formcheck analyze {extra}"] = base + shlex.split(extra)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
        for r in range(args.rounds):
            for name, cmd in commands.items():
                wall, peak = timed(cmd)
                walls[name].append(wall)
                peaks[name] = max(peaks[name], peak)
                print(f"round {r + 1}: {name:32} {wall:6.2f} s", flush=True)
    print(
        f"\nclip {args.video.name}: {frames} frames, model {args.model}, {os.cpu_count()} cores, "
        f"{args.rounds} alternating rounds, whole processes"
    )
    plain_wall = statistics.median(walls["plain loop"])
    print(f"{'':34}{'median s':>9}{'frames/s':>10}{'vs plain':>10}{'peak MB':>9}")
    for name, values in walls.items():
        wall = statistics.median(values)
        print(f"{name:34}{wall:9.2f}{frames / wall:10.1f}{plain_wall / wall:10.2f}{peaks[name]:9.0f}")
    for name, values in list(walls.items())[1:]:
        ratios = [p / w for p, w in zip(walls["plain loop"], values, strict=True)]
        print(f"{name}: ratio per round {min(ratios):.2f}-{max(ratios):.2f}")
    committed = f"{args.video.parent.name}__{args.video.stem}.landmarks.jsonl.gz"
    recording = args.recording or ROOT / "tests/data/eval" / committed
    if recording.exists():
        n, ms = replay_ms_per_frame(recording, args.exercise)
        print(f"analysis alone (replay of {recording.name}, {n} frames): {ms:.2f} ms/frame")
    return 0


if __name__ == "__main__":
    sys.exit(main())
