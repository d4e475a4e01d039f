"""The training log keeps a session once, marks stopped ones partial, and every history error is one sentence."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from test_training_log import report
from typer.testing import CliRunner

from formcheck.application import log_session
from formcheck.cli import app
from formcheck.cli.history import load_points
from formcheck.log.schema import migrate
from formcheck.log.store import TrainingLog
from formcheck.report.outputs import OutputLog

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "sample_videos"
RECORDING = SAMPLES / "bent_leg_raises.landmarks.jsonl.gz"


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_the_same_input_and_options_analysed_again_replace_the_session(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    args = ["analyze", str(RECORDING), "-e", "standing-knee-raise", "--db", str(db)]
    first = runner.invoke(app, args)
    second = runner.invoke(app, [*args, "--csv", str(tmp_path / "reps.csv")])  # e.g. to add an output
    assert first.exit_code == second.exit_code == 0
    assert "replacing session 1 (the same input and options)" in second.output
    with TrainingLog(db) as log:
        assert [s["id"] for s in log.sessions()] == [2]


def test_a_stopped_session_is_partial_and_left_out_of_the_trends(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    whole, stopped = report(reps=5), replace(report(reps=0), status="interrupted")
    with TrainingLog(db) as log:
        log.add_session(whole)
        log.add_session(stopped)
        assert [s["partial"] for s in log.sessions()] == [0, 1]
        assert [p.session_id for p in load_points(log, None, None)] == [1]
    shown = runner.invoke(app, ["history", "--db", str(db)])
    assert shown.exit_code == 0 and "interrupted (partial)" in shown.output
    assert "1 session stopped before the end (partial) left out of the trends" in shown.output
    assert "first" in shown.output and "0.00" not in shown.output.split("reps")[-1].split("\n")[0]


def test_an_old_log_is_migrated_with_its_stopped_sessions_marked_partial(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=2) == 2
    for i, status in enumerate(("complete", "interrupted"), 1):
        conn.execute(
            "INSERT INTO sessions (id, recorded_at, exercise, source_path, input_kind, duration_s, rep_count, "
            "formcheck_version, status) VALUES (?, '2026-10-01T10:00:00+00:00', 'plank', 'a.mp4', 'video', 9, 0, "
            "'0.1', ?)",
            (i, status),
        )
    conn.close()
    with TrainingLog(path) as log:
        assert [(s["status"], s["partial"], s["input_key"]) for s in log.sessions()] == [
            ("complete", 0, None),
            ("interrupted", 1, None),
        ]


def test_a_full_disk_under_the_log_is_said_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    import formcheck.log

    def full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(formcheck.log, "log_session", full)
    log = OutputLog()
    assert log_session(report(), None, log) is None
    assert log.failed == ["session not added to the training log: the disk could not be written (full, or failing)"]


@pytest.mark.parametrize(
    ("option", "target", "said"),
    [
        ("--csv", "/no/dir/x.csv", "error: /no/dir/x.csv: the folder /no/dir does not exist (nothing was written)"),
        ("--plot", "/proc/x.png", "error: /proc/x.png: cannot write the plot ("),  # a folder nobody writes in
        (
            "--export",
            "{tmp}/nonexistent/x.json",
            "error: {tmp}/nonexistent/x.json: the folder {tmp}/nonexistent does not exist (nothing was written)",
        ),
    ],
)
def test_history_outputs_that_cannot_be_written_are_one_sentence(
    tmp_path: Path, option: str, target: str, said: str
) -> None:
    db = tmp_path / "log.sqlite3"
    with TrainingLog(db) as log:
        log.add_session(report())
    target, said = target.format(tmp=tmp_path), said.format(tmp=tmp_path)
    result = runner.invoke(app, ["history", "--db", str(db), option, target])
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output and not (tmp_path / "nonexistent").exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "not a formcheck log export (not JSON: line 1, column 1); make one with `formcheck history --export`"),
        ('{"schema": "other"}', "not a formcheck log export (expected schema 'formcheck.log-export/1'); nothing"),
    ],
)
def test_importing_a_file_that_is_not_an_export_is_one_sentence(tmp_path: Path, content: str, said: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = runner.invoke(app, ["history", "--db", str(tmp_path / "log.sqlite3"), "--import", str(bad)])
    assert result.exit_code == 1
    assert said in " ".join(result.output.split()) and "Expecting value" not in result.output


def test_an_export_reads_back(tmp_path: Path) -> None:
    db = tmp_path / "log.sqlite3"
    with TrainingLog(db) as log:
        log.add_session(report())
    assert runner.invoke(app, ["history", "--db", str(db), "--export", str(tmp_path / "x.json")]).exit_code == 0
    assert json.loads((tmp_path / "x.json").read_text())["schema"] == "formcheck.log-export/1"
