"""A workout split into its sets, from the movement: where the position changes, or a long pause.

The frames' positions are smoothed (the most common position of the :data:`SMOOTH_S` around
each frame, standing and standing on one leg as one), and cut where the position changes
for at least :data:`MIN_SET_S`. Within a stretch in one position, a pause (no leg lifting) of
:data:`PAUSE_S` or more between reps also ends a set. Each stretch is recognised; a stretch that
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
from formcheck.analysis.recognise.movement import lift_times, smoothed
from formcheck.analysis.recognise.recognise import Recognition, recognise
from formcheck.analysis.recognise.trace import Trace

SMOOTH_S = 2.0
"""Window of the position's majority vote, s."""
MIN_SET_S = 4.0
"""A stretch in one position shorter than this is part of its neighbours (a rep's top, a stumble)."""
PAUSE_S = 10.0
"""No leg lifting for this long between reps in one position ends a set (a rest)."""
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
    """Frames in ``start:end`` in the middle of a pause of ``PAUSE_S`` or more between leg lifts."""
    t = trace.t[start:end]
    lifts: list[float] = []
    for leg in ("left", "right"):
        x = smoothed(trace.leg("thigh_elevation_deg", leg)[start:end], t)
        if np.isfinite(x).all() and len(x) >= 5:
            lifts.extend(lift_times(x, t))
    lifts.sort()
    cuts = []
    for a, b in pairwise(lifts):
        if b - a >= PAUSE_S:
            cuts.append(start + int(np.searchsorted(t, (a + b) / 2)))
    return cuts


def split_sets(trace: Trace, specs: Sequence[ExerciseSpec]) -> list[WorkoutSet]:
    """The sets of ``trace`` (at least one, covering the whole trace when it is one set)."""
    n = len(trace)
    if n == 0:
        return []
    pieces: list[tuple[int, int]] = []
    for s, e in _runs(trace) or [(0, n)]:
        cuts = [s, *_pauses(trace, s, e), e]
        pieces.extend(pairwise(cuts))
    found = [(s, e, recognise(trace.span(s, e), specs)) for s, e in pieces]
    known = [f for f in found if f[2].known]
    kept = known or found[:1]
    if not known and len(found) > 1:
        kept = [(found[0][0], found[-1][1], recognise(trace, specs))]
    merged: list[tuple[int, int, Recognition]] = []
    for s, e, rec in kept:
        if merged and merged[-1][2].exercise == rec.exercise:
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


def _end_s(trace: Trace, end: int) -> float:
    """The time frame ``end`` starts (one frame after the last for the end of the trace), s."""
    if end < len(trace):
        return float(trace.t[end])
    return float(trace.t[-1]) + (float(np.median(np.diff(trace.t))) if len(trace) > 1 else 0.0)
