"""Score every registered exercise's look against a stretch of frames; the best, how sure, and why.

Each exercise gets evidence terms in [0, 1], multiplied into its score:

* **position**: the share of the frames (with a position told) in its start position;
* a held exercise: **still**, no leg moving on its own (the legs' half-difference of thigh
  elevation ranges less than :data:`STILL_APART_DEG`), and its knee shape;
* a rep exercise: its signal moves at least ``min_range_deg``, a leg lifts at least twice,
  the legs move as declared (one, both, alternating: from thigh elevation), and the signal's
  top, the knee at the top and the cycle time fall in the declared ranges.

Every limit is soft (a logistic a few degrees or 15 % wide) so that a value just outside costs a
little and a value far outside costs much. The score of the best is the confidence:
:data:`SURE` and above, well ahead of the runner-up (:data:`SURE_MARGIN`), the exercise is named;
from :data:`LIKELY`, named as probable (also an exercise that declares no look: a user's exercise
without ``[looks]`` fits any movement in its position); below, formcheck says it does not know
the movement and lists the closest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

import numpy as np

from formcheck.analysis.count.fixed_levels import FixedLevels
from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import NO_LOOKS, LegUse, Looks
from formcheck.analysis.recognise.movement import ALTERNATING_ABOVE, BOTH_BELOW, Movement, movement, smoothed, spread
from formcheck.analysis.recognise.trace import Trace

SURE = 0.6
"""A score from here names the exercise (when the runner-up is :data:`SURE_MARGIN` below and the look is declared)."""
SURE_MARGIN = 0.25
"""Two exercises that fit about as well are not told apart for sure: the best is only probable."""
LIKELY = 0.3
"""A score from here names it as probable; below, the movement is not known."""
STILL_APART_DEG = 22.0
"""A hold: the legs' half-difference of thigh elevation ranges less than this (mountain climbers 32-47, holds 2-19)."""
MIN_POSITION_SHARE = 0.35
"""The start position in at least about this share of the frames whose position is told."""
ANGLE_SOFT_DEG = 8.0
"""Width of a soft angle limit, deg."""
TIME_SOFT = 0.15
"""Width of a soft time limit, share of the limit."""
UPRIGHT = (Posture.STANDING, Posture.ONE_LEG_STAND)
"""An exercise without a start position is done standing."""
MIN_FRAMES = 10

Level = Literal["sure", "likely", "unknown"]


def _soft_above(x: float, limit: float, width: float) -> float:
    """About 1 well above ``limit``, 0.5 at it, about 0 well below; 0.5 when ``x`` is NaN."""
    if not math.isfinite(x):
        return 0.5
    if not math.isfinite(limit):
        return 1.0 if limit < 0 else 0.0
    return float(1.0 / (1.0 + math.exp(-(x - limit) / max(width, 1e-6))))


def _soft_in(x: float, bounds: tuple[float, float], width: float) -> float:
    """About 1 inside ``bounds``, 0.5 at a bound, about 0 well outside; 1 without bounds, 0.5 when ``x`` is NaN."""
    lo, hi = bounds
    if not (math.isfinite(lo) or math.isfinite(hi)):
        return 1.0
    below = _soft_above(x, lo, width) if math.isfinite(lo) else 1.0
    above = _soft_above(-x, -hi, width) if math.isfinite(hi) else 1.0
    return below * above if math.isfinite(x) else 0.5


def positions_of(spec: ExerciseSpec) -> tuple[Posture, ...]:
    """The positions the exercise is done in."""
    if spec.start_position is None:
        return UPRIGHT
    return (spec.start_position,)


def leg_uses(spec: ExerciseSpec) -> tuple[LegUse, ...]:
    """How the legs move in a rep: the declared, or the counting strategy's."""
    if spec.looks.legs:
        return spec.looks.legs
    counting = spec.counting
    if isinstance(counting, LegPair):
        return ("one", "both", "alternating") if counting.both_legs_together else ("one", "alternating")
    if isinstance(counting, RiseFromLow):
        return ("both",)
    if isinstance(counting, FixedLevels):
        return ("one", "alternating")
    return ()


def is_still(spec: ExerciseSpec) -> bool:
    """The exercise holds a position."""
    return spec.looks.still if spec.looks.still is not None else spec.counts == "holds"


def signal_of(spec: ExerciseSpec) -> str | None:
    """The per-leg metric whose movement is the exercise."""
    return spec.looks.signal or getattr(spec.counting, "signal", None)


def leg_grades(share: float) -> dict[LegUse, float]:
    """How much the legs' movement is each of both, one, alternating (sums to 1; even when not measured)."""
    if not math.isfinite(share):
        return {"both": 1 / 3, "one": 1 / 3, "alternating": 1 / 3}
    both = 1.0 - _soft_above(share, BOTH_BELOW, 0.05)
    alternating = _soft_above(share, ALTERNATING_ABOVE, 0.05)
    return {"both": both, "one": max(0.0, 1.0 - both - alternating), "alternating": alternating}


@dataclass(frozen=True)
class Candidate:
    """One exercise scored: its score (product of ``evidence``) and the movement it was judged on."""

    name: str
    title: str
    score: float
    evidence: dict[str, float]
    moved: Movement | None
    legs: LegUse | None = None


@dataclass(frozen=True)
class Recognition:
    """What the frames were recognised as.

    Attributes:
        exercise: the exercise chosen (the closest, even when ``level`` is ``unknown``).
        level: ``sure``, ``likely`` or ``unknown`` (formcheck does not know the movement).
        confidence: the chosen exercise's score, 0-1.
        runner_up: the next best exercise (None when there is only one).
        sentence: the evidence in one sentence.
        ranking: every exercise and its score, best first.

    """

    exercise: str
    title: str
    level: Level
    confidence: float
    runner_up: str | None
    sentence: str
    ranking: tuple[tuple[str, float], ...]

    @property
    def known(self) -> bool:
        """The movement was recognised (sure or likely)."""
        return self.level != "unknown"

    def closest(self, n: int = 3) -> tuple[str, ...]:
        """The ``n`` best-scoring exercises."""
        return tuple(name for name, _ in self.ranking[:n])

    def to_json(self) -> dict[str, Any]:
        """The report's ``summary.recognition``."""
        return {
            "exercise": self.exercise, "level": self.level, "confidence": round(self.confidence, 3),
            "runner_up": self.runner_up, "evidence": self.sentence,
            "ranking": [[name, round(score, 3)] for name, score in self.ranking[:5]],
        }  # fmt: skip


class Seen:
    """What a trace shows in one set of positions, each measured once for every exercise done in them.

    ``frames``: the frames in one of ``positions`` (all frames with a position told when fewer
    than :data:`MIN_FRAMES`); ``share``: their share of the frames with a position told.
    """

    def __init__(self, trace: Trace, positions: tuple[Posture, ...], told: np.ndarray) -> None:
        self.trace = trace
        inside = np.array([p in positions for p in trace.posture], dtype=bool)
        self.share = float(inside.sum() / told.sum()) if told.sum() else 0.0
        self.frames = inside if inside.sum() >= MIN_FRAMES else told
        self._moved: dict[str, Movement] = {}

    def moved(self, signal: str) -> Movement:
        """How ``signal`` moved over :attr:`frames`."""
        if signal not in self._moved:
            self._moved[signal] = movement(self.trace, signal, self.frames)
        return self._moved[signal]

    @cached_property
    def legs(self) -> Movement:
        """How the thighs moved: which legs, and how far a leg moved on its own."""
        return self.moved("thigh_elevation_deg")

    @cached_property
    def trunk_range(self) -> float:
        """How far the trunk's incline moved, deg."""
        return spread(smoothed(self.trace.values["trunk_incline_deg"][self.frames], self.trace.t[self.frames]))

    @cached_property
    def hold_knee(self) -> float:
        """The more bent knee's median angle, deg."""
        legs = [self.trace.leg("knee_angle_deg", leg)[self.frames] for leg in ("left", "right")]
        knees = np.fmin(*legs)
        knees = knees[np.isfinite(knees)]
        return float(np.median(knees)) if len(knees) else math.nan


def score(spec: ExerciseSpec, seen: Seen) -> Candidate:
    """How well what was ``seen`` in the exercise's positions looks like ``spec`` (see the module docstring)."""
    looks: Looks = spec.looks
    evidence = {"position": _soft_above(seen.share, MIN_POSITION_SHARE, 0.08)}
    if seen.frames.sum() < MIN_FRAMES:
        return Candidate(spec.name, spec.title, 0.0, {**evidence, "frames": 0.0}, None)
    legs = seen.legs
    signal = signal_of(spec)
    moved: Movement | None = legs
    if is_still(spec):
        most = looks.range_deg[1] if math.isfinite(looks.range_deg[1]) else STILL_APART_DEG
        evidence["still"] = 1.0 - _soft_above(legs.apart, most, 3.0)
        evidence["knee"] = _soft_in(seen.hold_knee, looks.knee_deg, ANGLE_SOFT_DEG)
    elif signal is not None:
        moved = seen.moved(signal)
        evidence["range"] = _soft_in(moved.range, looks.range_deg, 0.2 * looks.range_deg[0])
        evidence["repeats"] = 1.0 if moved.lifts >= 2 else (0.5 if moved.lifts == 1 else 0.1)
        grades = leg_grades(legs.share)
        evidence["legs"] = max(0.15, sum(grades[use] for use in leg_uses(spec)))
        evidence["top"] = _soft_in(moved.top, looks.top_deg, ANGLE_SOFT_DEG)
        evidence["knee"] = _soft_in(moved.knee_at_top, looks.knee_deg, ANGLE_SOFT_DEG)
        lo, hi = looks.cycle_s
        width = TIME_SOFT * (lo if math.isfinite(lo) and lo > 0 else hi if math.isfinite(hi) else 1.0)
        evidence["cycle"] = _soft_in(moved.cycle_s, looks.cycle_s, width)
        evidence["trunk"] = _soft_in(seen.trunk_range, looks.trunk_range_deg, ANGLE_SOFT_DEG)
    total = float(np.prod(list(evidence.values())))
    return Candidate(spec.name, spec.title, total, evidence, moved, legs.legs)


POSITION_WORDS: dict[Posture, str] = {
    Posture.STANDING: "standing",
    Posture.ONE_LEG_STAND: "standing",
    Posture.SEATED: "seated",
    Posture.HANGING: "hanging",
    Posture.SUPINE: "lying on the back",
    Posture.PLANK: "in a plank",
    Posture.HALF_KNEELING: "half-kneeling",
    Posture.SUPPORT_SIT: "in a supported sit",
}
LEG_WORDS: dict[str, str] = {
    "both": "both legs together",
    "one": "one leg at a time",
    "alternating": "the legs in turn",
}


def _sentence(best: Candidate, spec: ExerciseSpec, runner_up: Candidate | None, level: Level) -> str:
    """The evidence in one sentence: position, how the legs moved and how far, the exercise, the runner-up."""
    what = POSITION_WORDS[positions_of(spec)[0]]
    moved = best.moved
    if is_still(spec):
        what += ", held still"
    elif moved is not None and math.isfinite(moved.top):
        legs = LEG_WORDS.get(best.legs or "", "the legs")
        signal = moved.signal.removesuffix("_deg").replace("_", " ")
        how = f" ({spec.looks.words})" if spec.looks.words else ""
        what += f", {legs} rising to {moved.top:.0f} deg of {signal}{how}"
    named = {"sure": spec.title, "likely": f"probably {spec.title}", "unknown": "not an exercise formcheck knows"}[
        level
    ]
    closest = f" (closest: {spec.title})" if level == "unknown" else ""
    runner = f"; runner-up {runner_up.title} ({runner_up.score:.2f})" if runner_up is not None else ""
    return f"{what}: {named}{closest} ({best.score:.2f}){runner}"


def recognise(trace: Trace, specs: Iterable[ExerciseSpec]) -> Recognition:
    """The exercise ``trace`` looks most like, how sure, the runner-up and the evidence (see the module docstring)."""
    by_name = {spec.name: spec for spec in specs}
    told = np.array([p is not None for p in trace.posture], dtype=bool)
    seen: dict[tuple[Posture, ...], Seen] = {}
    for positions in {positions_of(spec) for spec in by_name.values()}:
        seen[positions] = Seen(trace, positions, told)
    ranked = sorted((score(spec, seen[positions_of(spec)]) for spec in by_name.values()), key=lambda c: -c.score)
    best = ranked[0]
    runner_up = ranked[1] if len(ranked) > 1 else None
    margin = best.score - (runner_up.score if runner_up is not None else 0.0)
    declared = by_name[best.name].looks != NO_LOOKS
    level: Level = (
        "sure" if best.score >= SURE and margin >= SURE_MARGIN and declared
        else "likely" if best.score >= LIKELY
        else "unknown"
    )  # fmt: skip
    return Recognition(
        exercise=best.name,
        title=best.title,
        level=level,
        confidence=best.score,
        runner_up=runner_up.name if runner_up is not None else None,
        sentence=_sentence(best, by_name[best.name], runner_up, level),
        ranking=tuple((c.name, c.score) for c in ranked),
    )
