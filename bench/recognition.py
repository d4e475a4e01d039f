"""Recognition benchmark: every labelled clip recognised with no exercise given (``-e auto``).

    python bench/recognition.py                 # the committed recordings of ../shared/eval's clips
    python bench/recognition.py --json out.json # the table and totals as JSON

Prints, per clip, the exercise labelled, the one recognised, how sure and the runner-up; the
confusion matrix of the scored clips (labelled exercise x recognised, "?" for not known); the
``other`` clips (not catalogue exercises: right when not known, or named only as probable, or
named as the relative listed in ``RELATIVES`` with its reason); the counts with ``-e auto``
against the counts with the labelled ``-e`` on every clip recognised right; and a workout
joined from three real recordings of different exercises, which must give three sets with the
right exercises and counts within each clip's tolerance. Totals of the calibration and
validation parts (:func:`formcheck.evaluation.split_clips`) apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from formcheck.application import analyse
from formcheck.evaluation import ClipLabel, load_labels, recording_path, score_clip, split_clips
from formcheck.testing.workout import write_joined

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "eval" / "ground_truth.json"
RECORDINGS = ROOT / "tests" / "data" / "eval"
RELATIVES = {
    "gymlessabs/reverse_crunch.mp4": (
        "reverse-crunch",
        "labelled other before the catalogue had a reverse crunch; its note names the knees-to-chest family",
    ),
    "spectrax/flutter_kicks.mp4": (
        "lying-leg-raise",
        "alternating straight-leg raises, as the scissor kicks labelled lying-leg-raise",
    ),
}
"""``other`` clips and the catalogue exercise that is their nearest relative, with why."""
WORKOUT = (
    "gymlessabs/hanging_knee_ups.mp4",
    "life_enherance/plank.mp4",
    "gymlessabs/leg_raises.mp4",
)
"""Three clips of different exercises joined into one workout."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--recordings", type=Path, default=RECORDINGS)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    console = Console(width=160)
    scored_labels = load_labels(args.labels)
    raw = json.loads(args.labels.read_text(encoding="utf-8"))["clips"]
    others = [ClipLabel(c["file"], "other", c.get("reps")) for c in raw if c.get("formcheck_exercise") == "other"]
    labels = [*scored_labels, *others]
    parts = split_clips(scored_labels)
    rows, confusion = [], Counter[tuple[str, str]]()
    table = Table("clip", "part", "labelled", "recognised", "level", "conf", "runner-up", "reps auto/-e", "verdict")
    for label in labels:
        path = recording_path(label, args.recordings)
        if not path.exists():
            continue
        auto = analyse(path, "auto")
        rec = auto.report.summary["recognition"]
        chosen = rec["exercise"] if rec["level"] != "unknown" else "?"
        row = {
            "clip": label.file, "labelled": label.exercise, "recognised": rec["exercise"], "level": rec["level"],
            "confidence": rec["confidence"], "runner_up": rec["runner_up"], "sets": len(auto.sets),
            "part": parts.get(label.key, ""),
        }  # fmt: skip
        if label.exercise != "other":
            confusion[(label.exercise, chosen)] += 1
            right = chosen == label.exercise and len(auto.sets) == 1
            given = analyse(path, label.exercise)
            row.update(
                right=right, reps_auto=auto.report.rep_count, reps_given=given.report.rep_count,
                same_counts=auto.report.rep_count == given.report.rep_count and _holds(auto) == _holds(given),
                count_right=score_clip(label, auto.outcome.result).right,
            )  # fmt: skip
            verdict = "right" if right else "WRONG"
            counts = f"{row['reps_auto']}/{row['reps_given']}" + ("" if row["same_counts"] else " DIFFER")
        else:
            relative = RELATIVES.get(label.file.removeprefix("clips/"), ("", ""))[0]
            row["right"] = rec["level"] != "sure" or rec["exercise"] == relative
            verdict = ("not known" if rec["level"] == "unknown" else "probable" if rec["level"] == "likely"
                       else "relative" if rec["exercise"] == relative else "CONFIDENT WRONG")  # fmt: skip
            counts = ""
        rows.append(row)
        table.add_row(
            label.file, row["part"], label.exercise, rec["exercise"], rec["level"], f"{rec['confidence']:.2f}",
            str(rec["runner_up"]), counts, verdict,
        )  # fmt: skip
    console.print(table)
    scored = [r for r in rows if r["labelled"] != "other"]
    names = sorted({r["labelled"] for r in scored})
    matrix = Table("labelled \\ recognised", *[n[:12] for n in names], "?", "other", title="confusion matrix")
    for name in names:
        cells = [confusion[(name, col)] for col in names] + [confusion[(name, "?")]]
        rest = sum(v for (lab, col), v in confusion.items() if lab == name and col not in names and col != "?")
        matrix.add_row(name, *[str(c or "") for c in cells], str(rest or ""))
    console.print(matrix)
    totals = {
        "scored": len(scored), "recognised_right": sum(r["right"] for r in scored),
        "same_counts_as_given": sum(r["same_counts"] for r in scored if r["right"]),
        "other": len(rows) - len(scored),
        "other_never_confident_wrong": all(r["right"] for r in rows if r not in scored),
    }  # fmt: skip
    for part in ("calibration", "validation"):
        mine = [r for r in scored if r["part"] == part]
        totals[f"{part}_right"] = f"{sum(r['right'] for r in mine)} / {len(mine)}"
    totals["workout"] = _workout(args, labels, console)
    console.print(totals)
    if args.json:
        args.json.write_text(json.dumps({"clips": rows, "totals": totals}, indent=1))
    ok = totals["recognised_right"] >= 0.95 * len(scored) and totals["other_never_confident_wrong"]
    return 0 if ok and totals["workout"]["right"] else 1


def _holds(analysis: object) -> list[float]:
    return [round(h.in_form_s, 2) for h in analysis.report.own_holds()]  # type: ignore[attr-defined]


def _workout(args: argparse.Namespace, labels: list, console: Console) -> dict[str, object]:
    """The three clips of ``WORKOUT`` joined: the sets found against the clips."""
    by_file = {label.file: label for label in labels}
    clips = [by_file[f"clips/{f}"] for f in WORKOUT]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "workout.landmarks.jsonl.gz"
        joined = write_joined([recording_path(c, args.recordings) for c in clips], path)
        sets = analyse(path, "auto").sets
    found = []
    right = len(sets) == len(clips)
    for i, one in enumerate(sets):
        rec = one.report.summary["recognition"]
        label = clips[i] if i < len(clips) else None
        ok = label is not None and one.report.exercise == label.exercise and score_clip(label, one.outcome.result).right
        right = right and ok
        found.append({
            "set": i + 1, "from_s": rec["start_s"], "to_s": rec["end_s"], "exercise": one.report.exercise,
            "reps": one.report.rep_count, "holds_in_form_s": _holds(one), "right": ok,
        })  # fmt: skip
    console.print(f"workout joined at {[round(s, 2) for s in joined.starts_s]} s: {found}")
    return {"joins_s": [round(s, 2) for s in joined.starts_s], "sets": found, "right": right}


if __name__ == "__main__":
    sys.exit(main())
