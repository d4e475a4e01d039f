"""Programme targets from EXERCISES.md ("Programming targets"), compared with what a report measured."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Programme:
    """Per-set targets for one exercise, with where they come from."""

    reps_per_leg: tuple[int, int] | None
    hold_s: tuple[float, float] | None
    source: str


DRILL = Programme((8, 10), (2.0, 3.0), "EXERCISES.md: drills 2 sets of 8-10 with a 2-3 s hold")
STRENGTH = Programme((10, 15), None, "EXERCISES.md: strength 3-4 sets of 10-15 reps")
PLANK = Programme(None, (20.0, 30.0), "EXERCISES.md: plank held at least 20-30 s")
L_SIT = Programme(None, (10.0, 30.0), "EXERCISES.md: L-sit holds of 10-30 s")
PROGRAMMES = {"standing-knee-raise": DRILL, "seated-knee-raise": DRILL, "high-knees": STRENGTH,
              "plank": PLANK, "l-sit": L_SIT}


@dataclass(frozen=True)
class TargetRow:
    """One line of the summary: what was measured next to the programme target."""

    what: str
    measured: str
    target: str
    met: bool | None  # None = no target or nothing to compare


def target_rows(report: dict[str, Any]) -> tuple[list[TargetRow], str]:
    """Rows comparing the report with its exercise's programme, and the programme's source."""
    prog = PROGRAMMES.get(report["exercise"], STRENGTH)
    rows = []
    by_side: dict[str, int] = report.get("reps_by_side") or {}
    holds = report.get("holds", [])
    done = bool(report["rep_count"] or holds)
    for side, n in by_side.items() or [("all", report["rep_count"])]:
        if prog.reps_per_leg is None:
            if n:
                rows.append(TargetRow(f"reps ({side})", str(n), "-", None))
            continue
        a, b = prog.reps_per_leg
        rows.append(TargetRow(f"reps ({side} leg)", str(n), f"{a}-{b} per set", n >= a if n else None))
    if prog.hold_s is not None:
        good = sum(1 for h in holds if (h.get("in_form_s") or 0.0) >= prog.hold_s[0])
        longest = max((h.get("in_form_s") or 0.0 for h in holds), default=0.0)
        rows.append(TargetRow("holds at target (in form)", f"{good} of {len(holds)} (longest {longest:.1f} s)",
                              f"{prog.hold_s[0]:g}-{prog.hold_s[1]:g} s each", good == len(holds) if holds else None))
    faults = report.get("faults", [])
    clean = sum(1 for r in report.get("reps", []) if not r.get("faults"))
    if report["rep_count"] or prog.reps_per_leg is not None:
        rows.append(TargetRow("reps without faults", f"{clean} of {report['rep_count']}", "all",
                              clean == report["rep_count"] if report["rep_count"] else None))
    rows.append(TargetRow("faults flagged", str(len(faults)), "0", not faults if done else None))
    return rows, prog.source
