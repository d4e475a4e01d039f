"""Hand-written SVG plot of the signal a report's exercise plots (``display.plot``), with reps and faults marked.

Pure string building (no plotting library), so the HTML report stays one small offline file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from formcheck.analysis.display import Plot
from formcheck.report.model import Report
from formcheck.report.parts import ReportFault

LEG_COLOURS = {"left": "#1f77b4", "right": "#d95f02", "both": "#6a3d9a", "": "#333333"}


def main_signal(report: Report) -> tuple[Plot, dict[str, str]] | None:
    """The exercise's plotted signal and its series keys by leg (``""`` when not per leg); None if not in the frames."""
    plot = report.display.plot
    if plot is None:
        return None
    frames = report.frames
    legs = {leg: f"{plot.metric}.{leg}" for leg in ("left", "right", "both") if f"{plot.metric}.{leg}" in frames}
    if plot.metric in frames:
        legs[""] = plot.metric
    return (plot, legs) if legs else None


def threshold_of(report: Report, plot: Plot) -> float | None:
    """The reference level of ``plot``: its threshold's value in the report's config, else its fixed level."""
    value = report.config.get(plot.threshold) if plot.threshold else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return plot.level


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _finite(values: Sequence[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


@dataclass(frozen=True)
class _Frame:
    """Plot geometry: pixel margins and size, the data ranges, and the maps from data to pixels."""

    ml: float
    mt: float
    pw: float
    ph: float
    t0: float
    t1: float
    lo: float
    hi: float
    ystep: float

    def x(self, v: float) -> float:
        return self.ml + (v - self.t0) / (self.t1 - self.t0) * self.pw if self.t1 > self.t0 else self.ml

    def y(self, v: float) -> float:
        return self.mt + (self.hi - v) / (self.hi - self.lo) * self.ph


def _frame(t: list[float], values: list[float], *, width: int, height: int, lanes: int) -> _Frame:
    ml, mr, mt = 56, 110 if lanes else 16, 22
    mb = 40 + 12 * lanes
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    ystep = _nice_step(max(hi - lo, 1e-6), 6)
    lo, hi = math.floor(lo / ystep) * ystep, math.ceil(hi / ystep) * ystep
    hi = hi if hi > lo else lo + ystep
    return _Frame(ml, mt, width - ml - mr, height - mt - mb, t[0], t[-1], lo, hi, ystep)


def _spans(f: _Frame, report: Report) -> list[str]:
    """Shaded reps (green clean, orange faulty, numbered) and holds (blue)."""
    out = []
    for rep in report.reps:
        if rep.start_s is None or rep.end_s is None:
            continue
        xa, xb = f.x(rep.start_s), f.x(rep.end_s)
        fill = "#f6c58f" if rep.faults else "#a8dba8"
        out.append(
            f'<rect class="rep-span" x="{xa:.1f}" y="{f.mt}" width="{max(xb - xa, 1):.1f}" height="{f.ph}" '
            f'fill="{fill}" fill-opacity="0.55"><title>rep {rep.number} ({escape(rep.side)}) '
            f"{rep.start_s:.2f}-{rep.end_s:.2f} s</title></rect>"
        )
        out.append(
            f'<text x="{(xa + xb) / 2:.1f}" y="{f.mt + 14}" font-size="12" text-anchor="middle" '
            f'fill="#333">{rep.number}</text>'
        )
    for hold in report.own_holds():  # a rep's top hold lies inside the rep's shading
        if hold.start_s is None or hold.end_s is None:
            continue
        xa, xb = f.x(hold.start_s), f.x(hold.end_s)
        out.append(
            f'<rect class="hold-span" x="{xa:.1f}" y="{f.mt}" width="{max(xb - xa, 1):.1f}" '
            f'height="{f.ph}" fill="#9ecae1" fill-opacity="0.45"><title>hold {hold.start_s:.2f}-'
            f"{hold.end_s:.2f} s</title></rect>"
        )
    return out


def _axes(f: _Frame, label: str) -> list[str]:
    """Grid lines and tick labels of both axes, and the axis titles."""
    out = []
    k = math.ceil(f.lo / f.ystep)
    while k * f.ystep <= f.hi + 1e-9:
        v = k * f.ystep
        out.append(
            f'<line x1="{f.ml}" x2="{f.ml + f.pw}" y1="{f.y(v):.1f}" y2="{f.y(v):.1f}" stroke="#e3e3e3"/>'
            f'<text x="{f.ml - 6}" y="{f.y(v) + 4:.1f}" font-size="11" text-anchor="end">{v:g}</text>'
        )
        k += 1
    xstep = _nice_step(f.t1 - f.t0, 10)
    k = math.ceil(f.t0 / xstep)
    while k * xstep <= f.t1 + 1e-9:
        v = k * xstep
        out.append(
            f'<line x1="{f.x(v):.1f}" x2="{f.x(v):.1f}" y1="{f.mt + f.ph}" y2="{f.mt + f.ph + 4}" '
            f'stroke="#666"/><text x="{f.x(v):.1f}" y="{f.mt + f.ph + 16}" font-size="11" '
            f'text-anchor="middle">{v:g}</text>'
        )
        k += 1
    out.append(
        f'<text x="{f.ml + f.pw / 2}" y="{f.mt + f.ph + 32}" font-size="12" text-anchor="middle">time (s)</text>'
    )
    out.append(
        f'<text x="14" y="{f.mt + f.ph / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {f.mt + f.ph / 2})">{escape(label)}</text>'
    )
    return out


def _fault_lanes(f: _Frame, faults: list[ReportFault], codes: list[str]) -> list[str]:
    """One lane of bars per fault code under the plot, labelled on the right (faults with a start time)."""
    out = []
    for fault in faults:
        if fault.code not in codes or fault.start_s is None:
            continue
        ya = f.mt + f.ph + 40 + 12 * codes.index(fault.code)
        xa, xb = f.x(fault.start_s), f.x(fault.end_s if fault.end_s is not None else fault.start_s)
        colour = "#c0392b" if fault.severity == "error" else "#e67e22"
        out.append(
            f'<rect class="fault-span" x="{xa:.1f}" y="{ya:.1f}" width="{max(xb - xa, 2):.1f}" height="8" '
            f'fill="{colour}"><title>{escape(fault.code)}: {escape(fault.message)}</title></rect>'
        )
    for lane, code in enumerate(codes):
        out.append(
            f'<text x="{f.ml + f.pw + 4}" y="{f.mt + f.ph + 47 + 12 * lane}" font-size="9" '
            f'text-anchor="start" fill="#a33">{escape(code.split(".")[-1].replace("_", " "))}</text>'
        )
    return out


def _legend(f: _Frame, legs: dict[str, str]) -> list[str]:
    out = []
    legend_x = f.ml + 8
    for leg in legs:
        out.append(
            f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{f.mt + f.ph - 10}" y2="{f.mt + f.ph - 10}" '
            f'stroke="{LEG_COLOURS.get(leg, "#333")}" stroke-width="2.5"/>'
            f'<text x="{legend_x + 22}" y="{f.mt + f.ph - 6}" font-size="11">{leg or "value"}</text>'
        )
        legend_x += 70
    return out


def signal_svg(report: Report, *, width: int = 960, height: int = 340) -> str:
    """The ``<svg>`` element, or a short note when the report has no per-frame series of its signal."""
    found = main_signal(report)
    t: list[float] = [float(v) for v in report.frames.get("t", []) if v is not None]
    if found is None or len(t) < 2:
        return '<p class="note">No per-frame measurements to plot.</p>'
    plot, legs = found
    frames = report.frames
    faults = [f for f in report.faults if f.start_s is not None]
    lanes = min(len({f.code for f in faults}), 6)
    values = [v for key in legs.values() for v in _finite(frames[key])]
    threshold = threshold_of(report, plot)
    if threshold is not None:
        values.append(threshold)
    f = _frame(t, values, width=width, height=height, lanes=lanes)
    out = [
        f'<svg id="signal-plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(plot.label)} over time">',
        f'<rect x="{f.ml}" y="{f.mt}" width="{f.pw}" height="{f.ph}" fill="#fafafa" stroke="#bbb"/>',
        *_spans(f, report),
        *_axes(f, plot.label),
    ]
    if threshold is not None and f.lo <= threshold <= f.hi:
        out.append(
            f'<line id="threshold-line" x1="{f.ml}" x2="{f.ml + f.pw}" y1="{f.y(threshold):.1f}" '
            f'y2="{f.y(threshold):.1f}" stroke="#b8860b" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{f.ml + f.pw - 4}" y="{f.y(threshold) - 5:.1f}" font-size="11" text-anchor="end" '
            f'fill="#8b6508">{escape(plot.threshold_label)} ({threshold:g})</text>'
        )
    out += [_polyline(t, frames[key], f.x, f.y, leg) for leg, key in legs.items()]
    out += _fault_lanes(f, faults, sorted({x.code for x in faults})[:lanes])
    out += [*_legend(f, legs), "</svg>"]
    return "\n".join(out)


def _polyline(t: Sequence[float], values: Sequence[Any], x: Any, y: Any, leg: str) -> str:
    """One ``<path>`` per leg; gaps (null) break the line."""
    parts: list[str] = []
    pen_down = False
    for ti, v in zip(t, values, strict=False):
        if v is None or not math.isfinite(float(v)):
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{x(ti):.1f} {y(float(v)):.1f}")
        pen_down = True
    colour = LEG_COLOURS.get(leg, "#333")
    return (
        f'<path class="signal-line" data-leg="{leg}" d="{" ".join(parts)}" fill="none" '
        f'stroke="{colour}" stroke-width="1.8" stroke-linejoin="round"/>'
    )
