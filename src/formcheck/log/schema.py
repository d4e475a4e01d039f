"""Schema of the training log, as ordered migrations. Never edit a released step: add one.

``PRAGMA user_version`` holds the schema version; :func:`migrate` applies the missing
steps in one transaction each, so an interrupted upgrade leaves the previous version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

MIGRATIONS: tuple[str, ...] = (
    # v1: sessions with their reps, holds and faults.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at TEXT NOT NULL,              -- ISO 8601 UTC, when the session was analysed
        exercise TEXT NOT NULL,
        source_path TEXT NOT NULL,
        input_kind TEXT NOT NULL,               -- video, landmarks or camera
        duration_s REAL NOT NULL,
        rep_count INTEGER NOT NULL,
        model TEXT,
        formcheck_version TEXT NOT NULL
    );
    CREATE TABLE reps (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        side TEXT NOT NULL,
        start_s REAL, top_s REAL, end_s REAL,
        metrics_json TEXT NOT NULL,             -- every per-rep metric, units in the names
        faults_json TEXT NOT NULL,              -- list of fault codes
        PRIMARY KEY (session_id, number)
    );
    CREATE TABLE holds (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        side TEXT, rep INTEGER,
        start_s REAL, end_s REAL, duration_s REAL NOT NULL, in_form_s REAL NOT NULL, target_s REAL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE faults (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        code TEXT NOT NULL, severity TEXT NOT NULL, rep INTEGER,
        start_s REAL, end_s REAL, measured REAL, limit_value REAL, unit TEXT, message TEXT,
        PRIMARY KEY (session_id, idx)
    );
    """,
    # v2: how the session ended, and the whole report for lossless export and re-rendering.
    """
    ALTER TABLE sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'complete';
    ALTER TABLE sessions ADD COLUMN report_json TEXT;
    CREATE INDEX sessions_by_exercise ON sessions (exercise, recorded_at);
    """,
    # v3: which input and options a session was analysed from (the same again replaces it), and
    # partial sessions (stopped by Ctrl-C or SIGTERM), kept but left out of the trends.
    """
    ALTER TABLE sessions ADD COLUMN input_key TEXT;
    ALTER TABLE sessions ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
    UPDATE sessions SET partial = 1 WHERE status = 'interrupted';
    CREATE INDEX sessions_by_input_key ON sessions (input_key);
    """,
    # v4: whose session it is (a coach logs several people); every earlier session is the user's own, 'me'.
    """
    ALTER TABLE sessions ADD COLUMN athlete TEXT NOT NULL DEFAULT 'me';
    CREATE INDEX sessions_by_athlete ON sessions (athlete, recorded_at);
    """,
)
PARTIAL_STATUSES = frozenset({"interrupted"})
"""How a session ended when it was stopped before its input did (Ctrl-C, SIGTERM): a partial session."""
SCHEMA_VERSION = len(MIGRATIONS)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception (Ctrl-C included).

    The connection must be in autocommit mode (``isolation_level=None``) so that this is
    the only transaction control.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def version(conn: sqlite3.Connection) -> int:
    """Schema version of an open database (0 = empty)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target``; returns the version reached.

    Raises RuntimeError for a database written by a newer formcheck.
    """
    current = version(conn)
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"the training log has schema v{current}, newer than this formcheck (v{SCHEMA_VERSION})")
    for step in range(current, target):
        with transaction(conn):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
    return version(conn)
