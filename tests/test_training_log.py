"""The SQLite training log: writes from analyze, trends, crash safety, concurrency, migrations."""

import json
import math
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from typer.testing import CliRunner

from formcheck.analysis.display import STRENGTH, STRETCH
from formcheck.cli import app
from formcheck.log import store
from formcheck.log.schema import MIGRATIONS, migrate
from formcheck.log.store import TrainingLog
from formcheck.log.trends import adherence, session_point, trend
from formcheck.report.model import Report

runner = CliRunner()


def report(exercise="standing-knee-raise", reps=5, peak=30.0, hold=2.0, lower=0.8, faulty=0, holds=()):
    rep_list = [
        {
            "number": i + 1,
            "side": "right",
            "start_s": i * 5.0,
            "top_s": i * 5 + 1.0,
            "end_s": i * 5 + 3.0,
            "peak_thigh_elevation_deg": peak,
            "hold_s": hold,
            "lower_s": lower,
            "faults": ["x.knee_below_hip"] if i < faulty else [],
        }
        for i in range(reps)
    ]
    hold_list = [
        {"start_s": 0.0, "end_s": d, "duration_s": d, "in_form_s": f, "side": side, "rep": None, "target_s": 30.0}
        for side, d, f in holds
    ]
    return Report.from_json(
        {
            "schema": "formcheck.report/1",
            "formcheck": "0.1.0",
            "exercise": exercise,
            "title": exercise,
            "status": "complete",
            "source": {"path": "clip.mp4", "fps": 30.0, "frames": 300, "duration_s": 10.0, "image_size": [640, 480]},
            "input": {"kind": "video", "path": "clip.mp4", "model": "full"},
            "view": {"expected": "side", "detected": "side"},
            "side": "auto",
            "rep_count": reps,
            "reps_by_side": {"right": reps},
            "reps": rep_list,
            "holds": hold_list,
            "faults": [
                {
                    "code": "x.knee_below_hip",
                    "severity": "error",
                    "message": "m",
                    "rep": i + 1,
                    "start_s": 0.0,
                    "end_s": 1.0,
                    "measured": -5.0,
                    "limit": 0.0,
                    "unit": "deg",
                }
                for i in range(faulty)
            ],
            "warnings": [],
            "summary": {},
            "config": {},
            "frames": {"t": [0.0, 0.1]},
            "measurement_kinds": {},
        }
    )


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_sessions_from_analyze_appear_in_history(samples, tmp_path):
    db = tmp_path / "log.sqlite3"
    for name, ex in (("bent_leg_raises", "standing-knee-raise"), ("high_knees", "high-knees")):
        result = runner.invoke(
            app, ["analyze", str(samples / f"{name}.landmarks.jsonl.gz"), "-e", ex, "--db", str(db), "--no-progress"]
        )
        assert result.exit_code == 0
    result = runner.invoke(
        app,
        [
            "analyze",
            str(samples / "bent_leg_raises.landmarks.jsonl.gz"),
            "-e",
            "standing-knee-raise",
            "--db",
            str(db),
            "--no-log",
            "--no-progress",
        ],
    )
    with TrainingLog(db) as log:
        sessions = log.sessions()
        assert [(s["exercise"], s["rep_count"]) for s in sessions] == [("standing-knee-raise", 5), ("high-knees", 22)]
        assert log.reps(sessions[0]["id"])[0].metrics["peak_thigh_elevation_deg"] > 0
    result = runner.invoke(
        app,
        [
            "history",
            "--db",
            str(db),
            "--exercise",
            "high-knees",
            "--csv",
            str(tmp_path / "h.csv"),
            "--plot",
            str(tmp_path / "h.png"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "high-knees" in result.output and "standing-knee-raise" not in result.output
    assert (tmp_path / "h.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "h.csv").read_text().count("\n") == 2


def test_trends_on_seeded_sessions():
    rng = np.random.default_rng(11)
    start = datetime(2026, 9, 1, 18, tzinfo=UTC)
    points = []
    for week in range(6):
        for day in (0, 2, 4):  # three sessions a week
            when = start + timedelta(days=7 * week + day)
            peak = 10.0 + 2.0 * week + float(rng.normal(0, 0.01))  # +2 deg per week
            points.append(session_point(len(points) + 1, when, report(reps=8 + week, peak=peak, faulty=1)))
    tr = trend(points, "peak_thigh_elevation_deg")
    assert tr.n == 18 and tr.per_week == pytest.approx(2.0, abs=0.05)
    assert trend(points, "reps").per_week == pytest.approx(1.0, abs=0.05)
    assert trend(points, "fault_rate").last == pytest.approx(1 / 13)
    a = adherence(points, STRENGTH)
    assert a.weeks == 6 and a.sessions_per_week == pytest.approx(3.0) and a.sets_per_day == pytest.approx(1.0)
    assert any("sets per exercise" in n for n in a.notes)
    stretch = [
        session_point(1, start, report("couch-stretch", reps=0, holds=[("left", 35.0, 31.0), ("right", 25.0, 20.0)]))
    ]
    a = adherence(stretch, STRETCH)
    assert a.stretch_s_per_side == {"left": 31.0, "right": 20.0}
    assert trend(stretch, "reps").n == 0 and trend(stretch, "hold_in_form_s").last == pytest.approx(51.0)
    assert any("right side" in n for n in a.notes) and not any("left side" in n for n in a.notes)


def test_delete_export_import_round_trip(tmp_path):
    with TrainingLog(tmp_path / "a.sqlite3") as log:
        ids = [log.add_session(report(reps=n)) for n in (3, 4, 5)]
        assert log.delete(ids[1]) and not log.delete(999)
        doc = log.export()
    assert [s["report"]["rep_count"] for s in doc["sessions"]] == [3, 5]
    with TrainingLog(tmp_path / "b.sqlite3") as other:
        assert other.import_(json.loads(json.dumps(doc))) == 2
        assert [s["rep_count"] for s in other.sessions()] == [3, 5]
        with pytest.raises(ValueError, match="not a formcheck log export"):
            other.import_({"schema": "nope"})
    result = runner.invoke(app, ["history", "--db", str(tmp_path / "b.sqlite3"), "--delete", "1"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["history", "--db", str(tmp_path / "b.sqlite3"), "--delete", "1"])
    assert result.exit_code == 1 and "no session 1" in result.output


def test_migration_from_v1_keeps_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    conn.execute(
        "INSERT INTO sessions VALUES (1, '2026-10-01T10:00:00+00:00', 'high-knees', 'a.mp4', 'video',"
        " 12.0, 2, 'full', '0.0.9')"
    )
    conn.execute(
        "INSERT INTO reps VALUES (1, 1, 'left', 1.0, 1.2, 1.5, ?, '[]')",
        (json.dumps({"peak_thigh_elevation_deg": 12.5}),),
    )
    conn.execute("INSERT INTO reps VALUES (1, 2, 'right', 2.0, 2.2, 2.5, '{}', '[\"high-knees.leaning_back\"]')")
    conn.close()
    with TrainingLog(path) as log:
        assert log.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        (s,) = log.sessions()
        assert s["status"] == "complete" and s["rep_count"] == 2
        exported = log.export()["sessions"][0]["report"]
        assert [r["side"] for r in exported["reps"]] == ["left", "right"]
        assert exported["reps"][0]["peak_thigh_elevation_deg"] == 12.5
        assert exported["title"] == "High knees" and exported["view"]["expected"] == "side"
        log.add_session(report())
        assert len(log.sessions()) == 2


WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_training_log import report
from formcheck.log.store import TrainingLog
log = TrainingLog(Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    log.add_session(report(reps=50 + i))
    print(i, flush=True)
"""


def _writer(tmp_path, db, n):
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(tests=str(__import__("pathlib").Path(__file__).parent)))
    return subprocess.Popen([sys.executable, str(script), str(db), str(n)], stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_killed_writer_leaves_readable_log_with_earlier_sessions(tmp_path):
    db = tmp_path / "log.sqlite3"
    with TrainingLog(db) as log:
        for n in range(3):
            log.add_session(report(reps=n))
    proc = _writer(tmp_path, db, 10_000)
    assert proc.stdout is not None
    done = [proc.stdout.readline() for _ in range(5)]  # at least 5 sessions committed
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert all(line.strip() for line in done)
    with TrainingLog(db) as log:
        assert log.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = [s["rep_count"] for s in log.sessions()]
        assert counts[:3] == [0, 1, 2] and len(counts) >= 8
        for s in log.sessions():  # no half-written session: every session has all its reps
            assert len(log.reps(s["id"])) == s["rep_count"]


@pytest.mark.slow
def test_two_concurrent_writers_both_land(tmp_path):
    db = tmp_path / "log.sqlite3"
    TrainingLog(db).close()
    procs = [_writer(tmp_path, db, 25) for _ in range(2)]
    for p in procs:
        p.communicate(timeout=120)
        assert p.returncode == 0
    with TrainingLog(db) as log:
        assert len(log.sessions()) == 50


def test_weeks_without_training_count_in_adherence():
    monday = datetime(2026, 9, 7, 18, tzinfo=UTC)
    # three days in the first week, nothing in the two weeks after, three days in the fourth week
    days = [monday + timedelta(days=d) for d in (0, 2, 4, 21, 23, 25)]
    a = adherence([session_point(i + 1, when, report(reps=12)) for i, when in enumerate(days)], STRENGTH)
    assert a.weeks == 4 and a.days == 6 and a.sessions_per_week == pytest.approx(1.5)
    assert any("1.5 training days a week" in n for n in a.notes)


def test_ctrl_c_in_the_middle_of_a_write_rolls_that_session_back(tmp_path, monkeypatch):
    with TrainingLog(tmp_path / "log.sqlite3") as log:
        log.add_session(report(reps=3))

        def interrupted(*_a):  # a Ctrl-C after the session row and its reps were written
            raise KeyboardInterrupt

        monkeypatch.setattr(store, "fault_rows", interrupted)
        with pytest.raises(KeyboardInterrupt):
            log.add_session(report(reps=4))
        monkeypatch.undo()
        assert [s["rep_count"] for s in log.sessions()] == [3]
        assert log.conn.execute("SELECT COUNT(*) FROM reps").fetchone()[0] == 3  # none of the 4 half-written reps
        log.add_session(report(reps=6))  # the log still takes new sessions
        assert [s["rep_count"] for s in log.sessions()] == [3, 6]


def test_import_skips_sessions_already_in_the_log(tmp_path):
    with TrainingLog(tmp_path / "a.sqlite3") as log:
        for n in (3, 4):
            log.add_session(report(reps=n))
        log.add_session(replace(report(reps=2), status="interrupted"))
        doc = log.export()
        assert log.import_(doc) == 0 and len(log.sessions()) == 3
    with TrainingLog(tmp_path / "b.sqlite3") as other:
        other.add_session(report(reps=9))
        assert other.import_(doc) == 3 and other.import_(doc) == 0
        assert sorted((s["rep_count"], s["status"]) for s in other.sessions()) == [
            (2, "interrupted"),
            (3, "complete"),
            (4, "complete"),
            (9, "complete"),
        ]


def test_history_cli_export_import_since(tmp_path):
    db, copy, dump = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "log.json"
    with TrainingLog(db) as log:
        log.add_session(report(reps=3), recorded_at=datetime(2026, 1, 5, 9, tzinfo=UTC))
        log.add_session(report("high-knees", reps=20), recorded_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    result = runner.invoke(app, ["history", "--db", str(db), "--since", "2026-02-01"])
    assert result.exit_code == 0 and "high-knees" in result.output and "standing-knee-raise" not in result.output
    assert runner.invoke(app, ["history", "--db", str(db), "--since", "last week"]).exit_code == 2
    assert runner.invoke(app, ["history", "--db", str(db), "--export", str(dump)]).exit_code == 0
    assert json.loads(dump.read_text())["schema"] == "formcheck.log-export/1"
    result = runner.invoke(app, ["history", "--db", str(copy), "--import", str(dump)])
    assert result.exit_code == 0 and "imported 2 new sessions" in result.output
    with TrainingLog(copy) as log:
        assert [(s["exercise"], s["recorded_at"][:10]) for s in log.sessions()] == [
            ("standing-knee-raise", "2026-01-05"),
            ("high-knees", "2026-03-02"),
        ]
    dump.write_text("{not json")
    result = runner.invoke(app, ["history", "--db", str(copy), "--import", str(dump)])
    assert result.exit_code == 1 and "not a formcheck log export" in result.output


def test_no_change_per_week_until_the_sessions_span_two_weeks():
    from datetime import datetime, timedelta

    from formcheck.log.trends import MIN_TREND_WEEKS, SessionPoint, round_to_support

    start = datetime(2026, 11, 1, 14, 0)
    afternoon = [
        SessionPoint(i, start + timedelta(minutes=20 * i), "high-knees", 10 + 5 * i, {"reps": 10.0 + 5 * i})
        for i in range(8)
    ]
    tr = trend(afternoon, "reps")
    assert math.isnan(tr.per_week) and tr.span_weeks < MIN_TREND_WEEKS  # no '+1046 reps a week'
    weeks = [SessionPoint(i, start + timedelta(days=3 * i), "high-knees", 10 + i, {"reps": 10.0 + i}) for i in range(8)]
    tr = trend(weeks, "reps")
    assert tr.per_week == pytest.approx(7 / 3, rel=1e-6) and tr.per_week_sd < 1e-6
    assert round_to_support(2.3456, 0.04) == "+2.35 ± 0.04" and round_to_support(12.3, 3.0) == "+12 ± 3"


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_history_compares_with_the_programme_the_report_uses(tmp_path, samples):
    # once the history's targets were hard-coded: plank 10-30 s (the report 20-30), knee raise 10-15 (the report 8-10)
    from formcheck.analysis.exercise_spec.resolved import resolve
    from formcheck.analysis.registry import get

    db = tmp_path / "log.sqlite3"
    for exercise, recording in (("plank", "plank"), ("standing-knee-raise", "bent_leg_raises")):
        args = ["analyze", str(samples / f"{recording}.landmarks.jsonl.gz"), "-e", exercise, "--db", str(db)]
        assert runner.invoke(app, [*args, "--no-progress"]).exit_code == 0
    result = runner.invoke(app, ["history", "--db", str(db)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    plank, knee = resolve(get("plank")).display.programme, resolve(get("standing-knee-raise")).display.programme
    assert plank.hold_s == (20.0, 30.0) and knee.reps == (8, 10)
    assert re.search(r"holds \d+\.\d s \(target 20-30\)", text) and "reps/set 5.0 (target 8-10)" in text
    assert "target 10-30" not in text and "target 10-15" not in text
    assert re.search(r"holds average \d+\.\d s: build to 20-30 s", text)
