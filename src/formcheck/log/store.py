"""The training log store: one SQLite file, WAL mode, one transaction per session.

Writers wait for each other (busy timeout) instead of failing, a crash or Ctrl-C in the
middle of a write rolls that session back and leaves every earlier one intact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from formcheck.log.schema import SCHEMA_VERSION, migrate, transaction

ENV_VAR = "FORMCHECK_DB"
BUSY_TIMEOUT_MS = 30_000
EXPORT_SCHEMA = "formcheck.log-export/1"


def default_db_path() -> Path:
    """``$FORMCHECK_DB``, else ``training_log.sqlite3`` in the user's data folder."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    import platformdirs

    return Path(platformdirs.user_data_dir("formcheck", appauthor=False)) / "training_log.sqlite3"


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

    def add_session(self, report: dict[str, Any], *, recorded_at: datetime | None = None) -> int:
        """Store one ``formcheck.report/1`` document; returns the new session id."""
        when = (recorded_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
        with transaction(self.conn) as c:
            return _insert(c, report, when)

    def sessions(self, *, exercise: str | None = None, since: datetime | None = None) -> list[sqlite3.Row]:
        """Sessions, oldest first, optionally of one exercise and from ``since`` on."""
        sql = "SELECT * FROM sessions WHERE 1=1"
        args: list[Any] = []
        if exercise:
            sql += " AND exercise = ?"
            args.append(exercise)
        if since:
            sql += " AND recorded_at >= ?"
            args.append(since.astimezone(UTC).isoformat(timespec="seconds"))
        return list(self.conn.execute(sql + " ORDER BY recorded_at, id", args))

    def reps(self, session_id: int) -> list[dict[str, Any]]:
        """Reps of a session with their metrics and fault codes."""
        rows = self.conn.execute("SELECT * FROM reps WHERE session_id = ? ORDER BY number", (session_id,))
        return [{"number": r["number"], "side": r["side"], "top_s": r["top_s"],
                 **json.loads(r["metrics_json"]), "faults": json.loads(r["faults_json"])} for r in rows]

    def holds(self, session_id: int) -> list[sqlite3.Row]:
        """Holds of a session."""
        return list(self.conn.execute("SELECT * FROM holds WHERE session_id = ? ORDER BY idx", (session_id,)))

    def delete(self, session_id: int) -> bool:
        """Delete one session and everything under it; False when there is no such session."""
        with transaction(self.conn) as c:
            return c.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def export(self) -> dict[str, Any]:
        """The whole log as one JSON-able document (sessions with their full reports)."""
        out = []
        for s in self.sessions():
            report = json.loads(s["report_json"]) if s["report_json"] else _rebuild_report(self, s)
            out.append({"recorded_at": s["recorded_at"], "status": s["status"], "report": report})
        return {"schema": EXPORT_SCHEMA, "schema_version": SCHEMA_VERSION, "sessions": out}

    def import_(self, document: dict[str, Any]) -> int:
        """Add the sessions of an :meth:`export` document (all or nothing); returns how many were new.

        A session already in the log (same time, exercise, source, duration and rep count) is skipped, so importing
        the same export twice, or an export of this log into itself, adds nothing.
        """
        if not isinstance(document, dict) or document.get("schema") != EXPORT_SCHEMA:
            raise ValueError(f"not a formcheck log export (expected schema {EXPORT_SCHEMA!r})")
        added = 0
        with transaction(self.conn) as c:
            for item in document["sessions"]:
                report, when = item["report"], item["recorded_at"]
                seen = c.execute(
                    "SELECT 1 FROM sessions WHERE recorded_at = ? AND exercise = ? AND source_path = ?"
                    " AND rep_count = ? AND duration_s = ?",
                    (when, report["exercise"], report["source"]["path"], report["rep_count"],
                     report["source"]["duration_s"])).fetchone()
                if seen is None:
                    _insert(c, report, when, status=item.get("status"))
                    added += 1
        return added


def _insert(c: sqlite3.Connection, report: dict[str, Any], when: str, *, status: str | None = None) -> int:
    src = report["source"]
    inp = report.get("input", {})
    cur = c.execute(
        "INSERT INTO sessions (recorded_at, exercise, source_path, input_kind, duration_s, rep_count, model,"
        " formcheck_version, status, report_json) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (when, report["exercise"], src["path"], inp.get("kind", "video"), src["duration_s"], report["rep_count"],
         inp.get("model"), report.get("formcheck", ""), status or report.get("status", "complete"),
         json.dumps({k: v for k, v in report.items() if k != "frames"})),
    )
    sid = int(cur.lastrowid or 0)
    base = {"number", "side", "start_s", "top_s", "end_s", "faults"}
    c.executemany(
        "INSERT INTO reps VALUES (?,?,?,?,?,?,?,?)",
        [(sid, r["number"], r["side"], r["start_s"], r["top_s"], r["end_s"],
          json.dumps({k: v for k, v in r.items() if k not in base}), json.dumps(r["faults"]))
         for r in report["reps"]],
    )
    c.executemany(
        "INSERT INTO holds VALUES (?,?,?,?,?,?,?,?,?)",
        [(sid, i, h.get("side"), h.get("rep"), h.get("start_s"), h.get("end_s"), h["duration_s"], h["in_form_s"],
          h.get("target_s")) for i, h in enumerate(report["holds"])],
    )
    c.executemany(
        "INSERT INTO faults VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(sid, i, f["code"], f["severity"], f.get("rep"), f.get("start_s"), f.get("end_s"), f.get("measured"),
          f.get("limit"), f.get("unit"), f.get("message")) for i, f in enumerate(report["faults"])],
    )
    return sid


def _rebuild_report(log: TrainingLog, s: sqlite3.Row) -> dict[str, Any]:
    """A report document from the v1 tables (sessions logged before the full report was kept)."""
    faults = [{"code": f["code"], "severity": f["severity"], "message": f["message"], "rep": f["rep"],
               "start_s": f["start_s"], "end_s": f["end_s"], "measured": f["measured"], "limit": f["limit_value"],
               "unit": f["unit"]}
              for f in log.conn.execute("SELECT * FROM faults WHERE session_id = ? ORDER BY idx", (s["id"],))]
    reps = []
    for r in log.conn.execute("SELECT * FROM reps WHERE session_id = ? ORDER BY number", (s["id"],)):
        reps.append({"number": r["number"], "side": r["side"], "start_s": r["start_s"], "top_s": r["top_s"],
                     "end_s": r["end_s"], **json.loads(r["metrics_json"]), "faults": json.loads(r["faults_json"])})
    holds = [{k: h[k] for k in ("side", "rep", "start_s", "end_s", "duration_s", "in_form_s", "target_s")}
             for h in log.holds(s["id"])]
    return {"schema": "formcheck.report/1", "formcheck": s["formcheck_version"], "exercise": s["exercise"],
            "status": s["status"], "source": {"path": s["source_path"], "duration_s": s["duration_s"]},
            "input": {"kind": s["input_kind"], "model": s["model"]}, "rep_count": s["rep_count"],
            "reps": reps, "holds": holds, "faults": faults, "warnings": []}


def log_session(report: dict[str, Any], db_path: Path | None = None) -> int:
    """Record one analysed or live session; returns its id. Used by ``analyze`` and ``live``."""
    with TrainingLog(db_path) as log:
        return log.add_session(report)
