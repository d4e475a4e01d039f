"""Counts with the video split across worker processes against one process, on every labelled clip.

    .venv/bin/python bench/parallel_parity.py [--jobs 2] [--labels FILE]

For each clip of ``../shared/eval/ground_truth.json`` with an exercise: `analyze_video` with
``jobs=1`` (one process) and with ``--jobs`` (chunks in worker processes when the clip is long
enough), full model. Printed per clip: chunks used, reps (or seconds held in form) each way,
the labelled truth, and whether they are identical; then the totals.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from formcheck import runner  # noqa: E402
from formcheck.analysis import registry  # noqa: E402
from formcheck.evaluation import load_labels, score_clip  # noqa: E402
from formcheck.io.sources import VideoFileSource  # noqa: E402
from formcheck.pose.parallel import plan_chunks  # noqa: E402
from formcheck.pose.protocol import PoseSettings  # noqa: E402

LABELS = ROOT.parent / "shared" / "eval" / "ground_truth.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    same = total = 0
    print(f"{'clip':42} {'chunks':>6} {'1 proc':>8} {f'{args.jobs} jobs':>8} {'truth':>6}  identical  s (1 / N)")
    for label in load_labels(args.labels):
        path = args.labels.parent / label.file
        if not path.exists():
            continue
        with VideoFileSource(path) as probe:
            chunks = len(plan_chunks(probe.announced_frames, probe.fps, args.jobs))
        counted, seconds = [], []
        for jobs in (1, args.jobs):
            start = time.perf_counter()
            outcome = runner.analyze_video(path, registry.get(label.exercise)(), pose=PoseSettings("full"), jobs=jobs)
            seconds.append(time.perf_counter() - start)
            score = score_clip(label, outcome.result)
            counted.append(round(score.hold_in_form_s, 2) if label.is_hold else score.counted)
        total += 1
        same += counted[0] == counted[1]
        truth = label.hold_s if label.is_hold else label.reps
        print(f"{label.key:42} {chunks:>6} {counted[0]:>8.1f} {counted[1]:>8.1f} {truth:>6}  "
              f"{'yes' if counted[0] == counted[1] else 'NO':9}  {seconds[0]:.1f} / {seconds[1]:.1f}", flush=True)
    print(f"identical counts on {same} of {total} clips")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
