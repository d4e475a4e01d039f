"""``formcheck exercises``: the analyzers, their camera view and thresholds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from formcheck.analysis import registry
from formcheck.analysis.base import Analyzer, describe_config
from formcheck.cli.app import ExerciseFileOpt, app, errors_to_exit, out


def _show(cls: type[Analyzer]) -> None:
    """Everything a user needs before recording: setup, camera, what is measured, every threshold."""
    out.print(f"[bold]{cls.name}[/bold] — {cls.title}\n{(cls.__doc__ or '').strip()}")
    posture = getattr(cls, "posture", None)
    lines = [
        ("setup", getattr(cls, "setup", "") or ""),
        ("start position", posture.value if posture is not None else ""),
        ("camera", f"{cls.view} view; " + (getattr(cls, "camera", "") or "")),
        ("measures", getattr(cls, "measures", "") or cls.summary_text),
        ("checks", cls.summary_text),
    ]
    for label, text in lines:
        if text:
            out.print(f"[bold]{label}:[/bold] {text}")
    table = Table("threshold", "default", "unit", "meaning", "source", header_style="bold")
    for row in describe_config(cls.config_model()):
        table.add_row(row["name"], str(row["default"]), row["unit"], row["description"], row["source"])
    out.print(table)


@app.command("exercises")
def exercises_cmd(
    show: Annotated[str | None, typer.Option("--show", help="Show one exercise in full.")] = None,
    exercise_file: ExerciseFileOpt = None,
) -> None:
    """List the exercise analyzers with their camera view and thresholds."""
    with errors_to_exit():
        if show is not None:
            _show(registry.get(show))
            return
        table = Table("exercise", "view", "what it checks", "thresholds", header_style="bold")
        for name in registry.names():
            cls = registry.get(name)
            rows = describe_config(cls.config_model())
            thr = ", ".join(f"{r['name']}={r['default']}" for r in rows[:4]) + (" …" if len(rows) > 4 else "")
            table.add_row(name, cls.view, cls.summary_text, thr)
        out.print(table)
