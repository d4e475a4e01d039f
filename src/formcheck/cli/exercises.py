"""``formcheck exercises``: the exercises, their camera view, thresholds and the evidence behind each limit."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from formcheck.analysis import registry
from formcheck.analysis.calibration import evidence, generated
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.cli.app import ExerciseFileOpt, app, errors_to_exit, out, warn_skipped_exercise_files


def _show(spec: ExerciseSpec) -> None:
    """Everything a user needs before recording: setup, camera, what is measured, every threshold and its evidence."""
    out.print(f"[bold]{spec.name}[/bold] — {escape(spec.title)}\n{escape(spec.about)}")
    lines = [
        ("setup", spec.setup),
        ("start position", spec.start_position.value if spec.start_position is not None else ""),
        ("camera", f"{spec.view} view; {spec.camera}"),
        ("measures", spec.measures or spec.summary),
        ("checks", spec.summary),
        ("counting", f"{spec.counting.strategy}" + (f" on {s}" if (s := getattr(spec.counting, "signal", "")) else "")),
    ]
    for label, text in lines:
        if text:
            out.print(f"[bold]{label}:[/bold] {escape(text)}")
    table = Table("threshold", "default", "unit", "meaning", "source", header_style="bold")
    for t in resolve(spec).thresholds:
        table.add_row(t.name, f"{t.value:g}", t.unit or "", t.description or "", t.source or "")
    out.print(table)
    rows = evidence(spec.name)
    if not rows:
        out.print("calibration: no labelled real clip of this exercise has been measured yet (starting values)")
        return
    cal = Table("fault", "limit", "good form measured (min / median / max)", "n", "margin", "clips", "on",
                title=f"evidence behind the limits ({generated()})", header_style="bold")  # fmt: skip
    for e in rows:
        cal.add_row(
            e.fault, f"{e.kind} {e.limit:g}", f"{e.low:.2f} / {e.median:.2f} / {e.high:.2f}", str(e.n),
            f"{e.margin:+.2f}", ", ".join(e.clips), e.measured_on,
        )  # fmt: skip
    out.print(cal)


@app.command("exercises")
def exercises_cmd(
    show: Annotated[str | None, typer.Option("--show", help="Show one exercise in full.")] = None,
    schema: Annotated[bool, typer.Option("--schema", help="Print the fields of an exercise file (TOML).")] = False,
    exercise_file: ExerciseFileOpt = None,
) -> None:
    """List the exercises with their camera view and thresholds."""
    from formcheck.analysis.exercise_spec.toml import schema_text

    with errors_to_exit():
        warn_skipped_exercise_files()
        if schema:
            out.print(escape(schema_text()))
            return
        if show is not None:
            _show(registry.get(show))
            return
        table = Table("exercise", "view", "what it checks", "thresholds", header_style="bold")
        for name in registry.names():
            spec = registry.get(name)
            rows = resolve(spec).thresholds
            thr = ", ".join(f"{t.name}={t.value:g}" for t in rows[:4]) + (" …" if len(rows) > 4 else "")
            table.add_row(name, spec.view, spec.summary, thr)
        out.print(table)
