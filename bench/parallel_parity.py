"""Counts with the video split across worker processes against one process, on every labelled clip.

    .venv/bin/python bench/parallel_parity.py [--jobs 2] [--labels FILE]

For each clip of ``../shared/eval/ground_truth.json`` with an exercise: `analyze_video` with
``jobs=1`` (one process) and with ``--jobs`` (segments in worker processes when the clip is long
enough), full model. Printed per clip: segments used, reps (or seconds held in form) each way,
the labelled truth, whether the counts are identical, the largest difference between the two
runs' rep and hold times (start, top, end; ms) and the reps whose fault codes differ; then the
totals. Both runs estimate the same segments from the same starts, so everything should be
identical (see formcheck.pose.parallel).

``--segment-s 2`` cuts long clips into more segments and ``--min-split-s 8`` cuts clips from 8 s
on (stress tests of the seams; by default a clip shorter than 20 s is one segment). ``--only KEY ...`` runs
the clips whose path contains one of the keys.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from formcheck import runner  # noqa: E402
from formcheck.analysis.results import ExerciseResult  # noqa: E402
from formcheck.application import AnalysisOptions, analyse  # noqa: E402
from formcheck.evaluation import load_labels, score_clip  # noqa: E402
from formcheck.io.sources import VideoFileSource  # noqa: E402
from formcheck.pose import parallel  # noqa: E402

LABELS = ROOT.parent / "shared" / "eval" / "ground_truth.json"


def differences(one: ExerciseResult, many: ExerciseResult) -> tuple[float, int]:
    """(largest time difference of matching reps/holds in ms, reps whose fault codes differ)."""
    shifts = [
        abs(a - b)
        for r, q in zip(one.reps, many.reps, strict=False)
        for a, b in ((r.start_s, q.start_s), (r.top_s, q.top_s), (r.end_s, q.end_s))
    ]
    shifts += [
        abs(a - b)
        for h, k in zip(one.holds, many.holds, strict=False)
        for a, b in ((h.start_s, k.start_s), (h.end_s, k.end_s))
    ]
    faults = sum(r.faults != q.faults for r, q in zip(one.reps, many.reps, strict=False))
    return 1000.0 * max(shifts, default=0.0), faults


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--segment-s", type=float, default=parallel.SEGMENT_S)
    parser.add_argument(
        "--min-split-s", type=float, default=parallel.MIN_SPLIT_S, help="shortest video cut in segments (s)"
    )
    parser.add_argument("--only", nargs="*", default=[], help="clips whose path contains one of these")
    args = parser.parse_args()
    parallel.SEGMENT_S = args.segment_s
    parallel.MIN_SPLIT_S = args.min_split_s
    same = same_reps = total = 0
    print(
        f"{'clip':42} {'segs':>6} {'1 proc':>8} {f'{args.jobs} jobs':>8} {'truth':>6}  "
        "counts  shift ms  faults  s (1 / N)"
    )
    for label in load_labels(args.labels):
        path = args.labels.parent / label.file
        if not path.exists() or (args.only and not any(key in label.file for key in args.only)):
            continue
        with VideoFileSource(path) as probe:
            segments = len(runner.video_segments(probe))
        counted, seconds, events = [], [], []
        for jobs in (1, args.jobs):
            start = time.perf_counter()
            outcome = analyse(path, label.exercise, AnalysisOptions(model="full", jobs=jobs)).outcome
            seconds.append(time.perf_counter() - start)
            score = score_clip(label, outcome.result)
            counted.append(round(score.hold_in_form_s, 2) if label.is_hold else score.counted)
            events.append(outcome.result)
        total += 1
        same += counted[0] == counted[1]
        shift_ms, fault_diffs = differences(events[0], events[1])
        same_reps += shift_ms == 0 and fault_diffs == 0
        truth = label.hold_s if label.is_hold else label.reps
        print(
            f"{label.key:42} {segments:>6} {counted[0]:>8.1f} {counted[1]:>8.1f} {truth:>6}  "
            f"{'yes' if counted[0] == counted[1] else 'NO':6}  {shift_ms:>8.0f}  {fault_diffs:>6}  "
            f"{seconds[0]:.1f} / {seconds[1]:.1f}",
            flush=True,
        )
    print(
        f"identical counts on {same} of {total} clips; every rep and hold at the same times with the same "
        f"faults on {same_reps}"
    )
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
