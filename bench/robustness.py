"""The robustness matrix: every labelled real recording under the transformations people's footage has.

    python bench/robustness.py                    # every scored clip x every transformation (replays, no model)
    python bench/robustness.py --only wahoo__plank,high-knees
    python bench/robustness.py --json out.json
    python bench/robustness.py --recognition      # is the exercise still recognised (no -e)?

Each case is a recording of ``../shared/eval`` (committed in ``tests/data/eval``) transformed by
one of ``formcheck.testing.transforms.TRANSFORMATIONS`` (crops that cut off the feet, the head
or a side, mirrored, another camera angle, 15 fps, the movement 0.7x and 1.4x as fast, a leg
hidden, landmark jitter) and analysed like any recording; it is right when the count (or the
hold time) is within the clip's tolerance, as in ``bench/accuracy.py``. For the speed changes
the labelled times scale with the movement. With ``--recognition`` a case is right when the
transformed recording is one set recognised (sure or probable) as the labelled exercise.
Prints the pass rate per transformation and the cases that failed.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from formcheck.analysis import registry
from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.recognise.sets import split_sets
from formcheck.analysis.recognise.trace import trace
from formcheck.evaluation import ClipLabel, ClipScore, load_labels, recording_path, score_clip
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses
from formcheck.testing.transforms import SPEED_FACTORS, TRANSFORMATIONS

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "eval" / "ground_truth.json"
RECORDINGS = ROOT / "tests" / "data" / "eval"


def scaled(label: ClipLabel, factor: float) -> ClipLabel:
    """The label of the movement done ``factor`` times as fast (its times divided by ``factor``)."""

    def spans(values: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
        return tuple((a / factor, b / factor) for a, b in values)

    return replace(label, hold_spans_s=spans(label.hold_spans_s), exclude_spans_s=spans(label.exclude_spans_s))


def run_case(label: ClipLabel, transformation: str, recordings: Path = RECORDINGS) -> ClipScore:
    """One recording under one transformation (``original``: as recorded)."""
    frames = list(read_frames(recording_path(label, recordings)))
    if transformation != "original":
        frames = TRANSFORMATIONS[transformation](frames)
    factor = SPEED_FACTORS.get(transformation)
    target = scaled(label, factor) if factor else label
    return score_clip(target, analyze_poses(frames, analyzer_for(label.exercise)))


@dataclass(frozen=True)
class Recognised:
    """One case of ``--recognition``: right, and what it was recognised as."""

    right: bool
    got: str


def recognise_case(label: ClipLabel, transformation: str, recordings: Path = RECORDINGS) -> Recognised:
    """Recognise one recording under one transformation, with no exercise given."""
    frames = list(read_frames(recording_path(label, recordings)))
    if transformation != "original":
        frames = TRANSFORMATIONS[transformation](frames)
    sets = split_sets(trace(frames), [registry.get(name) for name in registry.names()])
    got = "+".join(f"{s.recognition.exercise}({s.recognition.level})" for s in sets)
    right = len(sets) == 1 and sets[0].recognition.known and sets[0].recognition.exercise == label.exercise
    return Recognised(right, got)


def main(argv: list[str] | None = None) -> int:
    """Run the matrix; exit 1 when fewer than ``--min-rate`` of the cases are right."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--recordings", type=Path, default=RECORDINGS)
    ap.add_argument("--only", default="", help="comma-separated clip keys or exercise names")
    ap.add_argument("--transform", default="", help="comma-separated transformation names (default: all)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--min-rate", type=float, default=0.0, help="exit 1 below this share of right cases")
    ap.add_argument("--recognition", action="store_true", help="score recognising the exercise, not the count")
    args = ap.parse_args(argv)
    labels = [lb for lb in load_labels(args.labels) if recording_path(lb, args.recordings).exists()]
    if args.only:
        wanted = set(args.only.split(","))
        labels = [lb for lb in labels if lb.key in wanted or lb.exercise in wanted]
    console = Console(width=160)
    chosen = [t for t in TRANSFORMATIONS if not args.transform or t in args.transform.split(",")]
    columns = ["original", *chosen]
    results: dict[str, dict[str, ClipScore | Recognised]] = {name: {} for name in columns}
    case = recognise_case if args.recognition else run_case
    with console.status("analysing") as status:
        for label in labels:
            for name in columns:
                status.update(f"{label.key}: {name}")
                results[name][label.key] = case(label, name, args.recordings)
    table = Table(title=f"robustness: {len(labels)} real recordings x {len(chosen)} transformations")
    for col in ("transformation", "right", "cases", "rate", "wrong (clip: error)"):
        table.add_column(col, overflow="fold")
    total = right = 0
    for name in columns:
        scores = results[name]
        ok = sum(s.right for s in scores.values())
        wrong = ", ".join(f"{k}: {_wrong(s)}" for k, s in scores.items() if not s.right)
        table.add_row(name, str(ok), str(len(scores)), f"{ok / max(len(scores), 1):.0%}", wrong or "-")
        if name != "original":
            total += len(scores)
            right += ok
    console.print(table)
    rate = right / max(total, 1)
    console.print(f"transformed cases right: {right} of {total} ({rate:.1%})")
    if args.json:
        data = {
            n: {k: {"right": s.right, "error": s.error if isinstance(s, ClipScore) else s.got} for k, s in r.items()}
            for n, r in results.items()
        }
        args.json.write_text(json.dumps({"rate": rate, "cases": data}, indent=1), encoding="utf-8")
    return 1 if rate < args.min_rate else 0


def _wrong(score: ClipScore | Recognised) -> str:
    """What a case got: the count's error, or the exercise recognised."""
    return score.got if isinstance(score, Recognised) else f"{score.error:+.1f}"


if __name__ == "__main__":
    raise SystemExit(main())
