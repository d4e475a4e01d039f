"""formcheck beside the simple counters, on the same MediaPipe landmarks of every labelled rep clip.

    python bench/counters.py                 # the committed recordings of ../shared/eval clips
    python bench/counters.py --json out.json

Three counters per clip, side by side:

- **formcheck**: the exercise's rule counter (what ``formcheck analyze`` reports);
- **periodicity**: formcheck's second opinion, training-free and exercise-agnostic (pose
  self-similarity, dominant frequency integrated over time, after Hsu et al. 2023;
  ``formcheck.analysis.count.periodicity``);
- **AI Gym rule**: the rule of the most used open-source rep counter (Ultralytics AI Gym): one
  shoulder-hip-knee angle in the picture, a rep each time it drops under 100 deg after having
  been over 145 deg, no gates, no smoothing. The side is the one MediaPipe saw best over the clip.

A count is right within the clip's tolerance. Totals per kind of movement and overall.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from formcheck.application import AnalysisOptions, analyse
from formcheck.core.geometry import joint_angle
from formcheck.core.landmarks import Side, side_lm
from formcheck.core.types import PoseFrame
from formcheck.evaluation import ClipLabel, load_labels, recording_path
from formcheck.io.landmarks_io import read_frames

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT.parent / "shared" / "eval" / "ground_truth.json"
RECORDINGS = ROOT / "tests" / "data" / "eval"
AIGYM_UP_DEG, AIGYM_DOWN_DEG = 145.0, 100.0
KINDS = {
    "standing-knee-raise": "standing knee lifts",
    "high-knees": "fast alternating (high knees)",
    "mountain-climber": "fast alternating (mountain climbers)",
    "lying-leg-raise": "lying leg raises and kicks",
    "hanging-knee-raise": "hanging raises",
    "hanging-leg-raise": "hanging raises",
    "dead-bug": "dead bug",
}


def aigym_count(frames: list[PoseFrame]) -> int:
    """The AI Gym rule on one shoulder-hip-knee angle (module docstring)."""

    def seen(side: Side) -> float:
        idx = [int(side_lm(side, p)) for p in ("shoulder", "hip", "knee")]
        return float(np.mean([f.visibility[idx].mean() for f in frames if f.detected])) if frames else 0.0

    side = max(Side, key=seen)
    shoulder, hip, knee = (int(side_lm(side, p)) for p in ("shoulder", "hip", "knee"))
    count, stage = 0, ""
    for f in frames:
        if not f.detected:
            continue
        angle = float(joint_angle(f.xy[shoulder], f.xy[hip], f.xy[knee]))
        if not math.isfinite(angle):
            continue
        if angle > AIGYM_UP_DEG:
            stage = "up"
        elif angle < AIGYM_DOWN_DEG and stage == "up":
            stage = "down"
            count += 1
    return count


def right(count: int, label: ClipLabel) -> bool:
    """Within the clip's tolerance."""
    return label.reps is not None and abs(count - label.reps) <= label.tolerance


def run(labels: list[ClipLabel]) -> list[dict[str, object]]:
    """One row per labelled rep clip with a recording."""
    rows = []
    for label in labels:
        path = recording_path(label, RECORDINGS)
        if label.is_hold or not path.exists():
            continue
        result = analyse(path, label.exercise, AnalysisOptions()).outcome.result
        opinion = result.summary.get("second_opinion", {})
        counts = {
            "formcheck": len(result.reps),
            "periodicity": int(opinion.get("count", 0)),
            "AI Gym rule": aigym_count(list(read_frames(path))),
        }
        verdicts = {f"{k} right": right(v, label) for k, v in counts.items()}
        kind = KINDS.get(label.exercise, label.exercise)
        truth = {"truth": label.reps, "tolerance": label.tolerance}
        rows.append({"clip": label.key, "kind": kind, **truth, **counts, **verdicts})
    return rows


COUNTERS = ("formcheck", "periodicity", "AI Gym rule")


def totals(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    """Right and mean absolute error per counter, per kind of movement and overall."""
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[str(row["kind"])].append(row)
    groups["overall"] = list(rows)
    out = {}
    for name, members in groups.items():
        entry: dict[str, object] = {"clips": len(members)}
        for c in COUNTERS:
            entry[f"{c} right"] = sum(bool(r[f"{c} right"]) for r in members)
            entry[f"{c} MAE"] = round(float(np.mean([abs(int(r[c]) - int(r["truth"])) for r in members])), 2)  # type: ignore[call-overload]
        out[name] = entry
    return out


def main() -> None:
    """Print the per-clip table and the totals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = run(load_labels(args.labels))
    console = Console(width=160)
    table = Table(title="rep counts on the same landmarks")
    for col in ("clip", "kind", "truth", *COUNTERS):
        table.add_column(col)
    for r in rows:
        truth = f"{r['truth']}" + (f" ±{r['tolerance']}" if r["tolerance"] else "")
        marks = (f"{r[c]}" + ("" if r[f"{c} right"] else " ✗") for c in COUNTERS)
        table.add_row(str(r["clip"]), str(r["kind"]), truth, *marks)
    console.print(table)
    tot = totals(rows)
    summary = Table(title="right / MAE per kind of movement")
    summary.add_column("kind")
    summary.add_column("clips")
    for c in COUNTERS:
        summary.add_column(c)
    for name, t in tot.items():
        summary.add_row(name, str(t["clips"]), *(f"{t[f'{c} right']} / {t[f'{c} MAE']}" for c in COUNTERS))
    console.print(summary)
    if args.json:
        args.json.write_text(json.dumps({"clips": rows, "totals": tot}, indent=1))


if __name__ == "__main__":
    main()
