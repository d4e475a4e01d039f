"""Terminal rendering of a report (rich tables): the exercise's own columns, faults as sentences."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from formcheck.report.model import Report
from formcheck.report.parts import ReportHold
from formcheck.report.wording import counted

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
    return (
        f"[bold]{escape(report.title)}[/bold] — {escape(src.path)} ({src.duration_s:.1f} s{fps}, view "
        f"{report.view.detected})\n[bold]{count}[/bold]{f' ({by_side})' if by_side else ''}  status: "
        f"{report.status}"
    )


def rep_table(report: Report) -> Table:
    """Number, side, top time, the exercise's columns that have a value, and each rep's faults as sentences."""
    table = Table(show_lines=False, header_style="bold")
    columns = report.with_values(report.display.terminal_columns)
    for heading in ("#", "side", "top s", *(f"{c.label}{UNIT_SUFFIX.get(c.unit, c.unit)}" for c in columns)):
        table.add_column(heading, justify="left" if heading == "side" else "right")
    table.add_column("faults (measured vs limit)", no_wrap=False, min_width=30)
    for rep in report.reps:
        faults = report.rep_faults(rep.number)
        text = "\n".join(escape(f.sentence()) for f in faults) if faults else "[green]ok[/green]"
        table.add_row(
            str(rep.number),
            rep.side,
            _fmt(rep.top_s, 2),
            *(_fmt(rep.metrics.get(c.metric), c.digits) for c in columns),
            text,
        )
    return table


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
    """Print the per-rep table, holds, the faults outside reps and the warnings."""
    console.print(_header(report))
    if report.reps:
        console.print(rep_table(report))
    holds = report.own_holds()
    if holds:
        console.print(hold_table(report, holds))
    for f in (f for f in report.faults if f.rep is None):
        console.print(f"[yellow]{_fmt(f.start_s)}-{_fmt(f.end_s)} s[/yellow] {escape(f.sentence())}")
    for w in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}")
