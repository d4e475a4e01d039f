"""Whole-process throughput of `formcheck analyze` against the plain loop a user would write.

    .venv/bin/python bench/bench_throughput.py [VIDEO] [--exercise standing-knee-raise] [--rounds 3]
                                               [--variant "--jobs 1"] ... [--baseline-src DIR]
    .venv/bin/python bench/bench_throughput.py --all [--min-s 8] [--rounds 1] [--only KEY ...]

``--all`` runs every labelled clip of ``../shared/eval/ground_truth.json`` with an exercise
(``--min-s``: only clips at least that long), each with its own exercise, so the mask is on
where that exercise uses it, and prints one row per clip (length, fps, mask, the ratio of each
command to the plain loop, peak memory) and the total (all plain-loop time over all time of each
command). ``--baseline-src DIR`` adds the same analyze command run on another checkout's
``src`` (``git archive REV | tar -x -C DIR``), to compare before and after in one run.
``--ceiling`` adds ``bench/tracker_alone.py`` (decoding ahead and one tracker, nothing else), with
the mask where the exercise uses it (``ceiling``: the throughput no analysis that follows the
person with one tracker can pass) and without it (``nomask``: the same, were the mask free).

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


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system, process tree) of every run, by command line: what a busy machine cannot hide."""


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
    CPU.setdefault(shlex.join(cmd), []).append(usage.ru_utime + usage.ru_stime)
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


def commands_for(video: Path, exercise: str, args: argparse.Namespace, report: str) -> dict[str, list[str]]:
    """The plain loop, formcheck analyze, each ``--variant``, the baseline checkout's analyze and the
    tracker alone (``--ceiling``), by name."""
    plain = [sys.executable, str(ROOT / "bench/plain_loop.py"), str(video), "--model", args.model]
    options = ["analyze", str(video), "-e", exercise, "--model", args.model, "--no-log", "--no-progress"]
    base = [str(BIN / "formcheck"), *options, "--json", report]
    commands = {"plain loop": plain, "formcheck analyze": base}
    for extra in args.variant:
        commands[f"formcheck analyze {extra}"] = base + shlex.split(extra)
    if args.baseline_src is not None:
        # PYTHONPATH puts the other checkout's package first; env(1) keeps this a plain command line
        before = ["env", f"PYTHONPATH={args.baseline_src}", sys.executable, "-m", "formcheck", *options]
        commands["before (baseline src)"] = [*before, "--json", report + ".before"]
    if args.ceiling:
        from formcheck.analysis import registry

        alone = [sys.executable, str(ROOT / "bench/tracker_alone.py"), str(video), "--model", args.model]
        commands["one tracker alone (ceiling)"] = alone + (["--mask"] if registry.get(exercise).uses_mask else [])
        commands["one tracker alone, no mask (nomask)"] = alone
    return commands


def alternate(commands: dict[str, list[str]], rounds: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Each command once per round, in turn; (wall seconds per round, peak MB) by name."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    for r in range(rounds):
        for name, cmd in commands.items():
            wall, peak = timed(cmd)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
            print(f"round {r + 1}: {name:32} {wall:6.2f} s  (CPU {CPU[shlex.join(cmd)][-1]:6.2f} s)", flush=True)
    return walls, peaks


def one_clip(args: argparse.Namespace) -> int:
    """The detailed comparison on one clip (see the module docstring)."""
    if not args.video.exists():
        print(f"{args.video}: not found; pass a video", file=sys.stderr)
        return 1
    frames = frame_count(args.video)
    with tempfile.TemporaryDirectory() as tmp:
        commands = commands_for(args.video, args.exercise, args, str(Path(tmp) / "r.json"))
        walls, peaks = alternate(commands, args.rounds)
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


def labelled_clips(labels: Path, min_s: float, only: list[str]) -> list[tuple[Path, str, float, float, bool]]:
    """(video, exercise, seconds, fps, mask used) of every labelled clip with an exercise, at least ``min_s`` long."""
    import cv2

    from formcheck.analysis import registry
    from formcheck.evaluation import load_labels

    found = []
    for label in load_labels(labels):
        path = labels.parent / label.file
        if not path.exists() or (only and not any(key in label.file for key in only)):
            continue
        cap = cv2.VideoCapture(str(path))
        fps, count = float(cap.get(cv2.CAP_PROP_FPS)), int(cap.get(cv2.CAP_PROP_FRAME_COUNT))
        cap.release()
        seconds = count / fps if fps > 0 else 0.0
        if seconds >= min_s:
            found.append((path, label.exercise, seconds, fps, registry.get(label.exercise).uses_mask))
    return found


def all_clips(args: argparse.Namespace) -> int:
    """Every labelled clip: one row each, the ratio of each command to the plain loop, and the total."""
    clips = labelled_clips(args.labels, args.min_s, args.only)
    totals: dict[str, float] = {}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, exercise, seconds, fps, mask in clips:
            print(f"{path.parent.name}/{path.name} ({exercise})", flush=True)
            report = Path(tmp) / "r.json"
            commands = commands_for(path, exercise, args, str(report))
            walls, peaks = alternate(commands, args.rounds)
            for name, values in walls.items():
                totals[name] = totals.get(name, 0.0) + sum(values)
            counts = [counted(report)] + ([counted(Path(str(report) + ".before"))] if args.baseline_src else [])
            rows.append((path, seconds, fps, mask, walls, peaks, counts))
    names = list(totals)
    print(f"\n{len(rows)} clips, model {args.model}, {os.cpu_count()} cores, {args.rounds} alternating round(s)")
    head = "".join(f"{'x ' + n.split()[-1].strip('()')[:10]:>13}" for n in names[1:])
    print(f"{'clip':44}{'s':>6}{'fps':>6}{'mask':>5}{'plain s':>9}{head}{'peak MB (plain/each)':>24}  counted")
    same = 0
    for path, seconds, fps, mask, walls, peaks, counts in rows:
        plain = statistics.median(walls["plain loop"])
        ratios = "".join(f"{plain / statistics.median(walls[n]):13.2f}" for n in names[1:])
        mem = "/".join(f"{peaks[n]:.0f}" for n in names)
        key = f"{path.parent.name}/{path.name}"
        same += len(set(counts)) == 1
        told = " / ".join(counts) + ("" if len(set(counts)) == 1 else "  DIFFERENT")
        print(f"{key:44}{seconds:6.1f}{fps:6.1f}{'yes' if mask else 'no':>5}{plain:9.1f}{ratios}{mem:>24}  {told}")
    total = "".join(f"{totals['plain loop'] / totals[n]:13.2f}" for n in names[1:])
    print(f"{'total (all plain time / all time)':44}{'':17}{totals['plain loop']:9.1f}{total}")
    print("columns: " + ", ".join(names[1:]))
    if args.baseline_src:
        print(f"counted (reps, or seconds held in form) identical now and before on {same} of {len(rows)} clips")
    return 0


def counted(report: Path) -> str:
    """What a JSON report counted: reps, or seconds held in form."""
    import json

    doc = json.loads(report.read_text())
    holds = [h for h in doc["holds"] if h.get("rep") is None]
    if doc["rep_count"] or not holds:
        return f"{doc['rep_count']} reps"
    return f"{sum(h['in_form_s'] or 0.0 for h in holds):.1f} s held"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", nargs="?", type=Path, default=DEFAULT_VIDEO)
    parser.add_argument("--exercise", default="standing-knee-raise")
    parser.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    parser.add_argument("--rounds", type=int, help="alternating rounds (default 3; 1 with --all)")
    parser.add_argument("--variant", action="append", default=[], help="extra formcheck options, one run each")
    parser.add_argument("--recording", type=Path, help="landmark recording for the replay cost")
    parser.add_argument("--baseline-src", type=Path, help="another checkout's src folder, run as 'before'")
    parser.add_argument("--ceiling", action="store_true", help="also time one tracker alone (bench/tracker_alone.py)")
    parser.add_argument("--all", action="store_true", help="every labelled clip with an exercise")
    parser.add_argument("--labels", type=Path, default=EVAL.parent / "ground_truth.json")
    parser.add_argument("--min-s", type=float, default=0.0, help="with --all: clips at least this long")
    parser.add_argument("--only", nargs="*", default=[], help="with --all: clips whose path contains one of these")
    args = parser.parse_args()
    args.rounds = args.rounds or (1 if args.all else 3)
    compile_bytecode()
    if args.baseline_src is not None:
        import compileall

        compileall.compile_dir(str(args.baseline_src), quiet=1)
    return all_clips(args) if args.all else one_clip(args)


if __name__ == "__main__":
    sys.exit(main())
