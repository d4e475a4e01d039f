"""CSV views of a report: one row per rep, or one row per frame.

Both are computed from what the JSON document holds, so ``formcheck report REPORT.json --csv``
gives byte-for-byte the CSV the original ``analyze`` run wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from formcheck.report.model import Report
from formcheck.report.parts import ReportFault
from formcheck.report.wording import hold_faults

FIXED_REP_COLUMNS = ("number", "side", "start_s", "top_s", "end_s")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _to_csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def rep_columns(report: Report) -> list[str]:
    """Rep CSV header: fixed columns, every metric in first-seen order, then hold and faults."""
    metrics = dict.fromkeys(k for rep in report.reps for k in rep.metrics)
    return [*FIXED_REP_COLUMNS, *metrics, "hold_in_form_s", "fault_count", "faults"]


HOLD_COLUMNS = ("number", "side", "start_s", "end_s", "duration_s", "in_form_s", "target_s", "fault_count", "faults")


def _described(faults: Sequence[ReportFault]) -> str:
    return "; ".join(f"{f.code} ({_cell(f.measured)} {f.unit} vs {_cell(f.limit)})".replace("  ", " ") for f in faults)


def holds_csv(report: Report) -> str:
    """One row per hold of an exercise counted in holds; its faults as in :func:`reps_csv`."""
    rows = []
    for number, hold in enumerate(report.own_holds(), 1):
        faults = hold_faults(report, hold)
        extra = {"number": number, "fault_count": len(faults), "faults": _described(faults)}
        rows.append([extra[c] if c in extra else getattr(hold, c) for c in HOLD_COLUMNS])
    return _to_csv(HOLD_COLUMNS, rows)


def reps_csv(report: Report) -> str:
    """One row per rep (per hold for an exercise counted in holds: :func:`holds_csv`).

    ``faults`` is ``code (measured unit vs limit)`` joined with ``"; "``.
    """
    if report.counts_holds:
        return holds_csv(report)
    columns = rep_columns(report)
    holds = {h.rep: h for h in report.holds if h.rep is not None}
    rows = []
    for rep in report.reps:
        faults = report.rep_faults(rep.number)
        described = _described(faults)
        hold = holds.get(rep.number)
        extra = {
            "number": rep.number,
            "side": rep.side,
            "hold_in_form_s": hold.in_form_s if hold else None,
            "fault_count": len(faults),
            "faults": described,
        }
        rows.append([extra[c] if c in extra else rep.value(c) for c in columns])
    return _to_csv(columns, rows)


def frames_csv(report: Report) -> str:
    """One row per analysed frame: ``t`` then every per-frame metric (empty = not measurable)."""
    frames = report.frames
    columns = ["t", *[k for k in frames if k != "t"]]
    n = len(frames.get("t", []))
    rows = [[frames[c][i] if i < len(frames[c]) else None for c in columns] for i in range(n)]
    return _to_csv(columns, rows)
