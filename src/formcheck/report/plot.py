"""Hand-written SVG plot of a report's main per-frame signal, with reps and faults marked.

Pure string building (no plotting library), so the HTML report stays one small offline file.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

LEG_COLOURS = {"left": "#1f77b4", "right": "#d95f02", "both": "#6a3d9a", "": "#333333"}


@dataclass(frozen=True)
class Signal:
    """Which per-frame series to plot and the reference line that matters for it."""

    key: str  # series name without the ".left"/".right" suffix
    label: str
    threshold_key: str | None = None  # config key holding the reference level
    threshold_label: str = ""


SIGNALS = (
    Signal("thigh_elevation_deg", "thigh elevation (deg, 0 = horizontal)", "knee_above_hip_deg",
           "knee at hip height"),
)
LABELS = {"hip_flexion_deg": "hip flexion (deg)", "knee_angle_deg": "knee angle (deg)"}


def _signal_for(key: str) -> Signal:
    """The known signal named ``key``, else one with no reference line (counting adapts to the person's range)."""
    known = {s.key: s for s in SIGNALS}
    return known.get(key) or Signal(key, LABELS.get(key, key.replace("_", " ")))


def main_signal(report: dict[str, Any]) -> tuple[Signal, dict[str, str]] | None:
    """The signal to plot and its series keys by leg (``""`` when not per leg); None if no series.

    The analyzer's counting signal (``summary.counting_signal``) when it names one, else the
    first known signal present, else the first series.
    """
    frames = report.get("frames", {})
    counting = (report.get("summary") or {}).get("counting_signal")
    candidates = [_signal_for(counting)] if isinstance(counting, str) else []
    for sig in [*candidates, *SIGNALS]:
        legs = {leg: f"{sig.key}.{leg}" for leg in ("left", "right", "both") if f"{sig.key}.{leg}" in frames}
        if sig.key in frames:
            legs[""] = sig.key
        if legs:
            return sig, legs
    keys = [k for k in frames if k != "t"]
    if not keys:
        return None
    return _signal_for(keys[0].split(".")[0]), {"": keys[0]}


def threshold_of(report: dict[str, Any], sig: Signal) -> float | None:
    """The reference level for ``sig`` from the report's config (0 deg for thigh elevation by definition)."""
    value = report.get("config", {}).get(sig.threshold_key) if sig.threshold_key else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return 0.0 if sig.key == "thigh_elevation_deg" else None


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _finite(values: Sequence[Any]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def signal_svg(report: dict[str, Any], *, width: int = 960, height: int = 340) -> str:
    """The ``<svg>`` element, or a short note when the report has no per-frame series."""
    found = main_signal(report)
    t: list[float] = [float(v) for v in report.get("frames", {}).get("t", [])]
    if found is None or len(t) < 2:
        return '<p class="note">No per-frame measurements to plot.</p>'
    sig, legs = found
    frames = report["frames"]
    faults = [f for f in report.get("faults", []) if f.get("start_s") is not None]
    lanes = min(len({f["code"] for f in faults}), 6)
    ml, mr, mt = 56, 110 if lanes else 16, 22
    mb = 40 + 12 * lanes
    pw, ph = width - ml - mr, height - mt - mb
    values = [v for key in legs.values() for v in _finite(frames[key])]
    threshold = threshold_of(report, sig)
    if threshold is not None:
        values.append(threshold)
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    ystep = _nice_step(max(hi - lo, 1e-6), 6)
    lo, hi = math.floor(lo / ystep) * ystep, math.ceil(hi / ystep) * ystep
    hi = hi if hi > lo else lo + ystep
    t0, t1 = t[0], t[-1]

    def x(v: float) -> float:
        return ml + (v - t0) / (t1 - t0) * pw if t1 > t0 else ml

    def y(v: float) -> float:
        return mt + (hi - v) / (hi - lo) * ph

    out = [f'<svg id="signal-plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(sig.label)} over time">',
           f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#bbb"/>']
    for rep in report.get("reps", []):
        if rep.get("start_s") is None or rep.get("end_s") is None:
            continue
        xa, xb = x(rep["start_s"]), x(rep["end_s"])
        fill = "#f6c58f" if rep.get("faults") else "#a8dba8"
        out.append(f'<rect class="rep-span" x="{xa:.1f}" y="{mt}" width="{max(xb - xa, 1):.1f}" height="{ph}" '
                   f'fill="{fill}" fill-opacity="0.55"><title>rep {rep["number"]} ({escape(str(rep["side"]))}) '
                   f'{rep["start_s"]:.2f}-{rep["end_s"]:.2f} s</title></rect>')
        out.append(f'<text x="{(xa + xb) / 2:.1f}" y="{mt + 14}" font-size="12" text-anchor="middle" '
                   f'fill="#333">{rep["number"]}</text>')
    for hold in report.get("holds", []):
        if hold.get("rep") is not None or hold.get("start_s") is None or hold.get("end_s") is None:
            continue  # a rep's top hold lies inside the rep's shading
        xa, xb = x(hold["start_s"]), x(hold["end_s"])
        out.append(f'<rect class="hold-span" x="{xa:.1f}" y="{mt}" width="{max(xb - xa, 1):.1f}" height="{ph}" '
                   f'fill="#9ecae1" fill-opacity="0.45"><title>hold {hold["start_s"]:.2f}-{hold["end_s"]:.2f} s'
                   f'</title></rect>')
    k = math.ceil(lo / ystep)
    while k * ystep <= hi + 1e-9:
        v = k * ystep
        out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{ml - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v:g}</text>')
        k += 1
    xstep = _nice_step(t1 - t0, 10)
    k = math.ceil(t0 / xstep)
    while k * xstep <= t1 + 1e-9:
        v = k * xstep
        out.append(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="{mt + ph}" y2="{mt + ph + 4}" stroke="#666"/>'
                   f'<text x="{x(v):.1f}" y="{mt + ph + 16}" font-size="11" text-anchor="middle">{v:g}</text>')
        k += 1
    out.append(f'<text x="{ml + pw / 2}" y="{mt + ph + 32}" font-size="12" text-anchor="middle">time (s)</text>')
    out.append(f'<text x="14" y="{mt + ph / 2}" font-size="12" text-anchor="middle" '
               f'transform="rotate(-90 14 {mt + ph / 2})">{escape(sig.label)}</text>')
    if threshold is not None and lo <= threshold <= hi:
        out.append(f'<line id="threshold-line" x1="{ml}" x2="{ml + pw}" y1="{y(threshold):.1f}" '
                   f'y2="{y(threshold):.1f}" stroke="#b8860b" stroke-width="1.5" stroke-dasharray="6 4"/>'
                   f'<text x="{ml + pw - 4}" y="{y(threshold) - 5:.1f}" font-size="11" text-anchor="end" '
                   f'fill="#8b6508">{escape(sig.threshold_label)} ({threshold:g})</text>')
    for leg, key in legs.items():
        out.append(_polyline(t, frames[key], x, y, leg))
    codes = sorted({f["code"] for f in faults})[:lanes]
    for f in faults:
        if f["code"] not in codes:
            continue
        lane = codes.index(f["code"])
        ya = mt + ph + 40 + 12 * lane
        xa, xb = x(f["start_s"]), x(f["end_s"] if f.get("end_s") is not None else f["start_s"])
        colour = "#c0392b" if f.get("severity") == "error" else "#e67e22"
        out.append(f'<rect class="fault-span" x="{xa:.1f}" y="{ya:.1f}" width="{max(xb - xa, 2):.1f}" height="8" '
                   f'fill="{colour}"><title>{escape(f["code"])}: {escape(f.get("message", ""))}</title></rect>')
    for lane, code in enumerate(codes):
        out.append(f'<text x="{ml + pw + 4}" y="{mt + ph + 47 + 12 * lane}" font-size="9" text-anchor="start" '
                   f'fill="#a33">{escape(code.split(".")[-1].replace("_", " "))}</text>')
    legend_x = ml + 8
    for leg in legs:
        name = leg or "value"
        out.append(f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{mt + ph - 10}" y2="{mt + ph - 10}" '
                   f'stroke="{LEG_COLOURS.get(leg, "#333")}" stroke-width="2.5"/>'
                   f'<text x="{legend_x + 22}" y="{mt + ph - 6}" font-size="11">{name}</text>')
        legend_x += 70
    out.append("</svg>")
    return "\n".join(out)


def _polyline(t: Sequence[float], values: Sequence[Any], x: Any, y: Any, leg: str) -> str:
    """One ``<path>`` per leg; gaps (null) break the line."""
    parts: list[str] = []
    pen_down = False
    for ti, v in zip(t, values, strict=False):
        if v is None or not math.isfinite(float(v)):
            pen_down = False
            continue
        parts.append(f'{"L" if pen_down else "M"}{x(ti):.1f} {y(float(v)):.1f}')
        pen_down = True
    colour = LEG_COLOURS.get(leg, "#333")
    return (f'<path class="signal-line" data-leg="{leg}" d="{" ".join(parts)}" fill="none" '
            f'stroke="{colour}" stroke-width="1.8" stroke-linejoin="round"/>')
