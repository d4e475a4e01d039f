"""The HTML page of a workout of several sets: one section per set, each linking to its full report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path

from formcheck.report.html import CSS, counts_sentence
from formcheck.report.model import Report
from formcheck.report.wording import counted


def _set_section(number: int, report: Report, page: Path | None) -> str:
    """One set: when, what it was recognised as (and why), its count, its faults, a link to its report."""
    rec = report.summary.get("recognition") or {}
    when = f"{rec.get('start_s', 0.0):.1f}–{rec.get('end_s', 0.0):.1f} s"
    level = rec.get("level", "")
    sure = {"sure": "", "likely": "probably ", "unknown": "not known; closest "}.get(level, "")
    faults = Counter(f.message for f in report.faults)
    fault_list = "".join(f"<li>{escape(message)} ({n}×)</li>" for message, n in faults.most_common())
    link = f'<p><a href="{escape(page.name)}">the whole report of this set</a></p>' if page is not None else ""
    return (
        f'<section class="set" id="set-{number}"><h2>Set {number} · {when} · {escape(sure)}{escape(report.title)}</h2>'
        f'<p class="meta">recognised {escape(str(rec.get("evidence", "")))}</p>'
        f"<p>{counts_sentence(report)}</p>"
        + (f"<ul>{fault_list}</ul>" if fault_list else "<p>No faults.</p>")
        + link
        + "</section>"
    )


def render_workout_html(reports: Sequence[Report], pages: Sequence[Path | None]) -> str:
    """The whole HTML document of a workout: its sets in time order (``pages``: each set's own HTML report)."""
    source = Path(reports[0].source.path).name
    sets = counted(len(reports), "set")
    sections = "".join(_set_section(i, r, p) for i, (r, p) in enumerate(zip(reports, pages, strict=True), start=1))
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Workout — {escape(source)}</title><style>{CSS}</style></head><body>"
        f'<h1>Workout — {escape(source)}</h1><p class="meta">{sets}, each recognised from the movement</p>'
        f"{sections}</body></html>\n"
    )
