"""One self-contained HTML file for a report.

Summary against the programme, signal plot, rep table, rep thumbnails and the annotated
video. No external assets: CSS, SVG, images (and small videos) are inline.
"""

from __future__ import annotations

import base64
import math
import os
from collections import Counter
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from formcheck.analysis.display import Shown
from formcheck.report.advice import next_time
from formcheck.report.model import Report
from formcheck.report.plot import signal_svg
from formcheck.report.targets import target_rows
from formcheck.report.terminal import HOLD_HEADINGS
from formcheck.report.wording import counted, hold_faults, network_note, source_label

UNIT_HEADINGS = {"deg": "°"}
"""Units as rep-table headings show them (others as they are: ``s``, ``ratio``, ``%``)."""
TOP = Shown("top_s", "top")
"""The first column of every rep table: when the rep reached its top."""

MAX_EMBEDDED_VIDEO_BYTES = 24 * 1024 * 1024
"""Annotated videos up to this size are embedded (base64); larger ones are linked relative to the HTML."""

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#222;
padding:0 12px}
h1{margin-bottom:4px} h2{margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555;font-size:14px} .note{color:#666;font-style:italic}
table{border-collapse:collapse;font-size:13px;margin:8px 0} th,td{border:1px solid #ddd;padding:4px 7px;
text-align:right;vertical-align:top} th{background:#f3f3f3} td.l,th.l{text-align:left} .faults{min-width:22em}
.ok{color:#1e7e34;font-weight:600} .bad{color:#b02a37;font-weight:600} .na{color:#777}
.warn{background:#fff4e5;border-left:4px solid #e67e22;padding:6px 10px;margin:4px 0;font-size:14px}
.fault-error{color:#b02a37} .fault-warning{color:#b35c00} .fault-info{color:#555}
svg{width:100%;height:auto;font-family:inherit}
.thumbs{display:flex;flex-wrap:wrap;gap:12px} figure{margin:0;width:180px} figure img{width:100%;border:1px solid #ccc}
figcaption{font-size:12px;color:#444} video{max-width:100%;background:#000}
"""

SCRIPT = """
(function(){
  var plot=document.getElementById('signal-plot');
  if(plot){var r=plot.getBoundingClientRect();
    document.body.setAttribute('data-plot-rect',[r.left,r.top,r.width,r.height].map(Math.round).join(','));}
  var v=document.getElementById('annotated-video');
  if(!v){return;}
  function mark(){v.setAttribute('data-duration',String(v.duration));
    v.setAttribute('data-ready-state',String(v.readyState));}
  v.addEventListener('loadedmetadata',mark); v.addEventListener('loadeddata',mark);
  v.addEventListener('error',function(){v.setAttribute('data-error',String(v.error&&v.error.code));});
  if(v.readyState>0){mark();}
})();
"""


def _fmt(value: Any, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}{unit}" if abs(value) < 100 else f"{value:.1f}{unit}"
    return f"{value}{unit}"


def _heading(column: Shown) -> str:
    return f"{column.label} ({UNIT_HEADINGS.get(column.unit, column.unit)})" if column.unit else column.label


def _mark(met: bool | None) -> str:
    if met is None:
        return '<span class="na">–</span>'
    return '<span class="ok">met</span>' if met else '<span class="bad">not met</span>'


def counts_sentence(report: Report) -> str:
    """The summary's first sentence: ``<b>5 reps</b> (left 3, right 2); 1 fault.`` or ``<b>1 hold</b>, ...``."""
    faults = counted(len(report.faults), "fault")
    if report.counts_holds:
        holds = report.own_holds()
        if not holds:
            return f"<b>No hold</b> in the start position was timed; {faults}."
        longest = max(h.duration_s or 0.0 for h in holds)
        in_form = sum(h.in_form_s or 0.0 for h in holds)
        return f"<b>{counted(len(holds), 'hold')}</b>, longest {longest:.1f} s, {in_form:.1f} s in good form; {faults}."
    sides = ", ".join(f"{k} {v}" for k, v in report.reps_by_side.items())
    sides = f" ({sides})" if sides else ""
    holds = report.own_holds()
    hold_text = (
        f"; {counted(len(holds), 'hold')}, longest {max(h.duration_s or 0 for h in holds):.1f} s" if holds else ""
    )
    return f"<b>{counted(report.rep_count, 'rep')}</b>{escape(sides)}{escape(hold_text)}; {faults}."


def _next_time(report: Report) -> str:
    """The corrections for the next set, first thing on the page (nothing when no fault was seen)."""
    corrections = next_time(report)
    if not corrections:
        return ""
    items = "".join(f"<li>{escape(c.sentence())}</li>" for c in corrections)
    return f'<section id="next-time"><h2>Next time</h2><ol>{items}</ol></section>'


def _no_faults(report: Report) -> str:
    """'No faults flagged' only when something was counted or held; else nothing was judged."""
    if report.reps or report.own_holds():
        return '<p class="ok">No faults flagged.</p>'
    return '<p class="note">Nothing was counted or held, so no form was judged (see the first warning).</p>'


def _summary(report: Report) -> str:
    rows, source = target_rows(report)
    body = "".join(
        f'<tr><td class="l">{escape(r.what)}</td><td>{escape(r.measured)}</td>'
        f"<td>{escape(r.target)}</td><td>{_mark(r.met)}</td></tr>"
        for r in rows
    )
    counts = Counter(f.code for f in report.faults)
    first = {f.code: f for f in reversed(report.faults)}
    fault_rows = "".join(
        f'<tr><td class="l fault-{escape(first[c].severity)}">{escape(c.split(".")[-1])}</td><td>{n}</td>'
        f'<td class="l">{escape(first[c].message)}</td></tr>'
        for c, n in counts.most_common()
    )
    faults = (
        (
            f'<table id="fault-counts"><tr><th class="l">fault</th><th>count</th><th class="l">meaning</th></tr>'
            f"{fault_rows}</table>"
        )
        if counts
        else _no_faults(report)
    )
    return (
        f'<section id="summary"><h2>Summary</h2><p>{counts_sentence(report)}</p>'
        f'<table id="targets"><tr><th class="l">what</th><th>measured</th><th>programme target</th>'
        f'<th>result</th></tr>{body}</table><p class="meta">Targets: {escape(source)}.</p>{faults}</section>'
    )


def _hold_table(report: Report) -> str:
    """One row per hold: the exercise's hold columns, and the faults seen during it as sentences."""
    holds = report.own_holds()
    if not holds:
        return '<section id="holds"><h2>Holds</h2><p class="note">No hold was timed.</p></section>'
    columns = report.display.hold_columns
    head = "".join(f'<th class="{"l" if c == "side" else ""}">{escape(HOLD_HEADINGS[c])}</th>' for c in columns)
    rows = []
    for number, hold in enumerate(holds, 1):
        faults = hold_faults(report, hold)
        fault_html = (
            "<br>".join(f'<span class="fault-{escape(f.severity)}">{escape(f.sentence())}</span>' for f in faults)
            or '<span class="ok">ok</span>'
        )
        cells = "".join(
            f'<td class="l">{escape(hold.side or "–")}</td>' if c == "side" else f"<td>{_fmt(getattr(hold, c))}</td>"
            for c in columns
        )
        rows.append(f'<tr class="hold-row"><td>{number}</td>{cells}<td class="l faults">{fault_html}</td></tr>')
    return (
        f'<section id="holds"><h2>Holds</h2><table id="hold-table"><tr><th>#</th>{head}'
        f'<th class="l faults">faults (measured vs limit)</th></tr>{"".join(rows)}</table></section>'
    )


def _rep_table(report: Report) -> str:
    """Number, side, top time, the exercise's columns that have a value, and the faults as sentences."""
    if report.counts_holds:
        return _hold_table(report)
    if not report.reps:
        return '<section id="reps"><h2>Reps</h2><p class="note">No reps counted.</p></section>'
    columns = [TOP, *report.with_values(report.display.rep_columns)]
    head = "".join(f"<th>{escape(_heading(c))}</th>" for c in columns)
    rows = []
    for rep in report.reps:
        fault_html = (
            "<br>".join(
                f'<span class="fault-{escape(f.severity)}">{escape(f.sentence())}</span>'
                for f in report.rep_faults(rep.number)
            )
            or '<span class="ok">ok</span>'
        )
        cells = "".join(f"<td>{_fmt(rep.value(c.metric))}</td>" for c in columns)
        rows.append(
            f'<tr class="rep-row"><td>{rep.number}</td><td class="l">{escape(rep.side)}</td>'
            f'{cells}<td class="l faults">{fault_html}</td></tr>'
        )
    return (
        f'<section id="reps"><h2>Reps</h2><table id="rep-table"><tr><th>#</th><th class="l">side</th>{head}'
        f'<th class="l faults">faults (measured vs limit)</th></tr>{"".join(rows)}</table></section>'
    )


def _hold_thumbnails(report: Report, thumbnails: Mapping[int, bytes]) -> str:
    """A picture from the middle of each hold (keyed by hold number, 1 = the first)."""
    holds = report.own_holds()
    if not holds:
        return ""
    if not thumbnails:
        return (
            '<section id="thumbnails"><h2>Each hold</h2><p class="note">No thumbnails: they are drawn '
            "from the video during <code>formcheck analyze VIDEO --html</code> (not available when "
            "re-rendering a saved report or replaying landmarks).</p></section>"
        )
    figs = []
    for number, hold in enumerate(holds, 1):
        jpeg = thumbnails.get(number)
        if jpeg is None:
            continue
        b64 = base64.b64encode(jpeg).decode("ascii")
        mid = None if hold.start_s is None or hold.end_s is None else (hold.start_s + hold.end_s) / 2
        figs.append(
            f'<figure class="hold-thumb" data-hold="{number}"><img alt="hold {number}" '
            f'src="data:image/jpeg;base64,{b64}"><figcaption>hold {number}, at {_fmt(mid)} s '
            f"({_fmt(hold.in_form_s)} s in form)</figcaption></figure>"
        )
    return f'<section id="thumbnails"><h2>Each hold</h2><div class="thumbs">{"".join(figs)}</div></section>'


def _thumbnails(report: Report, thumbnails: Mapping[int, bytes]) -> str:
    if report.counts_holds:
        return _hold_thumbnails(report, thumbnails)
    if not report.reps:
        return ""
    if not thumbnails:
        return (
            '<section id="thumbnails"><h2>Top of each rep</h2><p class="note">No thumbnails: they are drawn '
            "from the video during <code>formcheck analyze VIDEO --html</code> (not available when "
            "re-rendering a saved report or replaying landmarks).</p></section>"
        )
    figs = []
    for rep in report.reps:
        jpeg = thumbnails.get(rep.number)
        if jpeg is None:
            continue
        b64 = base64.b64encode(jpeg).decode("ascii")
        figs.append(
            f'<figure class="rep-thumb" data-rep="{rep.number}"><img alt="rep {rep.number} top" '
            f'src="data:image/jpeg;base64,{b64}"><figcaption>rep {rep.number} '
            f"({escape(rep.side)}), top at {_fmt(rep.top_s)} s</figcaption></figure>"
        )
    return f'<section id="thumbnails"><h2>Top of each rep</h2><div class="thumbs">{"".join(figs)}</div></section>'


def video_src(video: Path, html_path: Path, max_embed: int = MAX_EMBEDDED_VIDEO_BYTES) -> str:
    """A data URI for a small video (MP4 or WebM), else the video's path relative to the HTML file."""
    if video.stat().st_size <= max_embed:
        mime = "video/webm" if video.suffix.lower() == ".webm" else "video/mp4"
        return f"data:{mime};base64," + base64.b64encode(video.read_bytes()).decode("ascii")
    return Path(os.path.relpath(video.resolve(), html_path.resolve().parent)).as_posix()


def _video(src: str | None) -> str:
    if src is None:
        return ""
    return (
        '<section id="video"><h2>Annotated video</h2><video id="annotated-video" controls preload="auto" '
        f'src="{escape(src)}"></video></section>'
    )


def render_html(report: Report, *, thumbnails: Mapping[int, bytes] | None = None, video_src: str | None = None) -> str:
    """The whole HTML document for ``report``."""
    src = report.source
    title = f"{report.title} — {Path(src.path).name}"
    warnings = "".join(f'<div class="warn">{escape(w)}</div>' for w in report.warnings)
    status = report.status
    status_html = "" if status == "complete" else f'<div class="warn">run status: {escape(status)}</div>'
    view = report.view
    meta = (
        f"{escape(source_label(report))} · {_fmt(src.duration_s)} s · {_fmt(src.fps)} fps · {src.frames} frames · "
        f"view {escape(view.detected)} (expected {escape(view.expected)}) · formcheck {escape(report.formcheck)}"
    )
    if network_note(report):
        meta += f' · <span id="network">{escape(network_note(report))}</span>'

    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<h1>{escape(report.title)}</h1><p class="meta">{meta}</p>{status_html}{_next_time(report)}{warnings}'
        f"{_summary(report)}"
        f'<section id="plot"><h2>Over time</h2>{signal_svg(report)}<p class="meta">Shaded: counted reps '
        f"(green clean, orange with faults), holds outside reps in blue. Bars under the plot: fault spans."
        f"</p></section>"
        f"{_rep_table(report)}{_thumbnails(report, thumbnails or {})}{_video(video_src)}"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
