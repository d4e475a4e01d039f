"""Fault limits against real good form: every rule's values on the labelled clips, written as the calibration table.

    python bench/fault_margins.py --video --write   # decode the clips (mask on: back-contour values too); write
    python bench/fault_margins.py                   # replay the committed recordings (no back contour); print only

For each exercise with labelled clips: each fault rule's metric over the reps it applies to
(rep exercises) or over the frames inside the labelled good-form hold spans (holds), as min /
median / max, the limit, and the margin between the worst good-form value and the limit
(negative: the limit fires on good form). A clip that shows a fault on purpose
(``expect_fault_substr`` in the labels) is left out of the evidence for the rules it names.
``--write`` stores the table in ``src/formcheck/analysis/calibration.json``, which
``formcheck exercises --show NAME`` prints under the thresholds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from formcheck.analysis.calibration import CALIBRATION_FILE
from formcheck.analysis.count.hold import HOLD_SIDE_CODES, HOLD_SIDE_KEY
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.registry import get
from formcheck.analysis.results import ExerciseResult
from formcheck.application import analyse
from formcheck.evaluation import ClipLabel, load_labels, recording_path

ROOT = Path(__file__).resolve().parent.parent
Values = dict[str, dict[str, list[tuple[float, str]]]]


def rep_values(spec: ExerciseSpec, result: ExerciseResult, label: ClipLabel, out: Values) -> None:
    """Each rule's per-rep value on every rep it applies to."""
    for rep in result.reps:
        for rule in spec.rules:
            if rule.unless and rep.metrics.get(rule.unless, 0.0):
                continue  # the rule does not apply to this rep
            out[spec.name][rule.fault].append((rep.metrics.get(rule.metric, math.nan), label.key))


def hold_values(spec: ExerciseSpec, result: ExerciseResult, label: ClipLabel, out: Values) -> None:
    """Each check's value on every frame held in the position inside the labelled good-form spans."""
    t = result.series.get("t", [])
    codes = {v: k for k, v in HOLD_SIDE_CODES.items()}
    sides = result.series.get(HOLD_SIDE_KEY, [None] * len(t))
    for rule in spec.rules:
        for i, tt in enumerate(t):
            side = sides[i]
            if side is None or tt is None or not any(a <= tt <= b for a, b in label.hold_spans_s):
                continue
            series = result.series.get(rule.metric.format(side=codes[side]), [])
            if i < len(series) and (v := series[i]) is not None:
                out[spec.name][rule.fault].append((float(v), label.key))


def measure(labels: list[ClipLabel], labels_dir: Path, video: bool) -> Values:
    """Every rule's good-form values over the labelled clips."""
    values: Values = defaultdict(lambda: defaultdict(list))
    for label in labels:
        path = labels_dir / label.file if video else recording_path(label, ROOT / "tests" / "data" / "eval")
        if not path.exists():
            print(f"skipped {label.key}: {path} not found")
            continue
        spec = get(label.exercise)
        result = analyse(path, label.exercise).outcome.result
        found: Values = defaultdict(lambda: defaultdict(list))
        (hold_values if spec.counts == "holds" else rep_values)(spec, result, label, found)
        for fault, pairs in found[spec.name].items():
            if not any(sub in fault for sub in label.expected_faults):  # the clip shows this fault on purpose
                values[spec.name][fault] += pairs
        print(f"measured {label.key}", flush=True)
    return values


def table(values: Values, measured_on: str) -> dict[str, list[dict[str, Any]]]:
    """The calibration rows per exercise (see :class:`formcheck.analysis.calibration.Evidence`)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for exercise, faults in sorted(values.items()):
        spec = get(exercise)
        config = resolve(spec).config_model().model_dump()
        rules = {r.fault: r for r in spec.rules}
        rows = []
        for fault, pairs in faults.items():
            kept = [(v, k) for v, k in pairs if math.isfinite(v)]
            if not kept:
                continue
            arr = np.asarray([v for v, _ in kept])
            rule = rules[fault]
            limit = float(config[rule.threshold])
            worst = arr.max() if rule.kind == "max" else arr.min()
            rows.append({
                "fault": fault, "threshold": rule.threshold, "kind": rule.kind, "limit": limit, "n": int(arr.size),
                "low": round(float(arr.min()), 2), "median": round(float(np.median(arr)), 2),
                "high": round(float(arr.max()), 2),
                "margin": round(float(limit - worst if rule.kind == "max" else worst - limit), 2),
                "clips": sorted({k for _, k in kept}), "measured_on": measured_on,
            })  # fmt: skip
        out[exercise] = rows
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = ROOT.parent / "shared" / "eval" / "ground_truth.json"
    ap.add_argument(
        "--labels", type=Path, default=shared if shared.exists() else ROOT / "tests/data/eval/ground_truth.json"
    )
    ap.add_argument("--video", action="store_true", help="decode the clips and run the model (mask on)")
    ap.add_argument("--write", action="store_true", help=f"write the table to {CALIBRATION_FILE}")
    args = ap.parse_args()
    labels = load_labels(args.labels)
    mode = "video" if args.video else "replay"
    rows = table(measure(labels, args.labels.parent, args.video), mode)
    for exercise, evidence in rows.items():
        print(f"== {exercise}")
        for e in evidence:
            print(f"   {e['fault']:24s} n={e['n']:4d} min {e['low']:8.2f} med {e['median']:8.2f} max {e['high']:8.2f}"
                  f"  limit {e['kind']} {e['limit']:g}  margin {e['margin']:+.2f}")  # fmt: skip
    if args.write:
        day = datetime.date.today().isoformat()
        doc = {"generated": f"bench/fault_margins.py on {day}, {len(labels)} labelled clips, {mode}", "exercises": rows}
        CALIBRATION_FILE.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"written {CALIBRATION_FILE}")


if __name__ == "__main__":
    main()
