"""Sessions belong to an athlete: names, the v4 migration, replace/filter/summary, export/import, the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from test_training_log import report
from typer.testing import CliRunner

from formcheck.analysis.analyzer import analyzer_for
from formcheck.application import log_session
from formcheck.cli import app
from formcheck.cli.live import _finish
from formcheck.errors import FormcheckError
from formcheck.log.athletes import DEFAULT_ATHLETE, AthleteSummary, athlete_name
from formcheck.log.schema import SCHEMA_VERSION, migrate
from formcheck.log.store import TrainingLog
from formcheck.pipeline import RunStatus
from formcheck.report.outputs import OutputLog
from formcheck.runner import analyze_recording

runner = CliRunner()
RECORDING = Path(__file__).resolve().parents[1] / "sample_videos" / "bent_leg_raises.landmarks.jsonl.gz"
T0 = datetime(2026, 10, 5, 18, tzinfo=UTC)


def one_line(output: str) -> str:
    """The CLI's output with its box drawing and line wrapping taken out."""
    return " ".join(output.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ana", "Ana"),
        ("  Ana \t  Maria\n", "Ana Maria"),
        ("Zoë", "Zoë"),
        ("Zoe\u0308", "Zoë"),  # decomposed: the same name as the composed one
        ("x" * 60, "x" * 60),
    ],
)
def test_a_name_is_stripped_collapsed_and_composed(text: str, name: str) -> None:
    assert athlete_name(text) == name


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "the athlete's name is empty: give a name of 1 to 60 characters"),
        (" \t ", "the athlete's name is empty"),
        ("x" * 61, "the athlete's name is 61 characters long: use at most 60 characters"),
        ("a\x00b", "holds a control character (U+0000)"),
        ("a\x1bb", "holds a control character (U+001B)"),
        ("evil\u202eeman", "holds a control character (U+202E)"),
    ],
)
def test_a_bad_name_is_one_sentence(text: str, said: str) -> None:
    with pytest.raises(FormcheckError) as exc:
        athlete_name(text)
    assert said in str(exc.value) and "\n" not in str(exc.value)


def v3_log(path: Path) -> None:
    """A training log as formcheck wrote it before athletes: schema v3 with one session."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=3) == 3
    conn.execute(
        "INSERT INTO sessions (id, recorded_at, exercise, source_path, input_kind, duration_s, rep_count, "
        "formcheck_version, status, input_key) VALUES (1, '2026-10-01T10:00:00+00:00', 'high-knees', 'a.mp4', "
        "'video', 9, 4, '0.1', 'complete', 'k1')"
    )
    conn.close()


def test_a_v3_log_is_upgraded_with_its_sessions_as_me(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite3"
    v3_log(path)
    with TrainingLog(path) as log:
        assert SCHEMA_VERSION == 4 and log.conn.execute("PRAGMA user_version").fetchone()[0] == 4
        ((sid, athlete, reps),) = [(s["id"], s["athlete"], s["rep_count"]) for s in log.sessions()]
        assert (sid, athlete, reps) == (1, "me", 4)
        assert [s["id"] for s in log.sessions(athlete="me")] == [1] and log.sessions(athlete="Ana") == []
        indexes = {r[1] for r in log.conn.execute("PRAGMA index_list(sessions)")}
        assert "sessions_by_athlete" in indexes
        # the old session keeps its input key: analysing that input again for someone else keeps it
        assert log.add_or_replace(report(), input_key="k1", athlete="Ana").replaced == ()
        assert log.add_or_replace(report(), input_key="k1").replaced == (1,)


def test_the_same_input_replaces_only_the_same_athletes_session(tmp_path: Path) -> None:
    with TrainingLog(tmp_path / "log.sqlite3") as log:
        mine = log.add_or_replace(report(reps=3), input_key="clip", recorded_at=T0)
        ana = log.add_or_replace(report(reps=4), input_key="clip", athlete="Ana", recorded_at=T0)
        bob = log.add_or_replace(report(reps=5), input_key="clip", athlete="Bob", recorded_at=T0)
        assert mine.replaced == ana.replaced == bob.replaced == ()
        again = log.add_or_replace(report(reps=6), input_key="clip", athlete="  Ana ", recorded_at=T0)
        assert again.replaced == (ana.id,)
        assert [(s["athlete"], s["rep_count"]) for s in log.sessions()] == [("me", 3), ("Bob", 5), ("Ana", 6)]
        assert [s["rep_count"] for s in log.sessions(athlete="Ana")] == [6]
        assert [s["rep_count"] for s in log.sessions(athlete="me")] == [3]
        assert [p.athlete for p in log.points(athlete="Bob")] == ["Bob"]
        with pytest.raises(FormcheckError, match="control character"):
            log.add_or_replace(report(), input_key="clip", athlete="a\x07")
        assert len(log.sessions()) == 3  # nothing written, nothing replaced


def test_athletes_are_listed_most_recent_first_with_their_sessions(tmp_path: Path) -> None:
    with TrainingLog(tmp_path / "log.sqlite3") as log:
        log.add_session(report("high-knees"), recorded_at=T0)
        log.add_or_replace(report("plank"), recorded_at=T0 + timedelta(days=1), athlete="Ana")
        log.add_or_replace(report("high-knees"), recorded_at=T0 + timedelta(days=3), athlete="Ana")
        log.add_or_replace(report("plank"), recorded_at=T0 + timedelta(days=2), athlete="Bob")
        log.add_session(report("plank"), recorded_at=T0 + timedelta(days=1, hours=1))
        assert log.athletes() == [
            AthleteSummary("Ana", 2, T0 + timedelta(days=1), T0 + timedelta(days=3), ("high-knees", "plank")),
            AthleteSummary("Bob", 1, T0 + timedelta(days=2), T0 + timedelta(days=2), ("plank",)),
            AthleteSummary("me", 2, T0, T0 + timedelta(days=1, hours=1), ("high-knees", "plank")),
        ]
    with TrainingLog(tmp_path / "empty.sqlite3") as empty:
        assert empty.athletes() == []


def test_export_and_import_carry_the_athlete(tmp_path: Path) -> None:
    with TrainingLog(tmp_path / "a.sqlite3") as log:
        log.add_or_replace(report(reps=3), recorded_at=T0)
        log.add_or_replace(report(reps=3), recorded_at=T0, athlete="Ana")  # the same session, someone else's
        log.add_or_replace(report(reps=4), recorded_at=T0 + timedelta(days=1), athlete="Bob")
        doc = json.loads(json.dumps(log.export()))
        only_ana = log.export(athlete="Ana")
    assert [s["athlete"] for s in doc["sessions"]] == ["me", "Ana", "Bob"]
    assert [s["athlete"] for s in only_ana["sessions"]] == ["Ana"]
    with TrainingLog(tmp_path / "b.sqlite3") as other:
        assert other.import_(doc) == 3
        assert [(s["athlete"], s["rep_count"]) for s in other.sessions()] == [("me", 3), ("Ana", 3), ("Bob", 4)]
        assert other.import_(doc) == 0  # each already there, for its athlete
    old = json.loads(json.dumps(doc))
    for item in old["sessions"]:
        del item["athlete"]  # an export written before athletes
    with TrainingLog(tmp_path / "c.sqlite3") as third:
        assert third.import_(old) == 2  # the first two are the same session, both now me's
        assert {s["athlete"] for s in third.sessions()} == {DEFAULT_ATHLETE}
        bad = dict(doc, sessions=[dict(doc["sessions"][2], athlete="")])
        with pytest.raises(ValueError, match="name is empty"):
            third.import_(bad)


def test_a_bad_name_given_to_the_application_is_one_line_and_nothing_logged(tmp_path: Path) -> None:
    log = OutputLog()
    assert log_session(report(), tmp_path / "log.sqlite3", log, athlete="") is None
    assert log.failed == [
        "session not added to the training log: the athlete's name is empty: give a name of 1 to 60 characters"
    ]
    assert not (tmp_path / "log.sqlite3").exists()  # checked before the log was created


def test_analyze_logs_for_the_athlete_and_history_filters_by_them(tmp_path: Path) -> None:
    db = str(tmp_path / "log.sqlite3")
    args = ["analyze", str(RECORDING), "-e", "standing-knee-raise", "--db", db, "--no-progress"]
    ana = runner.invoke(app, [*args, "--athlete", " Ana "])
    assert ana.exit_code == 0 and "logged as session 1 of Ana;" in ana.output
    with TrainingLog(Path(db)) as log:
        assert [(s["athlete"], s["rep_count"]) for s in log.sessions()] == [("Ana", 5)]
    shown = runner.invoke(app, ["history", "--athlete", "Ana", "--db", db])
    assert shown.exit_code == 0 and "standing-knee-raise: trend over 1 sessions" in shown.output
    assert "athlete" not in next(line for line in shown.output.splitlines() if "date (UTC)" in line)  # one athlete
    bob = runner.invoke(app, ["history", "--athlete", "Bob", "--db", db])
    assert bob.exit_code == 0 and "no sessions logged" in bob.output and "for athlete 'Bob'" in one_line(bob.output)
    assert "standing-knee-raise" not in bob.output
    mine = runner.invoke(app, args)  # the same input for me: Ana's session is kept
    assert mine.exit_code == 0 and "replacing" not in mine.output
    everyone = runner.invoke(app, ["history", "--db", db])
    header = next(line for line in everyone.output.splitlines() if "date (UTC)" in line)
    assert "athlete" in header
    assert "Ana: standing-knee-raise: trend over 1 sessions" in everyone.output
    assert "me: standing-knee-raise: trend over 1 sessions" in everyone.output


@pytest.mark.parametrize("command", ["analyze", "history"])
@pytest.mark.parametrize(("name", "said"), [("", "name is empty"), ("a\x07b", "holds a control character")])
def test_a_bad_athlete_on_the_command_line_is_one_sentence(tmp_path: Path, command: str, name: str, said: str) -> None:
    db = tmp_path / "log.sqlite3"
    args = [str(RECORDING), "-e", "standing-knee-raise", "--no-progress"] if command == "analyze" else []
    result = runner.invoke(app, [command, *args, "--athlete", name, "--db", str(db)])
    assert result.exit_code == 2 and not isinstance(result.exception, FormcheckError)
    text = one_line(result.output)
    assert "Invalid value for '--athlete': the athlete's name" in text and said in text
    assert "Traceback" not in result.output and text.count("Error") == 1
    assert not db.exists()  # nothing analysed or logged


def test_batch_logs_each_file_for_the_athlete_and_needs_log_for_it(tmp_path: Path) -> None:
    db = str(tmp_path / "log.sqlite3")
    args = ["batch", str(RECORDING), "-e", "standing-knee-raise", "--out", str(tmp_path / "out"), "--no-progress"]
    without = runner.invoke(app, [*args, "--athlete", "Ana", "--db", db])
    assert without.exit_code == 2 and "add --log" in one_line(without.output)
    done = runner.invoke(app, [*args, "--log", "--athlete", "Ana", "--db", db, "--jobs", "1"])
    assert done.exit_code == 0, done.output
    with TrainingLog(Path(db)) as log:
        assert [(s["athlete"], s["rep_count"]) for s in log.sessions()] == [("Ana", 5)]


def test_live_logs_each_set_for_the_athlete(tmp_path: Path) -> None:
    set_ = analyze_recording(RECORDING, analyzer_for("standing-knee-raise"))
    stats = {
        "frames_captured": 10, "frames_dropped": 0, "frames_processed": 10, "latency_ms": {"median": 1, "p95": 2},
    }  # fmt: skip
    outcome = SimpleNamespace(
        stats=SimpleNamespace(to_json=lambda: stats), sets=[set_], status=RunStatus.COMPLETE, notes=()
    )
    db = tmp_path / "log.sqlite3"
    with pytest.raises(typer.Exit) as exc:
        _finish(outcome, "camera 0", "full", json_path=None, db=db, log=True, record=None, athlete="Ana")
    assert exc.value.exit_code == 0
    with TrainingLog(db) as log:
        assert [(s["athlete"], s["input_kind"], s["rep_count"]) for s in log.sessions()] == [("Ana", "camera", 5)]


def test_the_athlete_option_is_in_the_help_of_every_command_that_logs() -> None:
    for command in ("analyze", "batch", "live", "history"):
        text = " ".join(runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output.split())
        assert "--athlete" in text, command
    analyze = " ".join(runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"}).output.split())
    assert "Whose session this is in the training log (default: me); not --person" in analyze
