"""Accuracy benchmark: every labelled clip through its analyzer, against the hand counts.

    python bench/accuracy.py                      # replay the committed recordings (seconds, no model)
    python bench/accuracy.py --video              # decode the clips and run the model (mask included)
    python bench/accuracy.py --labels my.json     # any labels file in the ground_truth.json format
    python bench/accuracy.py --json out.json      # scores and totals as JSON
    python bench/accuracy.py --write-baseline     # store the totals as the regression baseline
    python bench/accuracy.py --split              # totals of the calibration and validation parts apart

Replays hold no segmentation mask, so the back-contour checks (``lumbar_arch_contour``) only
run with ``--video``; everything else is the same numbers either way.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from formcheck.application import AnalysisOptions, analyse
from formcheck.evaluation import (
    SPLITS,
    ClipLabel,
    ClipScore,
    load_labels,
    recording_path,
    regressions,
    score_clip,
    split_clips,
    summarise,
    table_rows,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED_LABELS = ROOT.parent / "shared" / "eval" / "ground_truth.json"
COMMITTED_LABELS = ROOT / "tests" / "data" / "eval" / "ground_truth.json"
RECORDINGS = ROOT / "tests" / "data" / "eval"
BASELINE = ROOT / "tests" / "data" / "eval" / "accuracy_baseline.json"


def run_clip(
    label: ClipLabel, *, labels_dir: Path, recordings: Path, video: bool, model: str, jobs: int = 1
) -> ClipScore | str:
    """Analyse one clip; a string says why it could not be."""
    if video:
        path = labels_dir / label.file
        if not path.exists():
            return f"video not found: {path}"
    else:
        path = recording_path(label, recordings)
        if not path.exists():
            return f"no recording: {path} (record it with `formcheck extract VIDEO -o {path.name}`)"
    analysis = analyse(path, label.exercise, AnalysisOptions(model=model, jobs=jobs))
    return score_clip(label, analysis.outcome.result)


def print_table(console: Console, scores: list[ClipScore], totals: dict[str, object], title: str) -> None:
    """The per-clip table and the totals."""
    table = Table(title=title)
    rows = table_rows(scores)
    for col in rows[0] if rows else ["clip"]:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row.values())
    console.print(table)
    tot = Table(title="totals")
    cols = ["group", "clips", "right", "rep exact", "within 1", "rep MAE", "hold right", "hold MAE s", "silent 0"]
    for c in cols:
        tot.add_column(c)

    def fmt(v: object) -> str:
        if v is None:
            return "-"
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    groups = {"overall": totals["overall"], **totals["by_exercise"]}  # type: ignore[dict-item]
    for name, t in groups.items():
        tot.add_row(
            name,
            *(
                fmt(t[k])
                for k in (
                    "clips",
                    "right",
                    "rep_exact_rate",
                    "rep_within_one_rate",
                    "rep_mae",
                    "hold_right_rate",
                    "hold_mae_s",
                    "silent_zeros",
                )
            ),
        )
    console.print(tot)


def print_parts(console: Console, by_part: dict[str, dict[str, object]]) -> None:
    """The overall totals of each part of the split, one row each."""
    table = Table(title="calibration (thresholds chosen here) and validation (never used to choose them)")
    cols = ["clips", "right", "rep_mae", "hold_right_rate", "hold_mae_s", "silent_zeros"]
    table.add_column("part")
    for c in cols:
        table.add_column(c)
    for part, totals in by_part.items():
        overall = totals["overall"]  # type: ignore[index]
        table.add_row(part, *("-" if overall[c] is None else str(overall[c]) for c in cols))  # type: ignore[index]
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when ``--check`` finds a regression against the baseline."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--labels",
        type=Path,
        default=None,
        help=f"labels file (default {SHARED_LABELS} if present, else the committed copy)",
    )
    ap.add_argument("--recordings", type=Path, default=RECORDINGS, help="folder of <clip>.landmarks.jsonl.gz")
    ap.add_argument("--video", action="store_true", help="decode the videos and run the model instead of replaying")
    ap.add_argument("--model", default="full", choices=["lite", "full", "heavy"])
    ap.add_argument("--jobs", type=int, default=1, help="with --video: worker processes per clip (segments)")
    ap.add_argument("--only", default="", help="comma-separated clip keys or exercise names to run")
    ap.add_argument("--json", type=Path, default=None, help="write scores and totals here")
    ap.add_argument("--baseline", type=Path, default=BASELINE)
    ap.add_argument("--write-baseline", action="store_true", help="store these totals as the baseline")
    ap.add_argument("--check", action="store_true", help="exit 1 when the totals are worse than the baseline")
    ap.add_argument(
        "--split",
        action="store_true",
        help="also print the totals of the calibration and the validation part (fixed by clip: evaluation.split_clips)",
    )
    args = ap.parse_args(argv)

    labels_path = args.labels or (SHARED_LABELS if SHARED_LABELS.exists() else COMMITTED_LABELS)
    labels = load_labels(labels_path)
    if args.only:
        wanted = set(args.only.split(","))
        labels = [lb for lb in labels if lb.key in wanted or lb.exercise in wanted]
    console = Console(width=200)
    scores: list[ClipScore] = []
    started = time.perf_counter()
    for label in labels:
        got = run_clip(
            label,
            labels_dir=labels_path.parent,
            recordings=args.recordings,
            video=args.video,
            model=args.model,
            jobs=args.jobs,
        )
        if isinstance(got, str):
            console.print(f"[yellow]skipped {label.key}[/yellow]: {got}")
            continue
        scores.append(got)
    totals = summarise(scores)
    mode = f"video, model {args.model}" if args.video else "replay of recordings (no mask: contour checks off)"
    print_table(console, scores, totals, f"accuracy on {labels_path} ({mode}), {time.perf_counter() - started:.1f} s")
    parts = split_clips(labels)
    by_part = {part: summarise([s for s in scores if parts[s.label.key] == part]) for part in SPLITS}
    if args.split:
        print_parts(console, by_part)
    if args.json is not None:
        args.json.write_text(
            json.dumps(
                {
                    "labels": str(labels_path),
                    "mode": "video" if args.video else "replay",
                    "totals": totals,
                    "by_part": by_part,
                    "clips": [
                        dict(r, warnings=list(s.warnings)) for r, s in zip(table_rows(scores), scores, strict=False)
                    ],
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    if args.write_baseline:
        args.baseline.write_text(json.dumps(totals, indent=1) + "\n", encoding="utf-8")
        console.print(f"baseline written to {args.baseline}")
    if args.check:
        worse = regressions(totals, json.loads(args.baseline.read_text(encoding="utf-8")))
        for line in worse:
            console.print(f"[red]regression[/red] {line}")
        return 1 if worse else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
