"""Progress over weeks: per-session numbers, their trends and adherence to the programme.

Pure functions over :class:`SessionPoint` lists, so they are tested on seeded data.
Programme targets are those of EXERCISES.md ("Programming targets"): 2-3 sessions a week,
3-4 sets of 10-15 reps, holds of 10-30 s, static stretches of at least 30 s per side.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from formcheck.report.model import Report

STRETCHES = frozenset({"kneeling-hip-flexor-stretch", "couch-stretch"})
TARGET_SESSIONS_PER_WEEK = (2, 3)
TARGET_SETS = (3, 4)
TARGET_REPS_PER_SET = (10, 15)
TARGET_HOLD_S = (10.0, 30.0)
TARGET_STRETCH_S_PER_SIDE = 30.0

TREND_METRICS: tuple[tuple[str, str], ...] = (
    ("reps", "reps"),
    ("peak_thigh_elevation_deg", "peak thigh elevation (deg)"),
    ("top_hold_s", "top hold (s)"),
    ("lower_s", "lowering (s)"),
    ("hold_in_form_s", "hold time in form (s)"),
    ("fault_rate", "fault rate (faulty reps or holds / all)"),
)


@dataclass(frozen=True)
class SessionPoint:
    """The numbers of one logged session that trends are made of (NaN = not measured)."""

    session_id: int
    when: datetime
    exercise: str
    reps: int
    values: dict[str, float]
    hold_in_form_by_side: dict[str, float] = field(default_factory=dict)
    hold_durations: tuple[float, ...] = ()


def _mean(values: Sequence[float | None]) -> float:
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    return float(np.mean(finite)) if finite else math.nan


def session_point(session_id: int, when: datetime, report: Report) -> SessionPoint:
    """Summarise a report into a :class:`SessionPoint`."""
    reps, own_holds = report.reps, report.own_holds()  # top holds of reps are part of the reps
    peak_key = "peak_thigh_elevation_deg"
    hold_faults = [f for f in report.faults if f.rep is None]
    faulty = sum(1 for r in reps if r.faults) + sum(
        1
        for h in own_holds
        if any((f.start_s or 0) <= (h.end_s or 0) and (f.end_s or 0) >= (h.start_s or 0) for f in hold_faults)
    )
    units = len(reps) + len(own_holds)
    by_side: dict[str, float] = defaultdict(float)
    for h in own_holds:
        by_side[h.side or "both"] += float(h.in_form_s or 0.0)
    values = {
        "reps": float(len(reps)) if reps or not own_holds else math.nan,  # a hold exercise has no rep count
        peak_key: _mean([r.metrics.get(peak_key) for r in reps]),
        "top_hold_s": _mean([r.metrics.get("hold_s") for r in reps]),
        "lower_s": _mean([r.metrics.get("lower_s") for r in reps]),
        "hold_in_form_s": float(sum(by_side.values())) if own_holds else math.nan,
        "fault_rate": faulty / units if units else math.nan,
    }
    return SessionPoint(
        session_id,
        when,
        report.exercise,
        len(reps),
        values,
        dict(by_side),
        tuple(float(h.duration_s or 0.0) for h in own_holds),
    )


MIN_TREND_WEEKS = 2.0
"""No change per week is given until the sessions span at least this many weeks: a slope over one
afternoon extrapolates minutes to weeks (eight sessions in a day gave '+1046 reps a week')."""


@dataclass(frozen=True)
class Trend:
    """One metric across sessions: first and last value, and the least-squares slope per week.

    ``per_week`` is NaN until the sessions span :data:`MIN_TREND_WEEKS`; ``span_weeks`` says how
    long they span, ``per_week_sd`` is the slope's standard error (NaN with fewer than three points).
    """

    metric: str
    n: int
    first: float
    last: float
    per_week: float
    span_weeks: float = 0.0
    per_week_sd: float = math.nan


def trend(points: Sequence[SessionPoint], metric: str) -> Trend:
    """Trend of ``metric`` over ``points`` (ignoring sessions where it was not measured)."""
    pts = sorted((p.when, p.values.get(metric, math.nan)) for p in points)
    pts = [(w, v) for w, v in pts if math.isfinite(v)]
    if not pts:
        return Trend(metric, 0, math.nan, math.nan, math.nan)
    weeks = np.array([(w - pts[0][0]).total_seconds() / (7 * 86400) for w, _ in pts])
    span = float(np.ptp(weeks))
    slope = sd = math.nan
    if len(pts) >= 2 and span >= MIN_TREND_WEEKS:
        vals = np.array([v for _, v in pts])
        if len(pts) >= 3:
            coef, cov = np.polyfit(weeks, vals, 1, cov=True)
            slope, sd = float(coef[0]), float(math.sqrt(max(cov[0, 0], 0.0)))
        else:
            slope = float(np.polyfit(weeks, vals, 1)[0])
    return Trend(metric, len(pts), pts[0][1], pts[-1][1], slope, span, sd)


def round_to_support(value: float, sd: float) -> str:
    """``value`` with as many decimals as its standard error supports (one significant digit of ``sd``)."""
    if not math.isfinite(value):
        return "–"
    if not math.isfinite(sd) or sd <= 0:
        return f"{value:+.1f}"
    decimals = max(0, -math.floor(math.log10(sd)))
    return f"{value:+.{decimals}f} ± {sd:.{decimals}f}"


def calendar_weeks(first: date, last: date) -> int:
    """ISO (Monday-first) weeks from the week of ``first`` to that of ``last``, both included."""
    monday = first - timedelta(days=first.weekday())
    return (last - monday).days // 7 + 1


@dataclass(frozen=True)
class Adherence:
    """How the logged training compares with the programme targets."""

    weeks: int
    sessions_per_week: float
    days: int
    sets_per_day: float
    reps_per_set: float
    hold_s: float
    stretch_s_per_side: dict[str, float]
    notes: tuple[str, ...]


def adherence(points: Sequence[SessionPoint]) -> Adherence:
    """Sessions per week (distinct training days per calendar week), sets per day, reps per set, holds, stretches.

    Weeks are counted from the first session's ISO week to the last one's, weeks without a
    session included. A session of one exercise is one set; several on the same day are that day's sets.
    """
    if not points:
        return Adherence(0, math.nan, 0, math.nan, math.nan, math.nan, {}, ())
    days = {p.when.date() for p in points}
    weeks = calendar_weeks(min(days), max(days))
    per_week = len(days) / weeks
    sets_by_day: dict[tuple[Any, str], int] = defaultdict(int)
    for p in points:
        sets_by_day[(p.when.date(), p.exercise)] += 1
    rep_points = [p for p in points if p.reps > 0]
    reps_per_set = float(np.mean([p.reps for p in rep_points])) if rep_points else math.nan
    holds = [d for p in points for d in p.hold_durations if p.exercise not in STRETCHES]
    stretch: dict[str, float] = defaultdict(float)
    stretch_days: set[Any] = set()
    for p in points:
        if p.exercise in STRETCHES:
            stretch_days.add(p.when.date())
            for side, s in p.hold_in_form_by_side.items():
                stretch[side] += s
    stretch_per_day = {k: v / len(stretch_days) for k, v in stretch.items()} if stretch_days else {}
    notes = []
    lo, hi = TARGET_SESSIONS_PER_WEEK
    if per_week < lo:
        notes.append(f"{per_week:.1f} training days a week: the programme asks for {lo}-{hi}")
    sets = float(np.mean(list(sets_by_day.values())))
    if rep_points and sets < TARGET_SETS[0]:
        notes.append(f"{sets:.1f} sets per exercise a day: aim for {TARGET_SETS[0]}-{TARGET_SETS[1]}")
    if math.isfinite(reps_per_set) and reps_per_set < TARGET_REPS_PER_SET[0]:
        notes.append(
            f"{reps_per_set:.1f} reps per set: the target is {TARGET_REPS_PER_SET[0]}-{TARGET_REPS_PER_SET[1]}"
            " (beginners 5-10 slow reps)"
        )
    hold_mean = float(np.mean(holds)) if holds else math.nan
    if math.isfinite(hold_mean) and hold_mean < TARGET_HOLD_S[0]:
        notes.append(f"holds average {hold_mean:.1f} s: build to {TARGET_HOLD_S[0]:.0f}-{TARGET_HOLD_S[1]:.0f} s")
    for side, s in stretch_per_day.items():
        if s < TARGET_STRETCH_S_PER_SIDE:
            notes.append(f"stretch {side}: {s:.0f} s in form a day, hold at least {TARGET_STRETCH_S_PER_SIDE:.0f} s")
    return Adherence(weeks, per_week, len(days), sets, reps_per_set, hold_mean, stretch_per_day, tuple(notes))
