"""Terminal rendering of a report (rich tables): the exercise's own columns, faults as sentences."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from formcheck.pose.rate import rate_sentence
from formcheck.report.advice import next_time
from formcheck.report.model import Report
from formcheck.report.parts import ReportHold
from formcheck.report.wording import counted, network_note, source_label

UNIT_SUFFIX = {"deg": "°", "s": " s", "ratio": "", "%": " %", "": ""}
"""How a unit follows a column label (``thigh°``, ``hold s``)."""
HOLD_HEADINGS = {
    "side": "side",
    "start_s": "start s",
    "duration_s": "duration s",
    "in_form_s": "in form s",
    "target_s": "target s",
}


def _fmt(v: float | None, nd: int = 1) -> str:
    return "–" if v is None else f"{v:.{nd}f}"


def _header(report: Report) -> str:
    src = report.source
    fps = f", {src.fps:.2f} fps" if src.fps else ""  # 0: not known (sessions logged before the full report was kept)
    count = counted(len(report.own_holds()), "hold") if report.counts_holds else counted(report.rep_count, "rep")
    by_side = ", ".join(f"{k} {v}" for k, v in report.reps_by_side.items())
    network = f"  {network_note(report)}" if network_note(report) else ""
    return (
        f"[bold]{escape(report.title)}[/bold] — {escape(source_label(report))} ({src.duration_s:.1f} s{fps}, view "
        f"{report.view.detected})\n[bold]{count}[/bold]{f' ({by_side})' if by_side else ''}  status: "
        f"{report.status}{network}"
    )


FAULTS_MIN_WIDTH = 45
"""Narrowest faults column (characters) beside the rep table; on a narrower terminal the faults go under it."""


def rep_table(report: Report, *, faults_beside: bool = True) -> Table:
    """Number, side, top time, the exercise's columns that have a value, and each rep's faults.

    ``faults_beside``: the faults as sentences in the last column; else a compact table with
    only how many, the sentences printed under it (:func:`rep_faults_under`).
    """
    cells = []
    for rep in report.reps:
        faults = report.rep_faults(rep.number)
        if not faults:
            cells.append("[green]ok[/green]")
        elif faults_beside:
            cells.append("\n".join(escape(f.sentence()) for f in faults))
        else:
            cells.append(f"[yellow]{len(faults)}[/yellow]")
    if faults_beside:
        return _numbers_table(report, compact=False, last=("faults (measured vs limit)", cells))
    return _numbers_table(report, compact=True, last=("faults", cells))


def _numbers_table(report: Report, *, compact: bool, last: tuple[str, list[str]] | None = None) -> Table:
    """The rep table (``compact``: one space between columns, no borders), ``last``: a last column and its cells."""
    if compact:
        table = Table(header_style="bold", box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False, show_edge=False)
    else:
        table = Table(header_style="bold")
    columns = report.with_values(report.display.terminal_columns)
    for heading in ("#", "side", "top s", *(f"{c.label}{UNIT_SUFFIX.get(c.unit, c.unit)}" for c in columns)):
        table.add_column(heading, justify="left" if heading == "side" else "right", no_wrap=True)
    if last is not None and not compact:
        table.add_column(last[0], no_wrap=False, min_width=FAULTS_MIN_WIDTH)
    elif last is not None:
        table.add_column(last[0], justify="right", no_wrap=True)
    for i, rep in enumerate(report.reps):
        table.add_row(
            str(rep.number),
            rep.side,
            _fmt(rep.top_s, 2),
            *(_fmt(rep.metrics.get(c.metric), c.digits) for c in columns),
            *([last[1][i]] if last is not None else []),
        )
    return table


def rep_faults_under(report: Report) -> list[str]:
    """Each rep's faults as sentences, one line each, for under a compact rep table."""
    return [f"  rep {rep.number}: {escape(f.sentence())}" for rep in report.reps for f in report.rep_faults(rep.number)]


def faults_fit_beside(report: Report, console: Console) -> bool:
    """True when the terminal leaves a faults column of :data:`FAULTS_MIN_WIDTH` characters beside whole headers."""
    numbers = Measurement.get(console, console.options, _numbers_table(report, compact=False)).maximum
    return numbers + FAULTS_MIN_WIDTH + 3 <= console.width  # + a border and the column's padding


def hold_table(report: Report, holds: list[ReportHold]) -> Table:
    """One row per hold, the exercise's hold columns."""
    table = Table(header_style="bold", title="holds")
    for column in report.display.hold_columns:
        table.add_column(HOLD_HEADINGS[column])
    for h in holds:
        table.add_row(
            *(str(h.side or "–") if c == "side" else _fmt(getattr(h, c)) for c in report.display.hold_columns)
        )
    return table


def render(report: Report, console: Console) -> None:
    """Print what to change next time, the per-rep table, holds, the faults outside reps and the warnings."""
    console.print(_header(report))
    recognition = report.summary.get("recognition")
    if isinstance(recognition, dict) and recognition.get("evidence"):
        console.print(f"[bold]Recognised:[/bold] {escape(str(recognition['evidence']))}")
    if report.input.pose_every is not None and report.input.pose_every > 1:
        console.print(rate_sentence(report.source.fps, report.input.pose_every))
    corrections = next_time(report)
    if corrections:
        console.print("[bold]Next time:[/bold]")
        steps = Table.grid(padding=(0, 1), pad_edge=False)
        steps.add_column(justify="right", width=4)
        steps.add_column(overflow="fold")
        for i, correction in enumerate(corrections, 1):  # a wrapped line stays under its text, not its number
            steps.add_row(f"{i}.", escape(correction.sentence()))
        console.print(steps)
    if report.reps:
        beside = faults_fit_beside(report, console)
        console.print(rep_table(report, faults_beside=beside))
        if not beside:
            for line in rep_faults_under(report):
                console.print(line)
    holds = report.own_holds()
    if holds:
        console.print(hold_table(report, holds))
    for f in (f for f in report.faults if f.rep is None):
        console.print(f"[yellow]{_fmt(f.start_s)}-{_fmt(f.end_s)} s[/yellow] {escape(f.sentence())}")
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}")
