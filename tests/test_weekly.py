"""Weekly series for charts: sessions, reps, holds, peak elevation, fault rate and adherence per ISO week."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_training_log import report

from formcheck.analysis.display import STRENGTH, STRETCH, Programme
from formcheck.log.store import TrainingLog
from formcheck.log.trends import SessionPoint, adherence, session_point
from formcheck.log.weekly import weekly
from formcheck.report.model import Report

MONDAY = datetime(2026, 9, 7, 18, tzinfo=UTC)  # ISO week 2026-W37
PROGRAMMES = {"standing-knee-raise": STRENGTH, "couch-stretch": STRETCH}  # 2 and 2 training days a week


def at(day: int, rpt: Report, sid: int = 1, athlete: str = "me") -> SessionPoint:
    return session_point(sid, MONDAY + timedelta(days=day), rpt, athlete=athlete)


def seeded() -> list[SessionPoint]:
    stretch = report("couch-stretch", reps=0, holds=[("left", 35.0, 31.0), ("right", 25.0, 20.0)])
    return [
        at(0, report(reps=2, peak=10.0, faulty=1), 1),  # week 37, Monday
        at(2, report(reps=8, peak=20.0, faulty=0), 2),  # week 37, Wednesday
        at(2, stretch, 3),  # week 37, Wednesday
        # week 38: nothing
        at(15, report(reps=5, peak=40.0, faulty=5), 4),  # week 39, Tuesday
    ]


def test_each_week_sums_its_sessions_and_weights_the_peak_by_reps() -> None:
    w37, w38, w39 = weekly(seeded(), PROGRAMMES.__getitem__)
    assert (w37.week, w37.start, w38.week, w39.week) == ("2026-W37", date(2026, 9, 7), "2026-W38", "2026-W39")
    assert (w37.sessions, w37.training_days, w37.reps) == (3, 2, 10)
    assert w37.hold_in_form_s == pytest.approx(51.0)
    assert w37.peak_thigh_elevation_deg == pytest.approx((2 * 10.0 + 8 * 20.0) / 10)  # 18, not the sessions' 15
    assert (w37.units, w37.faulty_units) == (12, 1)  # 10 reps and 2 holds, one rep faulty
    assert w37.fault_rate == pytest.approx(1 / 12)
    assert (w38.sessions, w38.reps, w38.hold_in_form_s, w38.units) == (0, 0, 0.0, 0)
    assert math.isnan(w38.peak_thigh_elevation_deg) and math.isnan(w38.fault_rate)
    assert w39.peak_thigh_elevation_deg == pytest.approx(40.0) and w39.fault_rate == pytest.approx(1.0)
    assert w39.hold_in_form_s == 0.0


def test_adherence_is_the_days_done_of_the_days_the_programmes_ask() -> None:
    w37, w38, w39 = weekly(seeded(), PROGRAMMES.__getitem__)
    # week 37: knee raises on 2 days (asks 2), the stretch on 1 (asks 2)
    assert (w37.programme_done, w37.programme_asked, w37.adherence) == (3, 4, pytest.approx(0.75))
    # a week without training still asks for both exercises: 0
    assert (w38.programme_done, w38.programme_asked, w38.adherence) == (0, 4, 0.0)
    assert (w39.programme_done, w39.programme_asked) == (1, 4)


def test_extra_days_of_one_exercise_do_not_make_up_for_another() -> None:
    knees = [at(d, report(), d) for d in range(5)]  # five days of knee raises, 2 asked
    stretch = [at(7, report("couch-stretch", reps=0, holds=[("left", 30.0, 30.0)]), 9)]  # begins the next week
    first, second = weekly(knees + stretch, PROGRAMMES.__getitem__)
    assert (first.programme_done, first.programme_asked, first.adherence) == (2, 2, 1.0)  # the stretch not yet asked
    assert (second.programme_done, second.programme_asked, second.adherence) == (1, 4, 0.25)


def test_adherence_over_the_weeks_agrees_with_the_trends() -> None:
    days = [0, 3, 8, 15, 17, 22]  # 2, 1, 2 and 1 days in four weeks
    points = [at(d, report(), i) for i, d in enumerate(days)]
    rows = weekly(points, lambda _: STRENGTH)
    lo = STRENGTH.sessions_per_week[0]
    assert [r.programme_done for r in rows] == [2, 1, 2, 1]
    mean = sum(r.adherence for r in rows) / len(rows)
    assert mean == pytest.approx(adherence(points, STRENGTH).sessions_per_week / lo)


def test_the_weeks_run_from_start_to_until_and_across_the_new_year() -> None:
    point = session_point(1, datetime(2027, 1, 2, 9, tzinfo=UTC), report())  # a Saturday of 2026-W53
    rows = weekly([point], lambda _: STRENGTH, start=date(2026, 12, 20), until=date(2027, 1, 12))
    assert [r.week for r in rows] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert [r.sessions for r in rows] == [0, 0, 1, 0, 0]
    assert math.isnan(rows[0].adherence)  # nothing asked before the exercise's first week
    assert [r.programme_asked for r in rows[2:]] == [2, 2, 2]
    assert weekly([], lambda _: STRENGTH) == []
    (only,) = weekly([], lambda _: STRENGTH, until=date(2027, 1, 12))
    assert (only.week, only.sessions, only.programme_asked) == ("2027-W02", 0, 0)


def test_several_athletes_points_are_refused() -> None:
    with pytest.raises(ValueError, match="one athlete's"):
        weekly([at(0, report(), 1), at(1, report(), 2, athlete="Ana")], lambda _: STRENGTH)


def test_the_default_programme_is_the_one_the_report_uses(tmp_path: Path) -> None:
    drill = Programme((8, 10), (2.0, 3.0), (2, 2), (3, 3))  # a programme asking 3 days a week
    with TrainingLog(tmp_path / "log.sqlite3") as log:
        log.add_session(report(), recorded_at=MONDAY)
        log.add_or_replace(report(), recorded_at=MONDAY, athlete="Ana")
        log.add_session(replace(report(), status="interrupted"), recorded_at=MONDAY + timedelta(days=1))
        points = log.points(athlete="me")
    assert [p.session_id for p in points] == [1]  # the partial session is left out
    (row,) = weekly(points)
    assert row.programme_asked == 2 and row.adherence == 0.5  # standing-knee-raise: 2-3 days a week
    (row,) = weekly(points, lambda _: drill)
    assert row.programme_asked == 3
