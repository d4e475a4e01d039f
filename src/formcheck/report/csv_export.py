"""CSV views of a ``formcheck.report/1`` document: one row per rep, or one row per frame.

Both are computed from the JSON document only, so ``formcheck report REPORT.json --csv``
gives byte-for-byte the CSV the original ``analyze`` run wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

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


def rep_columns(report: dict[str, Any]) -> list[str]:
    """Rep CSV header: fixed columns, every metric in first-seen order, then hold and faults."""
    metrics: list[str] = []
    for rep in report["reps"]:
        metrics += [k for k in rep if k not in FIXED_REP_COLUMNS and k != "faults" and k not in metrics]
    return [*FIXED_REP_COLUMNS, *metrics, "hold_in_form_s", "fault_count", "faults"]


def reps_csv(report: dict[str, Any]) -> str:
    """One row per rep; ``faults`` is ``code (measured unit vs limit)`` joined with ``"; "``."""
    columns = rep_columns(report)
    holds = {h["rep"]: h for h in report["holds"] if h.get("rep") is not None}
    rows = []
    for rep in report["reps"]:
        faults = [f for f in report["faults"] if f.get("rep") == rep["number"]]
        described = "; ".join(
            f"{f['code']} ({_cell(f['measured'])} {f['unit']} vs {_cell(f['limit'])})".replace("  ", " ")
            for f in faults)
        extra = {"hold_in_form_s": holds.get(rep["number"], {}).get("in_form_s"),
                 "fault_count": len(faults), "faults": described}
        rows.append([extra[c] if c in extra else rep.get(c) for c in columns])
    return _to_csv(columns, rows)


def frames_csv(report: dict[str, Any]) -> str:
    """One row per analysed frame: ``t`` then every per-frame metric (empty = not measurable)."""
    frames: dict[str, list[Any]] = report["frames"]
    columns = ["t", *[k for k in frames if k != "t"]]
    n = len(frames.get("t", []))
    rows = [[frames[c][i] if i < len(frames[c]) else None for c in columns] for i in range(n)]
    return _to_csv(columns, rows)
