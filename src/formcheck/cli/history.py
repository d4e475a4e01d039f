"""``formcheck history``: the training log as tables, trends, a plot, CSV; delete, export, import."""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from formcheck.cli.app import AthleteFilterOpt, DbOpt, app, err, fail, out
from formcheck.errors import describe_os_error
from formcheck.log.store import TrainingLog, default_db_path, describe_sqlite_error
from formcheck.log.trends import (
    MIN_TREND_WEEKS,
    TREND_METRICS,
    SessionPoint,
    adherence,
    programme_of,
    round_to_support,
    trend,
)
from formcheck.report.atomic import write_text_atomic
from formcheck.report.wording import counted


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)", param_hint="--since") from None
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def _fmt(v: float, nd: int = 1) -> str:
    return "–" if not math.isfinite(v) else f"{v:.{nd}f}"


def load_points(
    log: TrainingLog, exercise: str | None, since: datetime | None, athlete: str | None = None
) -> list[SessionPoint]:
    """Every whole session (filtered) as a :class:`SessionPoint`: partial ones (stopped early) are left out."""
    return log.points(exercise=exercise, since=since, athlete=athlete)


def _sessions_table(sessions: list[sqlite3.Row], log: TrainingLog, *, with_athlete: bool) -> Table:
    table = Table(header_style="bold", title="sessions")
    columns = ("id", "date (UTC)", *(("athlete",) if with_athlete else ()), "exercise", "reps", "L/R")
    for col in (*columns, "hold in form s", "faults", "status"):
        table.add_column(col, no_wrap=True)
    table.add_column("source", overflow="fold")
    for s in sessions:
        report = log.report(s)
        sides = " ".join(f"{k[0].upper()}{v}" for k, v in report.reps_by_side.items())
        holds = sum(h.in_form_s or 0.0 for h in report.own_holds())
        table.add_row(
            str(s["id"]),
            s["recorded_at"][:16].replace("T", " "),
            *((escape(s["athlete"]),) if with_athlete else ()),
            s["exercise"],
            str(s["rep_count"]),
            sides,
            _fmt(holds) if holds else "–",
            str(len(report.faults)),
            f"{s['status']} (partial)" if s["partial"] else s["status"],
            Path(s["source_path"]).name,
        )
    return table


def _series(points: list[SessionPoint]) -> dict[str, list[SessionPoint]]:
    """The points by exercise, or by athlete and exercise (``Ana: plank``) when they are several people's."""
    several = len({p.athlete for p in points}) > 1
    series: dict[str, list[SessionPoint]] = {}
    for p in sorted(points, key=lambda p: (p.athlete, p.exercise) if several else (p.exercise,)):
        series.setdefault(f"{p.athlete}: {p.exercise}" if several else p.exercise, []).append(p)
    return series


def _trend_tables(points: list[SessionPoint]) -> None:
    """Per exercise (and athlete, when several): each metric's trend, and adherence to the programme."""
    for name, pts in _series(points).items():
        exercise = pts[0].exercise
        table = Table(
            "metric",
            "sessions",
            "first",
            "last",
            "change / week",
            header_style="bold",
            title=f"{escape(name)}: trend over {len(pts)} sessions",
        )
        for key, label in TREND_METRICS:
            tr = trend(pts, key)
            if tr.n:
                table.add_row(
                    label, str(tr.n), _fmt(tr.first, 2), _fmt(tr.last, 2), round_to_support(tr.per_week, tr.per_week_sd)
                )
        out.print(table)
        span = max((trend(pts, k).span_weeks for k, _ in TREND_METRICS), default=0.0)
        if span < MIN_TREND_WEEKS:
            out.print(
                f"  no change per week yet: these sessions span {span * 7:.1f} days; a trend needs "
                f"{MIN_TREND_WEEKS:.0f} weeks of training"
            )
        a = adherence(pts, programme_of(exercise))
        out.print(f"  adherence: {a.line()}")
        for note in a.notes:
            out.print(f"  [yellow]•[/yellow] {note}")


def write_csv(points: list[SessionPoint], path: Path) -> None:
    """One row per session with the trend metrics."""
    keys = [k for k, _ in TREND_METRICS]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["session_id", "recorded_at", "athlete", "exercise", *keys])
        for p in points:
            w.writerow(
                [
                    p.session_id,
                    p.when.isoformat(),
                    p.athlete,
                    p.exercise,
                    *("" if not math.isfinite(p.values[k]) else round(p.values[k], 3) for k in keys),
                ]
            )


def write_plot(points: list[SessionPoint], path: Path) -> None:
    """PNG with one panel per trend metric, one line per exercise (per athlete and exercise, when several)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    series = _series(points)
    colours = {name: f"C{i % 10}" for i, name in enumerate(series)}  # one colour per series in every panel
    fig, axes = plt.subplots(len(TREND_METRICS), 1, figsize=(8, 2.2 * len(TREND_METRICS)), sharex=True)
    for ax, (key, label) in zip(axes, TREND_METRICS, strict=True):
        for name, mine in series.items():
            pts = [(p.when, p.values[key]) for p in mine if math.isfinite(p.values[key])]
            if pts:
                ax.plot([w for w, _ in pts], [v for _, v in pts], marker="o", color=colours[name])
        ax.set_ylabel(label, fontsize=8)
        ax.grid(alpha=0.3)
    handles = [Line2D([], [], color=colours[name], marker="o", label=name) for name in series]
    axes[0].legend(handles=handles, fontsize=8, loc="best")
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


@app.command("history")
def history_cmd(
    exercise: Annotated[str | None, typer.Option("--exercise", "-e", help="Only this exercise.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only sessions from this date (YYYY-MM-DD).")] = None,
    db: DbOpt = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG of the trends.")] = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write the sessions with their metrics as CSV.")
    ] = None,
    delete: Annotated[int | None, typer.Option("--delete", help="Delete session ID.")] = None,
    export: Annotated[Path | None, typer.Option("--export", help="Write the whole log as JSON.")] = None,
    import_path: Annotated[Path | None, typer.Option("--import", help="Add the sessions of an exported log.")] = None,
    athlete: AthleteFilterOpt = None,
) -> None:
    """Your logged sessions, trends per exercise and adherence to the programme."""
    if athlete is not None and (delete is not None or import_path is not None):
        raise typer.BadParameter(
            "chooses the sessions listed or exported; --delete takes a session id and --import keeps the athletes "
            "of the export",
            param_hint="--athlete",
        )
    path = db or default_db_path()
    try:
        log = TrainingLog(path)
    except Exception as exc:  # sqlite3.DatabaseError, a newer schema, a folder that cannot be created
        fail(f"{path}: cannot open the training log ({describe_sqlite_error(exc)})")
    with log:
        if delete is not None or export is not None or import_path is not None:
            _maintain(log, path, delete=delete, export=export, import_path=import_path, athlete=athlete)
            return
        for target in (csv_path, plot):
            if target is not None:
                writable_folder(target)
        when = _parse_since(since)
        sessions = log.sessions(exercise=exercise, since=when, athlete=athlete)
        if not sessions:
            whose = " and ".join(x for x in (exercise, athlete and f"athlete {athlete!r}") if x)
            out.print(escape(f"no sessions logged in {path}" + (f" for {whose}" if whose else "")))
            return
        points = load_points(log, exercise, when, athlete)
        out.print(_sessions_table(sessions, log, with_athlete=athlete is None and len(log.athletes()) > 1))
        if len(points) < len(sessions):
            out.print(
                f"{counted(len(sessions) - len(points), 'session')} stopped before the end (partial) "
                "left out of the trends"
            )
        _trend_tables(points)
        if csv_path is not None:
            _write_or_fail(csv_path, "the CSV", lambda: write_csv(points, csv_path))
            err.print(f"CSV written to {csv_path}")
        if plot is not None:
            _write_or_fail(plot, "the plot", lambda: write_plot(points, plot))
            err.print(f"plot written to {plot}")


def writable_folder(target: Path) -> None:
    """Stop with one sentence when ``target``'s folder does not exist (it is never created for you)."""
    folder = target.parent
    if not folder.is_dir():
        fail(f"{target}: the folder {folder} does not exist (nothing was written)")


def _write_or_fail(target: Path, what: str, write: Callable[[], None]) -> None:
    """Run ``write``; a failure is one sentence and exit 1, never a traceback."""
    try:
        write()
    except OSError as exc:
        fail(f"{target}: cannot write {what} ({describe_os_error(exc)})")


def _maintain(
    log: TrainingLog,
    path: Path,
    *,
    delete: int | None,
    export: Path | None,
    import_path: Path | None,
    athlete: str | None = None,
) -> None:
    """``--delete``, ``--export`` (of everyone, or of ``athlete``) or ``--import``."""
    if delete is not None:
        if not log.delete(delete):
            fail(f"no session {delete} in {path}")
        err.print(f"deleted session {delete}")
    elif export is not None:
        writable_folder(export)
        document = log.export(athlete=athlete)
        _write_or_fail(export, "the export", lambda: write_text_atomic(export, json.dumps(document, indent=1)))
        err.print(f"{counted(len(document['sessions']), 'session')} written to {export}")
    elif import_path is not None:
        n = log_import(log, import_path)
        err.print(f"imported {counted(n, 'new session')} into {path}")


def log_import(log: TrainingLog, source: Path) -> int:
    """``--import``: the sessions added; a file that is not an export is one sentence and exit 1."""
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"{source}: cannot read it ({describe_os_error(exc)})")
    except UnicodeDecodeError:
        fail(f"{source}: not a formcheck log export (it is not text; make one with `formcheck history --export`)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(
            f"{source}: not a formcheck log export (not JSON: line {exc.lineno}, column {exc.colno}); "
            "make one with `formcheck history --export`"
        )
    try:
        return log.import_(document)
    except (ValueError, KeyError, TypeError) as exc:
        why = str(exc) if str(exc).startswith("not a formcheck") else f"not a formcheck log export ({exc})"
        fail(f"{source}: {why}; nothing was imported")
