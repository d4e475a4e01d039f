"""A report's numbers next to its exercise's programme targets (``display.programme``)."""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.report.model import Report


@dataclass(frozen=True)
class TargetRow:
    """One line of the summary: what was measured next to the programme target."""

    what: str
    measured: str
    target: str
    met: bool | None  # None = no target or nothing to compare


def _hold_target(low: float, high: float) -> str:
    return f"{low:g} s each" if low == high else f"{low:g}-{high:g} s each"


def target_rows(report: Report) -> tuple[list[TargetRow], str]:
    """Rows comparing the report with its exercise's programme, and the programme's source.

    A rep programme gives a row per leg (or side) and one for reps without faults; a hold
    programme a row for the holds in form; every report a row for the faults flagged.
    """
    prog = report.display.programme
    rows = []
    holds = report.holds
    done = bool(report.rep_count or holds)
    for side, n in report.reps_by_side.items() or [("all", report.rep_count)]:
        if prog.reps is None:
            if n:
                rows.append(TargetRow(f"reps ({side})", str(n), "-", None))
            continue
        a, b = prog.reps
        rows.append(TargetRow(f"reps ({side} leg)", str(n), f"{a}-{b} per set", n >= a if n else None))
    if prog.hold_s is not None:
        good = sum(1 for h in holds if (h.in_form_s or 0.0) >= prog.hold_s[0])
        longest = max((h.in_form_s or 0.0 for h in holds), default=0.0)
        rows.append(
            TargetRow(
                "holds at target (in form)",
                f"{good} of {len(holds)} (longest {longest:.1f} s)",
                _hold_target(*prog.hold_s),
                good == len(holds) if holds else None,
            )
        )
    clean = sum(1 for r in report.reps if not r.faults)
    if report.rep_count or prog.reps is not None:
        rows.append(
            TargetRow(
                "reps without faults",
                f"{clean} of {report.rep_count}",
                "all",
                clean == report.rep_count if report.rep_count else None,
            )
        )
    rows.append(TargetRow("faults flagged", str(len(report.faults)), "0", not report.faults if done else None))
    return rows, prog.source
