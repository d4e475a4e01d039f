"""Terminal rendering of a report document (rich tables); reads only the JSON contract."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

_UNIT = {"deg": "°", "s": " s", "ratio": ""}


def _fmt(v: Any, nd: int = 1) -> str:
    return "–" if v is None else f"{v:.{nd}f}"


def _fault_text(f: dict[str, Any]) -> str:
    """``short_top_hold 0.25 s < 2.00 s``: the fault with the measured value next to its limit."""
    unit = _UNIT.get(f["unit"], f" {f['unit']}")
    op = "<" if f["measured"] < f["limit"] else ">"
    name = f["code"].split(".", 1)[-1]
    return f"{name} {f['measured']:.2f}{unit} {op} {f['limit']:.2f}{unit}"


def render(report: dict[str, Any], console: Console) -> None:
    """Print the per-rep table, holds, faults summary and warnings."""
    src = report["source"]
    by_side = ", ".join(f"{k} {v}" for k, v in report["reps_by_side"].items())
    console.print(
        f"[bold]{report['title']}[/bold] — {src['path']} ({src['duration_s']:.1f} s, {src['fps']:.2f} fps, "
        f"view {report['view']['detected']})"
    )
    console.print(f"[bold]{report['rep_count']} reps[/bold] ({by_side})  status: {report['status']}")
    faults_by_rep: dict[int, list[dict[str, Any]]] = {}
    for f in report["faults"]:
        if f["rep"] is not None:
            faults_by_rep.setdefault(f["rep"], []).append(f)
    if report["reps"]:
        table = Table(show_lines=False, header_style="bold")
        lumbo = any(r.get("max_lumbar_depth_change_pct") is not None for r in report["reps"])  # mask was used
        cols = ["#", "side", "top s", "thigh°", "hip flex°", "hold s", "lift s", "lower s"]
        cols += ["back Δ%", "pelvis Δ°"] if lumbo else []
        for col in cols:
            table.add_column(col, justify="right" if col != "side" else "left", no_wrap=True)
        table.add_column("faults (measured vs limit)", no_wrap=False, min_width=30)
        for rep in report["reps"]:
            faults = faults_by_rep.get(rep["number"], [])
            text = "\n".join(_fault_text(f) for f in faults) if faults else "[green]ok[/green]"
            table.add_row(
                str(rep["number"]), rep["side"], _fmt(rep["top_s"], 2),
                _fmt(rep.get("peak_thigh_elevation_deg")), _fmt(rep.get("peak_hip_flexion_deg")),
                _fmt(rep.get("hold_s"), 2), _fmt(rep.get("lift_s"), 2), _fmt(rep.get("lower_s"), 2),
                *((_fmt(rep.get("max_lumbar_depth_change_pct")), _fmt(rep.get("max_pelvic_tilt_proxy_deg")))
                  if lumbo else ()),
                text,
            )
        console.print(table)
    holds = [h for h in report["holds"] if h.get("rep") is None]
    if holds:
        table = Table(header_style="bold", title="holds")
        for col in ("side", "start s", "duration s", "in form s", "target s"):
            table.add_column(col)
        for h in holds:
            table.add_row(str(h["side"] or "–"), _fmt(h["start_s"]), _fmt(h["duration_s"]), _fmt(h["in_form_s"]),
                          _fmt(h["target_s"]))
        console.print(table)
    other = [f for f in report["faults"] if f["rep"] is None]
    for f in other:
        console.print(f"[yellow]{f['start_s']:.1f}-{f['end_s']:.1f} s[/yellow] {f['message']} ({_fault_text(f)})")
    for w in report["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {w}")
