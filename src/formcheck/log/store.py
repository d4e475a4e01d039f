"""The training log store: one SQLite file, WAL mode, one transaction per session.

Writers wait for each other (busy timeout) instead of failing, a crash or Ctrl-C in the
middle of a write rolls that session back and leaves every earlier one intact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formcheck.core.types import SourceInfo
from formcheck.errors import FormcheckError
from formcheck.log.athletes import DEFAULT_ATHLETE, AthleteSummary, athlete_name
from formcheck.log.schema import PARTIAL_STATUSES, SCHEMA_VERSION, migrate, transaction
from formcheck.report.model import Report, display_for, exercise_spec
from formcheck.report.parts import InputInfo, ReportFault, ReportHold, ReportRep, ViewInfo

if TYPE_CHECKING:
    from formcheck.log.trends import SessionPoint

ENV_VAR = "FORMCHECK_DB"
BUSY_TIMEOUT_MS = 30_000
EXPORT_SCHEMA = "formcheck.log-export/1"


SQLITE_REASONS = (
    ("database or disk is full", "no space left on the disk"),
    ("disk i/o error", "the disk could not be written (full, or failing)"),
    ("database is locked", "another formcheck is writing to it; try again in a moment"),
    ("readonly database", "the file is read-only"),
    ("file is not a database", "the file is not a training log (damaged, or another kind of file)"),
    ("unable to open database file", "the file cannot be opened (check the folder exists and can be written)"),
)
"""SQLite's messages (lower case) and what they mean in words."""


def describe_sqlite_error(exc: Exception) -> str:
    """A short reason for a failed training-log operation, in words (``disk I/O error`` -> the disk could not ...)."""
    text = str(exc)
    return next((said for known, said in SQLITE_REASONS if known in text.lower()), text)


def default_db_path() -> Path:
    """``$FORMCHECK_DB``, else ``training_log.sqlite3`` in the user's data folder."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    import platformdirs

    return Path(platformdirs.user_data_dir("formcheck", appauthor=False)) / "training_log.sqlite3"


@dataclass(frozen=True)
class LoggedSession:
    """A session just added: its id, and the ids of the sessions of the same input and options it replaced."""

    id: int
    replaced: tuple[int, ...] = ()


class TrainingLog:
    """Open (creating and migrating as needed) the log at ``path``.

    Use as a context manager or call :meth:`close`.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            migrate(self.conn)
        except BaseException:
            self.conn.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> TrainingLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_session(self, report: Report, *, recorded_at: datetime | None = None) -> int:
        """Store one report (without its per-frame series); returns the new session id."""
        return self.add_or_replace(report, recorded_at=recorded_at).id

    def add_or_replace(
        self,
        report: Report,
        *,
        recorded_at: datetime | None = None,
        input_key: str | None = None,
        athlete: str = DEFAULT_ATHLETE,
    ) -> LoggedSession:
        """Store one report (without its per-frame series) as a session of ``athlete``; its id and the ids it replaced.

        ``input_key`` names the input and the options it was analysed with: a session of the same athlete
        with the same key (the same video analysed again, e.g. to add ``--html``) is replaced, in the same
        transaction; another athlete's session of the same input is kept. ``athlete`` is normalised by
        :func:`~formcheck.log.athletes.athlete_name` (raises :class:`~formcheck.errors.FormcheckError`).
        """
        who = athlete_name(athlete)
        when = (recorded_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        with transaction(self.conn) as c:
            replaced: list[int] = []
            if input_key is not None:
                rows = c.execute(
                    "SELECT id FROM sessions WHERE input_key = ? AND athlete = ? ORDER BY id", (input_key, who)
                )
                replaced = [int(r["id"]) for r in rows]
                c.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in replaced])
            return LoggedSession(_insert(c, report, when, input_key=input_key, athlete=who), tuple(replaced))

    def sessions(
        self,
        *,
        exercise: str | None = None,
        since: datetime | None = None,
        partial: bool = True,
        athlete: str | None = None,
    ) -> list[sqlite3.Row]:
        """Sessions, oldest first, optionally of one exercise, from ``since`` on, of one athlete.

        ``partial``: stopped ones too. ``athlete`` (None: everyone's) is normalised like a stored name
        (raises :class:`~formcheck.errors.FormcheckError` for one that cannot be).
        """
        sql = "SELECT * FROM sessions WHERE 1=1" + ("" if partial else " AND partial = 0")
        args: list[Any] = []
        if exercise:
            sql += " AND exercise = ?"
            args.append(exercise)
        if since:
            sql += " AND recorded_at >= ?"
            args.append(since.astimezone(UTC).isoformat(timespec="seconds"))
        if athlete is not None:
            sql += " AND athlete = ?"
            args.append(athlete_name(athlete))
        return list(self.conn.execute(sql + " ORDER BY recorded_at, id", args))

    def points(
        self, *, exercise: str | None = None, since: datetime | None = None, athlete: str | None = None
    ) -> list[SessionPoint]:
        """Every whole session (filtered as :meth:`sessions`) as a trend point; partial ones are left out."""
        from formcheck.log.trends import session_point

        return [
            session_point(s["id"], datetime.fromisoformat(s["recorded_at"]), self.report(s), athlete=s["athlete"])
            for s in self.sessions(exercise=exercise, since=since, athlete=athlete, partial=False)
        ]

    def athletes(self) -> list[AthleteSummary]:
        """Everyone with a session in the log, the one trained most recently first (partial sessions count)."""
        rows = self.conn.execute(
            "SELECT athlete, exercise, COUNT(*) AS n, MIN(recorded_at) AS first, MAX(recorded_at) AS last"
            " FROM sessions GROUP BY athlete, exercise"
        )
        by_name: dict[str, list[sqlite3.Row]] = {}
        for r in rows:
            by_name.setdefault(r["athlete"], []).append(r)
        summaries = [
            AthleteSummary(
                name,
                sum(int(r["n"]) for r in rs),
                min(_utc(r["first"]) for r in rs),
                max(_utc(r["last"]) for r in rs),
                tuple(sorted(r["exercise"] for r in rs)),
            )
            for name, rs in by_name.items()
        ]
        return sorted(summaries, key=lambda a: (-a.last.timestamp(), a.name))

    def report(self, session: sqlite3.Row) -> Report:
        """The session's report: the one stored (no per-frame series), else one rebuilt from the tables.

        Rebuilt: sessions logged before the whole report was kept, or whose stored report
        cannot be read (written by an older formcheck).
        """
        if session["report_json"]:
            try:
                return Report.from_json(json.loads(session["report_json"]))
            except ValueError:
                pass
        return _rebuild_report(self, session)

    def reps(self, session_id: int) -> tuple[ReportRep, ...]:
        """Reps of a session with their metrics and fault codes."""
        rows = self.conn.execute("SELECT * FROM reps WHERE session_id = ? ORDER BY number", (session_id,))
        return tuple(
            ReportRep(
                r["number"],
                r["side"],
                r["start_s"],
                r["top_s"],
                r["end_s"],
                json.loads(r["metrics_json"]),
                tuple(json.loads(r["faults_json"])),
            )
            for r in rows
        )

    def holds(self, session_id: int) -> tuple[ReportHold, ...]:
        """Holds of a session."""
        rows = self.conn.execute("SELECT * FROM holds WHERE session_id = ? ORDER BY idx", (session_id,))
        return tuple(
            ReportHold(h["start_s"], h["end_s"], h["duration_s"], h["in_form_s"], h["side"], h["rep"], h["target_s"])
            for h in rows
        )

    def faults(self, session_id: int) -> tuple[ReportFault, ...]:
        """Faults of a session."""
        rows = self.conn.execute("SELECT * FROM faults WHERE session_id = ? ORDER BY idx", (session_id,))
        return tuple(
            ReportFault(
                f["code"],
                f["severity"],
                f["message"] or "",
                f["rep"],
                f["start_s"],
                f["end_s"],
                f["measured"],
                f["limit_value"],
                f["unit"] or "",
            )
            for f in rows
        )

    def delete(self, session_id: int) -> bool:
        """Delete one session and everything under it; False when there is no such session."""
        with transaction(self.conn) as c:
            return c.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def export(self, *, athlete: str | None = None) -> dict[str, Any]:
        """The whole log (or one athlete's sessions) as one JSON-able document: sessions with their full reports."""
        out = []
        for s in self.sessions(athlete=athlete):
            out.append(
                {
                    "recorded_at": s["recorded_at"],
                    "athlete": s["athlete"],
                    "status": s["status"],
                    "report": self.report(s).to_json(),
                }
            )
        return {"schema": EXPORT_SCHEMA, "schema_version": SCHEMA_VERSION, "sessions": out}

    def import_(self, document: dict[str, Any]) -> int:
        """Add the sessions of an :meth:`export` document (all or nothing); returns how many were new.

        A session already in the log (same athlete, time, exercise, source, duration and rep count) is skipped, so
        importing the same export twice, or an export of this log into itself, adds nothing. A session without an
        athlete (an export from before athletes) is :data:`~formcheck.log.athletes.DEFAULT_ATHLETE`'s; a name that
        is not valid raises :class:`ValueError`.
        """
        if not isinstance(document, dict) or document.get("schema") != EXPORT_SCHEMA:
            raise ValueError(f"not a formcheck log export (expected schema {EXPORT_SCHEMA!r})")
        added = 0
        with transaction(self.conn) as c:
            for item in document["sessions"]:
                report, when = Report.from_json(item["report"]), item["recorded_at"]
                who = _imported_athlete(item.get("athlete", DEFAULT_ATHLETE))
                seen = c.execute(
                    "SELECT 1 FROM sessions WHERE recorded_at = ? AND exercise = ? AND source_path = ?"
                    " AND rep_count = ? AND duration_s = ? AND athlete = ?",
                    (when, report.exercise, report.source.path, report.rep_count, report.source.duration_s, who),
                ).fetchone()
                if seen is None:
                    _insert(c, report, when, status=item.get("status"), athlete=who)
                    added += 1
        return added


def _utc(recorded_at: str) -> datetime:
    """A stored ``recorded_at`` as an aware datetime (one without a zone, from a hand-made import, is UTC)."""
    when = datetime.fromisoformat(recorded_at)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _imported_athlete(value: object) -> str:
    """The athlete of an exported session; ValueError (the import's error) for a name that is not one."""
    if not isinstance(value, str):
        raise ValueError(f"an athlete's name must be text, not {value!r}")
    try:
        return athlete_name(value)
    except FormcheckError as exc:
        raise ValueError(str(exc)) from None


def _insert(
    c: sqlite3.Connection,
    report: Report,
    when: str,
    *,
    status: str | None = None,
    input_key: str | None = None,
    athlete: str = DEFAULT_ATHLETE,
) -> int:
    src, inp = report.source, report.input
    stored = {k: v for k, v in report.to_json().items() if k != "frames"}
    ended = status or report.status
    cur = c.execute(
        "INSERT INTO sessions (recorded_at, exercise, source_path, input_kind, duration_s, rep_count, model,"
        " formcheck_version, status, report_json, input_key, partial, athlete) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            when,
            report.exercise,
            src.path,
            inp.kind,
            src.duration_s,
            report.rep_count,
            inp.model,
            report.formcheck,
            ended,
            json.dumps(stored),
            input_key,
            int(ended in PARTIAL_STATUSES),
            athlete,
        ),
    )
    sid = int(cur.lastrowid or 0)
    c.executemany(
        "INSERT INTO reps VALUES (?,?,?,?,?,?,?,?)",
        [
            (
                sid,
                r.number,
                r.side,
                r.start_s,
                r.top_s,
                r.end_s,
                json.dumps(dict(r.metrics)),
                json.dumps(list(r.faults)),
            )
            for r in report.reps
        ],
    )
    c.executemany(
        "INSERT INTO holds VALUES (?,?,?,?,?,?,?,?,?)",
        [
            (sid, i, h.side, h.rep, h.start_s, h.end_s, h.duration_s, h.in_form_s, h.target_s)
            for i, h in enumerate(report.holds)
        ],
    )
    c.executemany("INSERT INTO faults VALUES (?,?,?,?,?,?,?,?,?,?,?)", fault_rows(sid, report.faults))
    return sid


def fault_rows(sid: int, faults: Sequence[ReportFault]) -> list[tuple[Any, ...]]:
    """The ``faults`` table rows of a session."""
    return [
        (sid, i, f.code, f.severity, f.rep, f.start_s, f.end_s, f.measured, f.limit, f.unit, f.message)
        for i, f in enumerate(faults)
    ]


def _rebuild_report(log: TrainingLog, s: sqlite3.Row) -> Report:
    """A report from the reps, holds and faults tables.

    It has no per-frame series, summary or config, and a frame rate, frame count and image
    size of 0 (not known); title and expected view are the exercise's when it is known here,
    else its name and ``any``.
    """
    spec = exercise_spec(s["exercise"])
    reps = log.reps(s["id"])
    report = Report(
        formcheck=s["formcheck_version"],
        exercise=s["exercise"],
        title=spec.title if spec else s["exercise"],
        status=s["status"],
        source=SourceInfo(s["source_path"], 0.0, 0, s["duration_s"], (0, 0)),
        input=InputInfo(s["input_kind"], s["source_path"], s["model"]),
        view=ViewInfo(spec.view if spec else "any", "unknown"),
        side="auto",
        reps_by_side=dict(Counter(r.side for r in reps)),
        reps=reps,
        holds=log.holds(s["id"]),
        faults=log.faults(s["id"]),
        warnings=(),
        summary={},
        config={},
        frames={},
        measurement_kinds={},
    )
    return replace(report, display=display_for(report))


def log_session(
    report: Report, db_path: Path | None = None, *, input_key: str | None = None, athlete: str = DEFAULT_ATHLETE
) -> LoggedSession:
    """Record one session of ``athlete`` (replacing their session of the same ``input_key``).

    Used by ``analyze``, ``batch`` and ``live``. Raises :class:`~formcheck.errors.FormcheckError` for a bad name.
    """
    who = athlete_name(athlete)  # checked before the log is opened (or created)
    with TrainingLog(db_path) as log:
        return log.add_or_replace(report, input_key=input_key, athlete=who)
