"""Fault limits against real good form: every rule's measured values on the labelled clips.

    python bench/fault_margins.py            # replay the committed recordings
    python bench/fault_margins.py --video    # decode the clips (mask: back-contour values too)

For each exercise with labelled clips, prints each fault rule's metric over all reps it
applies to (rep exercises) or the frames inside the labelled hold spans (holds): min / median
/ max, the limit, and the margin between the worst good-form value and the limit (negative =
the limit fires on these clips).
The sources of the limits in the exercise modules quote these numbers.
"""

from __future__ import annotations

import argparse
import math
from collections import defaultdict
from pathlib import Path

import numpy as np

from formcheck import runner
from formcheck.analysis import registry
from formcheck.analysis.hold_family import HOLD_SIDE_CODES, HOLD_SIDE_KEY, HoldExercise
from formcheck.analysis.rep_family import RepExercise
from formcheck.evaluation import load_labels

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "eval" / "ground_truth.json"
    ap.add_argument(
        "--labels",
        type=Path,
        default=shared if shared.exists() else ROOT / "tests" / "data" / "eval" / "ground_truth.json",
    )
    ap.add_argument("--video", action="store_true")
    args = ap.parse_args()
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    analyzers = {}
    for label in load_labels(args.labels):
        analyzer = registry.get(label.exercise)()
        if args.video:
            outcome = runner.analyze_video(args.labels.parent / label.file, analyzer)
        else:
            outcome = runner.analyze_recording(
                ROOT / "tests" / "data" / "eval" / f"{label.key}.landmarks.jsonl.gz", analyzer
            )
        analyzers[label.exercise] = analyzer
        result = outcome.result
        if isinstance(analyzer, RepExercise):
            for rep in result.reps:
                for rule in analyzer.rules:
                    if rule.unless and rep.metrics.get(rule.unless, 0.0):
                        continue  # the rule does not apply to this rep
                    values[label.exercise][rule.fault].append(rep.metrics.get(rule.metric, math.nan))
        elif isinstance(analyzer, HoldExercise):
            t = result.series.get("t", [])
            held = [any(a <= tt <= b for a, b in label.hold_spans_s) for tt in t]
            codes = {v: k for k, v in HOLD_SIDE_CODES.items()}
            sides = result.series.get(HOLD_SIDE_KEY, [None] * len(t))
            for check in analyzer.checks:
                for i, is_held in enumerate(held):
                    if sides[i] is None:
                        continue  # not in the position in this frame
                    side = codes[sides[i]]
                    series = result.series.get(check.metric.format(side=side), [])
                    if is_held and i < len(series) and series[i] is not None:
                        values[label.exercise][check.fault].append(series[i])
    for exercise, faults in sorted(values.items()):
        analyzer = analyzers[exercise]
        cfg = analyzer.thresholds
        rules = {r.fault: (r.threshold, r.kind) for r in getattr(analyzer, "rules", ())}
        rules.update({c.fault: (c.threshold, c.kind) for c in getattr(analyzer, "checks", ())})
        print(f"== {exercise}")
        for fault, vals in faults.items():
            arr = np.asarray([v for v in vals if math.isfinite(v)], dtype=np.float64)
            threshold, kind = rules[fault]
            limit = float(cfg[threshold])
            if arr.size == 0:
                print(f"   {fault:24s} no values (limit {limit:g})")
                continue
            worst = arr.max() if kind == "max" else arr.min()
            margin = limit - worst if kind == "max" else worst - limit
            print(
                f"   {fault:24s} n={arr.size:4d} min {arr.min():8.2f} med {np.median(arr):8.2f} max {arr.max():8.2f}"
                f"  limit {kind} {limit:g}  margin {margin:+.2f}"
            )


if __name__ == "__main__":
    main()
