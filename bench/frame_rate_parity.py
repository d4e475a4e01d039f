"""Estimating every second frame of a 60 fps video against every frame: counts, holds and faults compared.

    .venv/bin/python bench/frame_rate_parity.py [--labels FILE] [--jobs 2] [CLIP ...]

For every labelled clip above 30 fps (``../shared/eval/ground_truth.json``, probed with OpenCV;
or the clips named, each with ``--exercise``), ``analyse`` runs twice, full model: once with
``every_frame`` (every frame estimated, what formcheck did before) and once at the default
rate (:func:`formcheck.pose.rate.pose_stride`: every second frame of a 60 fps video). Printed
per clip: the rate used, reps (or seconds held in form) each way, whether counts, every hold's
in-form time (to 0.1 s) and every rep's fault codes are identical, the largest shift of a rep's
start/top/end (ms), the per-rep lowering and top-hold times each way, and the wall time of each.
Exit status 1 when counts, holds or faults differ on any clip.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from formcheck.analysis.results import ExerciseResult  # noqa: E402
from formcheck.application import Analysis, AnalysisOptions, analyse  # noqa: E402
from formcheck.evaluation import load_labels  # noqa: E402
from formcheck.io.sources import VideoFileSource  # noqa: E402

LABELS = ROOT.parent / "shared" / "eval" / "ground_truth.json"


def clips(args: argparse.Namespace) -> list[tuple[Path, str]]:
    """(video, exercise) of every clip to compare: those named, else every labelled clip above 30 fps."""
    if args.clips:
        return [(Path(c), args.exercise) for c in args.clips]
    found = []
    for label in load_labels(args.labels):
        path = args.labels.parent / label.file
        if path.exists():
            with VideoFileSource(path, prefetch=0) as probe:
                if probe.fps > 30.5:
                    found.append((path, label.exercise))
    return found


def tempo(result: ExerciseResult, key: str) -> str:
    """One per-rep timing metric of every rep, e.g. ``0.31 0.30 0.33``."""
    return " ".join(f"{rep.metrics.get(key, float('nan')):.2f}" for rep in result.reps) or "-"


def compare(every: ExerciseResult, strided: ExerciseResult) -> tuple[bool, bool, bool, float]:
    """(same counts, same holds to 0.1 s, same fault codes per rep and outside reps, largest rep-time shift ms)."""
    same_count = len(every.reps) == len(strided.reps) and len(every.holds) == len(strided.holds)
    same_holds = same_count and all(
        round(a.in_form_s, 1) == round(b.in_form_s, 1) for a, b in zip(every.holds, strided.holds, strict=True)
    )
    same_faults = same_count and all(a.faults == b.faults for a, b in zip(every.reps, strided.reps, strict=True))
    same_faults = same_faults and sorted(f.code for f in every.faults) == sorted(f.code for f in strided.faults)
    shifts = [
        abs(x - y)
        for a, b in zip(every.reps, strided.reps, strict=False)
        for x, y in ((a.start_s, b.start_s), (a.top_s, b.top_s), (a.end_s, b.end_s))
    ]
    return same_count, same_holds, same_faults, 1000.0 * max(shifts, default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*", help="videos to compare (default: every labelled clip above 30 fps)")
    parser.add_argument("--exercise", default="lying-leg-raise", help="exercise of the clips named")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    identical = total = 0
    for path, exercise in clips(args):
        runs: dict[str, Analysis] = {}
        seconds: dict[str, float] = {}
        for name, every_frame in (("every", True), ("rate", False)):
            start = time.perf_counter()
            runs[name] = analyse(path, exercise, AnalysisOptions(jobs=args.jobs, every_frame=every_frame))
            seconds[name] = time.perf_counter() - start
        every, strided = runs["every"].report, runs["rate"].report
        a, b = runs["every"].outcome.result, runs["rate"].outcome.result
        same_count, same_holds, same_faults, shift = compare(a, b)
        total += 1
        identical += same_count and same_holds and same_faults
        held = [f"{sum(h.in_form_s for h in r.holds):.1f} s" for r in (a, b)] if a.holds or b.holds else None
        print(f"{path.parent.name}/{path.name} ({exercise}, {every.source.fps:.3g} fps):")
        print(
            f"  poses every {every.input.pose_every} / {strided.input.pose_every} frames "
            f"({strided.input.pose_fps} a second)"
        )
        print(f"  reps {len(a.reps)} / {len(b.reps)}" + (f", held in form {held[0]} / {held[1]}" if held else ""))
        print(
            f"  identical: counts {same_count}, holds {same_holds}, faults {same_faults}; "
            f"largest rep-time shift {shift:.0f} ms"
        )
        for rep_a, rep_b in zip(a.reps, b.reps, strict=False):
            print(f"  rep {rep_a.number}: faults {list(rep_a.faults)} / {list(rep_b.faults)}")
        for key in ("lower_s", "hold_s", "lift_s"):
            print(f"  {key:8} every frame: {tempo(a, key)}")
            print(f"  {key:8} at rate:     {tempo(b, key)}")
        print(f"  wall s: every frame {seconds['every']:.1f}, at rate {seconds['rate']:.1f}", flush=True)
    print(f"counts, holds and faults identical on {identical} of {total} clips above 30 fps")
    return 0 if identical == total else 1


if __name__ == "__main__":
    sys.exit(main())
