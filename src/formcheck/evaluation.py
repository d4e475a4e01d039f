"""Accuracy against hand-counted ground truth: one score per labelled clip, totals per exercise.

The labels file is the format of ``../shared/eval/ground_truth.json``: ``{"clips": [...]}``,
each clip with ``file`` (video path relative to the labels file), ``formcheck_exercise``,
``reps`` (or null for holds), optional ``tolerance`` (reps), ``hold_s`` (list of
``[start, end]`` seconds labelled as held in good form) and ``exclude_spans_s``. Clips
without a ``formcheck_exercise`` (or with ``other``) are not scored.

A clip is **right** when the rep count is within its tolerance, or, for holds, when the
in-form time is within ``max(1 s, 25 %)`` of the labelled time. Nothing here decodes video
or runs a model: :func:`score_clip` takes an :class:`~formcheck.analysis.results.ExerciseResult`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.analysis.results import ExerciseResult
from formcheck.errors import FormcheckError

HOLD_TOLERANCE_S = 1.0
"""Holds are right within max(this, ``HOLD_TOLERANCE_RATIO`` x labelled time)."""
HOLD_TOLERANCE_RATIO = 0.25


@dataclass(frozen=True)
class ClipLabel:
    """Ground truth of one clip (see module docstring)."""

    file: str
    exercise: str
    reps: int | None
    tolerance: int = 0
    hold_spans_s: tuple[tuple[float, float], ...] = ()
    exclude_spans_s: tuple[tuple[float, float], ...] = ()
    notes: str = ""
    expected_faults: tuple[str, ...] = ()
    """The clip shows these faults on purpose: a fault code containing one of them should be flagged."""

    @property
    def is_hold(self) -> bool:
        """True when the clip is scored by hold time rather than reps."""
        return self.reps is None

    @property
    def hold_s(self) -> float:
        """Labelled hold time, seconds."""
        return sum(b - a for a, b in self.hold_spans_s)

    @property
    def key(self) -> str:
        """File-name-safe identifier: ``clips/wahoo/plank.mp4`` -> ``wahoo__plank``."""
        path = Path(self.file)
        parts = [p for p in path.with_suffix("").parts if p != "clips"]
        return "__".join(parts)


def _spans(raw: Any) -> tuple[tuple[float, float], ...]:
    return tuple((float(a), float(b)) for a, b in (raw or []))


def parse_labels(data: Any, *, origin: str = "labels") -> list[ClipLabel]:
    """Scored clips of a labels document. Raises FormcheckError on a malformed one."""
    clips = data.get("clips") if isinstance(data, dict) else None
    if not isinstance(clips, list):
        raise FormcheckError(f"{origin}: expected an object with a 'clips' list")
    out = []
    for n, clip in enumerate(clips):
        exercise = clip.get("formcheck_exercise") if isinstance(clip, dict) else None
        if not exercise or exercise == "other":
            continue
        try:
            reps = clip.get("reps")
            out.append(
                ClipLabel(
                    file=str(clip["file"]),
                    exercise=str(exercise),
                    reps=None if reps is None else int(reps),
                    tolerance=int(clip.get("tolerance") or 0),
                    hold_spans_s=_spans(clip.get("hold_s")),
                    exclude_spans_s=_spans(clip.get("exclude_spans_s")),
                    notes=str(clip.get("form_notes") or clip.get("notes") or ""),
                    expected_faults=tuple(str(f) for f in clip.get("expect_fault_substr") or ()),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise FormcheckError(f"{origin}: clip {n} is malformed ({exc!r})") from None
        if out[-1].reps is None and not out[-1].hold_spans_s:
            raise FormcheckError(f"{origin}: clip {n} ({out[-1].file}) has neither 'reps' nor 'hold_s'")
    return out


def load_labels(path: Path) -> list[ClipLabel]:
    """Read a labels file (see module docstring)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FormcheckError(f"{path}: cannot read the labels file ({exc})") from None
    return parse_labels(data, origin=str(path))


@dataclass(frozen=True)
class ClipScore:
    """How one analysis compares with its label."""

    label: ClipLabel
    counted: int
    hold_in_form_s: float
    faults: tuple[str, ...]
    warnings: tuple[str, ...]
    view: str
    frames_with_person: int
    zero_reason: str = ""

    @property
    def error(self) -> float:
        """Signed error: reps counted minus labelled, or hold seconds measured minus labelled."""
        if self.label.is_hold:
            return self.hold_in_form_s - self.label.hold_s
        assert self.label.reps is not None
        return float(self.counted - self.label.reps)

    @property
    def allowed(self) -> float:
        """Largest |error| that is still right."""
        if self.label.is_hold:
            return max(HOLD_TOLERANCE_S, HOLD_TOLERANCE_RATIO * self.label.hold_s)
        return float(self.label.tolerance)

    @property
    def right(self) -> bool:
        """Within the clip's tolerance."""
        return abs(self.error) <= self.allowed + 1e-9

    @property
    def silent_zero(self) -> bool:
        """Nothing counted while a person was in view, and the result does not say why (``why_nothing_counted``)."""
        nothing = self.hold_in_form_s <= 0 if self.label.is_hold else self.counted == 0
        return nothing and self.frames_with_person > 0 and not self.zero_reason


def score_clip(label: ClipLabel, result: ExerciseResult) -> ClipScore:
    """Compare one analysis result with its label."""
    return ClipScore(
        label=label,
        counted=len(result.reps),
        hold_in_form_s=sum(h.in_form_s for h in result.holds),
        faults=tuple(f.code.split(".", 1)[-1] for f in result.faults),
        warnings=tuple(result.warnings),
        view=result.view,
        frames_with_person=int(result.summary.get("frames_with_person", 0)),
        zero_reason=str(result.summary.get("why_nothing_counted", "")),
    )


@dataclass
class Totals:
    """Aggregate accuracy of a group of clips."""

    clips: int = 0
    right: int = 0
    rep_clips: int = 0
    rep_exact: int = 0
    rep_within_one: int = 0
    rep_abs_error: float = 0.0
    hold_clips: int = 0
    hold_right: int = 0
    hold_abs_error_s: float = 0.0
    silent_zeros: int = 0
    names: list[str] = field(default_factory=list)

    def add(self, s: ClipScore) -> None:
        """Count one clip in."""
        self.clips += 1
        self.right += s.right
        self.silent_zeros += s.silent_zero
        self.names.append(s.label.key)
        if s.label.is_hold:
            self.hold_clips += 1
            self.hold_right += s.right
            self.hold_abs_error_s += abs(s.error)
        else:
            self.rep_clips += 1
            self.rep_exact += s.error == 0
            self.rep_within_one += abs(s.error) <= 1
            self.rep_abs_error += abs(s.error)

    def to_json(self) -> dict[str, Any]:
        """Rates and mean errors (NaN-free: None where no clip of that kind)."""

        def rate(n: int, d: int) -> float | None:
            return round(n / d, 4) if d else None

        return {
            "clips": self.clips,
            "right": self.right,
            "right_rate": rate(self.right, self.clips),
            "rep_clips": self.rep_clips,
            "rep_exact_rate": rate(self.rep_exact, self.rep_clips),
            "rep_within_one_rate": rate(self.rep_within_one, self.rep_clips),
            "rep_mae": round(self.rep_abs_error / self.rep_clips, 3) if self.rep_clips else None,
            "hold_clips": self.hold_clips,
            "hold_right_rate": rate(self.hold_right, self.hold_clips),
            "hold_mae_s": round(self.hold_abs_error_s / self.hold_clips, 3) if self.hold_clips else None,
            "silent_zeros": self.silent_zeros,
        }


def summarise(scores: Iterable[ClipScore]) -> dict[str, Any]:
    """``{"overall": totals, "by_exercise": {name: totals}}`` as JSON-ready dicts."""
    overall = Totals()
    by: dict[str, Totals] = {}
    for s in scores:
        overall.add(s)
        by.setdefault(s.label.exercise, Totals()).add(s)
    return {"overall": overall.to_json(), "by_exercise": {k: v.to_json() for k, v in sorted(by.items())}}


BASELINE_KEYS_HIGHER = ("right", "right_rate", "rep_exact_rate", "rep_within_one_rate", "hold_right_rate")
BASELINE_KEYS_LOWER = ("rep_mae", "hold_mae_s", "silent_zeros")


def regressions(current: dict[str, Any], baseline: dict[str, Any], *, tolerance: float = 1e-6) -> list[str]:
    """Overall totals that got worse than ``baseline`` (both from :func:`summarise`), as sentences."""
    cur, base = current["overall"], baseline["overall"]
    out = []
    for key in BASELINE_KEYS_HIGHER + BASELINE_KEYS_LOWER:
        b, c = base.get(key), cur.get(key)
        if b is None or c is None or (isinstance(b, float) and math.isnan(b)):
            continue
        worse = c < b - tolerance if key in BASELINE_KEYS_HIGHER else c > b + tolerance
        if worse:
            out.append(f"{key}: {c} is worse than the baseline {b}")
    return out


def table_rows(scores: Sequence[ClipScore]) -> list[dict[str, str]]:
    """One printable row per clip."""
    rows = []
    for s in scores:
        lab = s.label
        if lab.is_hold:
            truth, got = f"{lab.hold_s:.1f} s", f"{s.hold_in_form_s:.1f} s"
        else:
            truth = f"{lab.reps}" + (f" ±{lab.tolerance}" if lab.tolerance else "")
            got = str(s.counted)
        codes: dict[str, int] = {}
        for f in s.faults:
            codes[f] = codes.get(f, 0) + 1
        rows.append(
            {
                "clip": lab.key,
                "exercise": lab.exercise,
                "truth": truth,
                "counted": got,
                "error": f"{s.error:+.1f}" if lab.is_hold else f"{s.error:+.0f}",
                "right": "yes" if s.right else "NO",
                "view": s.view,
                "faults": ", ".join(f"{k}×{n}" for k, n in codes.items()) or "-",
                "why zero": "SILENT" if s.silent_zero else ("said" if s.zero_reason else ""),
            }
        )
    return rows


def recording_path(label: ClipLabel, folder: Path) -> Path:
    """Where the landmark recording of a labelled clip lives: ``<folder>/<key>.landmarks.jsonl.gz``."""
    return folder / f"{label.key}.landmarks.jsonl.gz"


def replay_scores(labels: Sequence[ClipLabel], folder: Path) -> tuple[list[ClipScore], list[str]]:
    """Score every label whose recording is in ``folder`` (no model); also the labels without one."""
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.landmarks_io import read_frames
    from formcheck.pipeline import analyze_poses

    scores, missing = [], []
    for label in labels:
        path = recording_path(label, folder)
        if not path.exists():
            missing.append(label.key)
            continue
        scores.append(score_clip(label, analyze_poses(read_frames(path), analyzer_for(label.exercise))))
    return scores, missing


SPLITS = ("calibration", "validation")


def split_clips(labels: Sequence[ClipLabel]) -> dict[str, str]:
    """Each clip's part: ``calibration`` or ``validation``, fixed by the clip, never by its result.

    Per exercise, the clips in the order of their keys alternate between the two parts, the first
    to calibration, so every exercise with two clips or more is in both and an exercise with one
    clip is calibrated on it. Thresholds are chosen on the calibration part; the validation part
    says how they hold on clips they were not chosen on.
    """
    by_exercise: dict[str, list[str]] = {}
    for label in labels:
        by_exercise.setdefault(label.exercise, []).append(label.key)
    return {key: SPLITS[i % 2] for keys in by_exercise.values() for i, key in enumerate(sorted(keys))}
