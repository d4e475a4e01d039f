"""Progress over weeks: per-session numbers, their trends and adherence to the programme.

Pure functions over :class:`SessionPoint` lists, so they are tested on seeded data. The targets
are the exercise's own programme (:class:`~formcheck.analysis.display.Programme`, declared in its
spec): the same numbers the report compares a session with.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from formcheck.analysis.display import STRENGTH, Programme
from formcheck.log.athletes import DEFAULT_ATHLETE
from formcheck.report.model import Report

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
    """The numbers of one logged session that trends are made of (NaN = not measured).

    ``reps`` and ``hold_durations`` (one per hold of its own, s) are the units ``values["fault_rate"]`` counts.
    """

    session_id: int
    when: datetime
    exercise: str
    reps: int
    values: dict[str, float]
    hold_in_form_by_side: dict[str, float] = field(default_factory=dict)
    hold_durations: tuple[float, ...] = ()
    athlete: str = DEFAULT_ATHLETE


def _mean(values: Sequence[float | None]) -> float:
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    return float(np.mean(finite)) if finite else math.nan


def session_point(session_id: int, when: datetime, report: Report, *, athlete: str = DEFAULT_ATHLETE) -> SessionPoint:
    """Summarise a report (a session of ``athlete``) into a :class:`SessionPoint`."""
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
        athlete,
    )


def programme_of(exercise: str) -> Programme:
    """The exercise's programme (the one its reports compare with); an exercise unknown here: strength or holds."""
    from formcheck.analysis.exercise_spec.resolved import resolve
    from formcheck.report.model import exercise_spec

    spec = exercise_spec(exercise)
    return resolve(spec).display.programme if spec is not None else STRENGTH


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
    """How the logged training of one exercise compares with its programme (``programme``)."""

    programme: Programme
    weeks: int
    sessions_per_week: float
    days: int
    sets_per_day: float
    reps_per_set: float
    hold_s: float
    stretch_s_per_side: dict[str, float]
    notes: tuple[str, ...]

    def line(self) -> str:
        """One line: each measure with its target."""
        prog = self.programme
        lo, hi = prog.sessions_per_week
        sets_lo, sets_hi = prog.sets
        parts = [
            f"{self.sessions_per_week:.1f} training days/week over {self.weeks} week(s) (target {_span(lo, hi)})",
            f"{self.sets_per_day:.1f} sets/day (target {_span(sets_lo, sets_hi)})",
        ]
        if prog.reps is not None:
            parts.append(f"reps/set {_number(self.reps_per_set)} (target {_span(*prog.reps)})")
        if prog.hold_s is not None and math.isfinite(self.hold_s):
            parts.append(f"holds {_number(self.hold_s)} s (target {_span(*prog.hold_s)})")
        if prog.hold_s is not None:
            target = prog.hold_s[0]
            parts += [f"{k} {v:.0f} s/day in form (target >= {target:.0f})" for k, v in self.stretch_s_per_side.items()]
        return ", ".join(parts)


def _span(lo: float, hi: float) -> str:
    return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"


def _number(value: float) -> str:
    return f"{value:.1f}" if math.isfinite(value) else "–"


def adherence(points: Sequence[SessionPoint], programme: Programme) -> Adherence:
    """Sessions per week (distinct training days per calendar week), sets per day, reps per set, holds.

    ``points`` are the sessions of one exercise, ``programme`` its targets. Weeks are counted from
    the first session's ISO week to the last one's, weeks without a session included. A session of
    one exercise is one set; several on the same day are that day's sets. One-sided holds (a
    stretch per side) are summed per side and day; other holds are averaged.
    """
    if not points:
        return Adherence(programme, 0, math.nan, 0, math.nan, math.nan, math.nan, {}, ())
    days = {p.when.date() for p in points}
    weeks = calendar_weeks(min(days), max(days))
    per_week = len(days) / weeks
    sets_by_day: dict[Any, int] = defaultdict(int)
    for p in points:
        sets_by_day[p.when.date()] += 1
    sets = float(np.mean(list(sets_by_day.values())))
    rep_points = [p for p in points if p.reps > 0]
    reps_per_set = float(np.mean([p.reps for p in rep_points])) if rep_points else math.nan
    one_sided = [p for p in points if set(p.hold_in_form_by_side) & {"left", "right"}]
    holds = [d for p in points if p not in one_sided for d in p.hold_durations]
    per_side: dict[str, float] = defaultdict(float)
    for p in one_sided:
        for side, seconds in p.hold_in_form_by_side.items():
            per_side[side] += seconds
    side_days = {p.when.date() for p in one_sided}
    per_side_day = {k: v / len(side_days) for k, v in per_side.items()} if side_days else {}
    hold_mean = float(np.mean(holds)) if holds else math.nan
    notes = _notes(programme, per_week, sets if rep_points else math.nan, reps_per_set, hold_mean, per_side_day)
    return Adherence(programme, weeks, per_week, len(days), sets, reps_per_set, hold_mean, per_side_day, notes)


def _notes(
    programme: Programme, per_week: float, sets: float, reps_per_set: float, hold_mean: float,
    per_side_day: dict[str, float],
) -> tuple[str, ...]:  # fmt: skip
    """What falls short of the programme, one sentence each."""
    notes = []
    lo, hi = programme.sessions_per_week
    if per_week < lo:
        notes.append(f"{per_week:.1f} training days a week: the programme asks for {_span(lo, hi)}")
    if sets < programme.sets[0]:
        notes.append(f"{sets:.1f} sets per exercise a day: aim for {_span(*programme.sets)}")
    if programme.reps is not None and reps_per_set < programme.reps[0]:
        notes.append(f"{reps_per_set:.1f} reps per set: the target is {_span(*programme.reps)}")
    if programme.hold_s is not None:
        lo_s, hi_s = programme.hold_s
        if hold_mean < lo_s:
            notes.append(f"holds average {hold_mean:.1f} s: build to {_span(lo_s, hi_s)} s")
        for side, seconds in per_side_day.items():
            if seconds < lo_s:
                notes.append(f"{side} side: {seconds:.0f} s in form a day, hold at least {lo_s:.0f} s")
    return tuple(notes)
