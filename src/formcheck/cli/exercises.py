"""``formcheck exercises``: the analyzers, their camera view and thresholds."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from formcheck.analysis import registry
from formcheck.analysis.base import describe_config
from formcheck.cli.app import app, errors_to_exit, out


@app.command("exercises")
def exercises_cmd(
    show: Annotated[str | None, typer.Option("--show", help="Show one exercise in full.")] = None,
) -> None:
    """List the exercise analyzers with their camera view and thresholds."""
    with errors_to_exit():
        if show is not None:
            cls = registry.get(show)
            out.print(f"[bold]{cls.name}[/bold] — {cls.title}\n{(cls.__doc__ or '').strip()}")
            out.print(f"camera: {cls.view} view.  measures: {cls.summary_text}")
            table = Table("threshold", "default", "unit", "meaning", "source", header_style="bold")
            for row in describe_config(cls.config_model()):
                table.add_row(row["name"], str(row["default"]), row["unit"], row["description"], row["source"])
            out.print(table)
            return
        table = Table("exercise", "view", "what it checks", "thresholds", header_style="bold")
        for name in registry.names():
            cls = registry.get(name)
            rows = describe_config(cls.config_model())
            thr = ", ".join(f"{r['name']}={r['default']}" for r in rows[:4]) + (" …" if len(rows) > 4 else "")
            table.add_row(name, cls.view, cls.summary_text, thr)
        out.print(table)
