"""One athlete's training week by week, for charts: a pure function over :class:`SessionPoint` lists.

Weeks are ISO weeks (Monday to Sunday) of each session's ``when`` as given (UTC for the training
log's points: convert them first for local weeks). Adherence counts as :func:`~formcheck.log.trends.adherence`
does: a programme session is one training day of an exercise, whatever the sets done that day.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from formcheck.analysis.display import Programme
from formcheck.log.trends import SessionPoint, programme_of

PEAK = "peak_thigh_elevation_deg"


@dataclass(frozen=True)
class WeekRow:
    """One ISO week of one athlete's sessions (NaN = nothing to measure that week).

    Attributes:
        week: the ISO week, ``"2026-W36"``.
        start: its Monday.
        sessions: sessions logged (each a set).
        training_days: days with at least one session.
        reps: reps of all sessions.
        hold_in_form_s: seconds held in good form, all holds of the week (0.0 without holds).
        peak_thigh_elevation_deg: mean peak thigh elevation of the week's reps, degrees (each
            session's mean weighted by its reps); NaN when no rep measured it.
        units: reps and holds of the week; ``faulty_units`` of them had a fault.
        faulty_units: reps and holds with at least one fault.
        fault_rate: ``faulty_units / units``; NaN without any.
        programme_asked: training days the programmes ask for this week: each exercise's minimum
            days a week, from the week of its first session on.
        programme_done: of those, the days trained (each exercise counted up to what it asks, so
            extra days of one exercise never make up for another one missed).
        adherence: ``programme_done / programme_asked``, 0 to 1; NaN when nothing was asked.

    """

    week: str
    start: date
    sessions: int
    training_days: int
    reps: int
    hold_in_form_s: float
    peak_thigh_elevation_deg: float
    units: int
    faulty_units: int
    fault_rate: float
    programme_asked: int
    programme_done: int
    adherence: float


def monday(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def _units(p: SessionPoint) -> tuple[int, int]:
    """(units, faulty units) of a session: its reps and own holds, and how many of them had a fault."""
    units = p.reps + len(p.hold_durations)
    rate = p.values.get("fault_rate", math.nan)
    return units, (round(rate * units) if units and math.isfinite(rate) else 0)


def weekly(
    points: Sequence[SessionPoint],
    programme: Callable[[str], Programme] = programme_of,
    *,
    start: date | None = None,
    until: date | None = None,
) -> list[WeekRow]:
    """One :class:`WeekRow` per ISO week, oldest first, weeks without a session included.

    ``points`` are one athlete's whole sessions (:meth:`~formcheck.log.store.TrainingLog.points`
    with ``athlete=``; raises ValueError for several athletes' points). ``programme`` gives each
    exercise's targets (default: the programme its reports compare with). The weeks run from the
    first session's (or ``start``'s, when earlier) to the last one's (or ``until``'s, when later);
    no points and no ``start``/``until``: no rows.
    """
    athletes = {p.athlete for p in points}
    if len(athletes) > 1:
        raise ValueError(f"weekly rows are one athlete's; these points are of {len(athletes)}: {sorted(athletes)}")
    days = [p.when.date() for p in points] + [d for d in (start, until) if d is not None]
    if not days:
        return []
    by_week: dict[date, list[SessionPoint]] = defaultdict(list)
    for p in points:
        by_week[monday(p.when.date())].append(p)
    first_week: dict[str, date] = {}
    for p in sorted(points, key=lambda p: p.when):
        first_week.setdefault(p.exercise, monday(p.when.date()))
    asks = {exercise: programme(exercise).sessions_per_week[0] for exercise in first_week}
    rows = []
    week, last = monday(min(days)), monday(max(days))
    while week <= last:
        rows.append(_row(week, by_week.get(week, []), {e: n for e, n in asks.items() if first_week[e] <= week}))
        week += timedelta(days=7)
    return rows


def _row(week: date, pts: list[SessionPoint], asked: dict[str, int]) -> WeekRow:
    """The week starting ``week`` from its sessions; ``asked``: the training days each exercise asks for."""
    units = faulty = 0
    for p in pts:
        n, bad = _units(p)
        units, faulty = units + n, faulty + bad
    peaks = [(p.values[PEAK], p.reps) for p in pts if p.reps and math.isfinite(p.values.get(PEAK, math.nan))]
    weight = sum(n for _, n in peaks)
    holds = [p.values.get("hold_in_form_s", math.nan) for p in pts]
    days_by_exercise: dict[str, set[date]] = defaultdict(set)
    for p in pts:
        days_by_exercise[p.exercise].add(p.when.date())
    done = sum(min(len(days_by_exercise.get(e, ())), n) for e, n in asked.items())
    wanted = sum(asked.values())
    iso = week.isocalendar()
    return WeekRow(
        week=f"{iso.year}-W{iso.week:02d}",
        start=week,
        sessions=len(pts),
        training_days=len({p.when.date() for p in pts}),
        reps=sum(p.reps for p in pts),
        hold_in_form_s=float(sum(h for h in holds if math.isfinite(h))),
        peak_thigh_elevation_deg=sum(v * n for v, n in peaks) / weight if weight else math.nan,
        units=units,
        faulty_units=faulty,
        fault_rate=faulty / units if units else math.nan,
        programme_asked=wanted,
        programme_done=done,
        adherence=done / wanted if wanted else math.nan,
    )
