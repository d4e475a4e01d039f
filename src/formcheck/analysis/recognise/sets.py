"""A workout split into its sets, from the movement: where the position changes, or a long pause.

The frames' positions are smoothed (the most common position of the :data:`SMOOTH_S` around
each frame, standing and standing on one leg as one), and cut where the position changes
for at least :data:`MIN_SET_S`. Within a stretch in one position, a pause (no leg lifting) of
:data:`PAUSE_S` or more between reps also ends a set. Each stretch is recognised; a change of exercise
within one position (windows named for sure as different exercises) also ends a set. A stretch that
is not a known exercise (getting up, walking to the mat) is not a set when others are; neighbours
recognised as the same exercise are one set. A set runs from the middle of the gap before it to
the middle of the gap after it, so its analysis sees the whole movement in and out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.movement import BoolArray, lift_times, smoothed
from formcheck.analysis.recognise.recognise import Recognition, is_still, recognise
from formcheck.analysis.recognise.trace import Trace
from formcheck.core.types import FloatArray

SMOOTH_S = 2.0
"""Window of the position's majority vote, s."""
MIN_SET_S = 4.0
"""A stretch in one position shorter than this is part of its neighbours (a rep's top, a stumble)."""
PAUSE_S = 10.0
"""No leg lifting for this long between reps in one position ends a set (a rest)."""
REST_S = 6.0
"""A rest lasts at least this long, s."""
REST_RANGE_DEG = 10.0
"""In a rest, each thigh stays within this range over any 2 s, deg."""
WINDOWS_S = (6.0, 4.0)
"""Windows in which an exercise is recognised when looking for a change of exercise in one position, s."""
STEP_S = 1.0
"""Step between those windows, s."""
FAMILY = {Posture.ONE_LEG_STAND: Posture.STANDING}
"""Positions that are one for splitting (a standing knee raise stands on one leg at the top)."""


@dataclass(frozen=True)
class WorkoutSet:
    """One set: frames ``start:end`` of the trace, times in s, and what it was recognised as."""

    start: int
    end: int
    start_s: float
    end_s: float
    recognition: Recognition


def _positions(trace: Trace) -> list[Posture | None]:
    """Each frame's position by the majority of the frames with one within ``SMOOTH_S / 2``."""
    raw = [FAMILY.get(p, p) if p is not None else None for p in trace.posture]
    out: list[Posture | None] = []
    lo = 0
    hi = 0
    counts: Counter[Posture] = Counter()
    n = len(raw)
    for i in range(n):
        while hi < n and trace.t[hi] <= trace.t[i] + SMOOTH_S / 2:
            if raw[hi] is not None:
                counts[raw[hi]] += 1  # type: ignore[index]
            hi += 1
        while trace.t[lo] < trace.t[i] - SMOOTH_S / 2:
            if raw[lo] is not None:
                counts[raw[lo]] -= 1  # type: ignore[index]
            lo += 1
        top = counts.most_common(1)
        out.append(top[0][0] if top and top[0][1] > 0 else None)
    return out


def _runs(trace: Trace) -> list[tuple[int, int]]:
    """Stretches of one position at least ``MIN_SET_S`` long, frames ``(start, end)``, covering the trace."""
    positions = _positions(trace)
    runs: list[tuple[int, int, Posture | None]] = []
    for i, p in enumerate(positions):
        if p is None:
            continue
        if runs and runs[-1][2] == p:
            runs[-1] = (runs[-1][0], i + 1, p)
        else:
            runs.append((i, i + 1, p))
    long = [r for r in runs if trace.t[r[1] - 1] - trace.t[r[0]] >= MIN_SET_S]
    merged: list[tuple[int, int, Posture | None]] = []
    for run in long:
        if merged and merged[-1][2] == run[2]:
            merged[-1] = (merged[-1][0], run[1], run[2])
        else:
            merged.append(run)
    return [(s, e) for s, e, _ in merged]


def _pauses(trace: Trace, start: int, end: int) -> list[int]:
    """Frames in ``start:end`` in the middle of a rest between two leg lifts ``PAUSE_S`` or more apart.

    A rest: the longest stretch between the lifts in which every 2 s window of either thigh's
    elevation ranges at most :data:`REST_RANGE_DEG`, lasting :data:`REST_S` or more (a slow rep
    keeps moving between its lifts; walking back to the mat is not a rest, standing is).
    """
    t = trace.t[start:end]
    legs = _thighs(trace, start, end)
    if not legs:
        return []
    lifts = sorted(time for x in legs for time in lift_times(x, t))
    still = _still_frames(legs, t)
    cuts = []
    for a, b in pairwise(lifts):
        if b - a < PAUSE_S:
            continue
        inside = np.flatnonzero((t > a) & (t < b) & still)
        if not len(inside):
            continue
        runs = np.split(inside, np.flatnonzero(np.diff(inside) > 1) + 1)
        longest = max(runs, key=lambda run: t[run[-1]] - t[run[0]])
        if t[longest[-1]] - t[longest[0]] >= REST_S:
            cuts.append(start + int(longest[len(longest) // 2]))
    return cuts


def _thighs(trace: Trace, start: int, end: int) -> list[FloatArray]:
    """Each leg's smoothed thigh elevation over frames ``start:end`` (the legs measured there), deg."""
    t = trace.t[start:end]
    legs = [smoothed(trace.leg("thigh_elevation_deg", leg)[start:end], t) for leg in ("left", "right")]
    return [x for x in legs if np.isfinite(x).all() and len(x) >= 5]


def _still_frames(legs: list[FloatArray], t: FloatArray) -> BoolArray:
    """``(n,)`` frames around which (1 s either side) no thigh elevation ranges more than ``REST_RANGE_DEG``."""
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1.0
    half = max(1, round(1.0 / max(dt, 1e-3)))
    still = np.ones(len(t), dtype=bool)
    for x in legs:
        padded = np.pad(x, (half, half), mode="edge")
        spread = np.ptp(np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1), axis=1)
        still &= spread <= REST_RANGE_DEG
    return still


def _changes(trace: Trace, start: int, end: int, specs: Sequence[ExerciseSpec]) -> list[int]:
    """Frames in ``start:end`` where one exercise gives way to another in the same position.

    Looked for with windows of each of :data:`WINDOWS_S` in turn (the longer see slow reps, the
    shorter a short set); the first that finds a change is kept (see :func:`_changes_in`).
    """
    for window in WINDOWS_S:
        cuts = _changes_in(trace, start, end, specs, window)
        if cuts:
            return cuts
    return []


def _changes_in(trace: Trace, start: int, end: int, specs: Sequence[ExerciseSpec], window_s: float) -> list[int]:
    """Frames in ``start:end`` where one exercise gives way to another, seen in windows of ``window_s``.

    Windows every :data:`STEP_S` are recognised; a run of windows whose best
    is one exercise (known), lasting :data:`MIN_SET_S` or more with at least one window sure of it,
    is told apart from the next such run of another exercise (a plank held, then mountain
    climbers: both in a plank). The cut is in the longest pause between leg lifts between the two,
    and stays only when each side, as a whole, is recognised for sure as its runs' exercise.
    """
    t = trace.t[start:end]
    if t[-1] - t[0] < 2 * MIN_SET_S:
        return []
    runs: list[_Run] = []
    at = float(t[0])
    while at + window_s <= t[-1] + 1e-9:
        a, b = (start + int(np.searchsorted(t, x)) for x in (at, at + window_s))
        found = recognise(trace.span(a, b), specs)
        name, centre = (found.exercise if found.known else ""), at + window_s / 2
        if runs and runs[-1].name == name:
            runs[-1].last = centre
            runs[-1].sure = runs[-1].sure or found.level == "sure"
        else:
            runs.append(_Run(name, centre, centre, found.level == "sure"))
        at += STEP_S
    named = [r for r in runs if r.name and r.sure and r.last - r.first + STEP_S >= MIN_SET_S]
    cuts = [
        (start + int(np.searchsorted(t, _quietest(trace, start, end, before.last, after.first))), before, after)
        for before, after in pairwise(named)
        if before.name != after.name
    ]
    bounds = [start, *(cut for cut, _, _ in cuts), end]
    kept = []
    for i, (cut, before, after) in enumerate(cuts):
        left, right = recognise(trace.span(bounds[i], cut), specs), recognise(trace.span(cut, bounds[i + 2]), specs)
        if (left.exercise, right.exercise) == (before.name, after.name) and left.level == right.level == "sure":
            kept.append(cut)  # each side is, as a whole, the exercise of its windows
    return kept


@dataclass
class _Run:
    """Consecutive windows with the same best exercise: their first and last centres, s."""

    name: str
    first: float
    last: float
    sure: bool


def _quietest(trace: Trace, start: int, end: int, from_s: float, to_s: float) -> float:
    """The middle of the longest time without a leg lift between ``from_s`` and ``to_s``, s."""
    t = trace.t[start:end]
    inside = (time for x in _thighs(trace, start, end) for time in lift_times(x, t) if from_s < time < to_s)
    lifts = sorted([from_s, to_s, *inside])
    a, b = max(pairwise(lifts), key=lambda gap: gap[1] - gap[0])
    return (a + b) / 2


def split_sets(trace: Trace, specs: Sequence[ExerciseSpec]) -> list[WorkoutSet]:
    """The sets of ``trace`` (at least one, covering the whole trace when it is one set)."""
    n = len(trace)
    if n == 0:
        return []
    pieces: list[tuple[int, int]] = []
    rests: set[int] = set()
    for s, e in _runs(trace) or [(0, n)]:
        pauses = _pauses(trace, s, e)
        rests.update(pauses)
        cuts = sorted({s, *pauses, *_changes(trace, s, e, specs), e})
        pieces.extend(pairwise(cuts))
    found = [(s, e, recognise(trace.span(s, e), specs)) for s, e in pieces]
    known = [f for f in found if f[2].known]
    kept = known or found[:1]
    if not known and len(found) > 1:
        kept = [(found[0][0], found[-1][1], recognise(trace, specs))]
    merged: list[tuple[int, int, Recognition]] = []
    for s, e, rec in kept:
        still = is_still(_spec(specs, rec.exercise))  # a hold is stillness: no rest can split it
        if merged and merged[-1][2].exercise == rec.exercise and (s not in rests or still):
            merged[-1] = (merged[-1][0], e, recognise(trace.span(merged[-1][0], e), specs))
        else:
            merged.append((s, e, rec))
    if len(merged) == 1:
        whole = recognise(trace, specs)
        return [WorkoutSet(0, n, float(trace.t[0]), _end_s(trace, n), whole)]
    bounds = [0] + [(a[1] + b[0]) // 2 for a, b in pairwise(merged)] + [n]
    return [
        WorkoutSet(bounds[i], bounds[i + 1], float(trace.t[bounds[i]]), _end_s(trace, bounds[i + 1]), rec)
        for i, (_, _, rec) in enumerate(merged)
    ]


def _spec(specs: Sequence[ExerciseSpec], name: str) -> ExerciseSpec:
    return next(spec for spec in specs if spec.name == name)


def _end_s(trace: Trace, end: int) -> float:
    """The time frame ``end`` starts (one frame after the last for the end of the trace), s."""
    if end < len(trace):
        return float(trace.t[end])
    return float(trace.t[-1]) + (float(np.median(np.diff(trace.t))) if len(trace) > 1 else 0.0)
