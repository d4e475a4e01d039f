"""Small line charts as inline SVG, drawn on the server (no JavaScript, no chart library).

One chart is one series over weeks: ``(label, value)`` pairs, NaN for a week with nothing to show
(the line breaks there). Coordinates are SVG user units of a 320x150 view box.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 24


def line_chart(points: Sequence[tuple[str, float]], *, label: str, target: float | None = None) -> str:
    """An ``<svg>`` of ``points`` (week label, value) with a y axis from 0 (or the lowest value) to the highest.

    ``target``: a dashed horizontal line (the programme's number). Weeks with NaN leave a gap.
    """
    values = [v for _, v in points if math.isfinite(v)] + ([target] if target is not None else [])
    if not points or not values:
        return f'<p class="hint">{escape(label)}: nothing measured yet.</p>'
    low, high = min(0.0, *values), max(values)
    high = high if high > low else low + 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{_short(high)}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end">{_short(low)}</text>',
    ]
    if target is not None:
        parts.append(
            f'<line class="target" x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" y2="{y(target):.1f}"/>'
        )
    run: list[str] = []
    for i, (_, v) in enumerate([*points, ("", math.nan)]):
        if math.isfinite(v):
            run.append(f"{x(i):.1f},{y(v):.1f}")
            tip = f"<title>{escape(points[i][0])}: {_short(v)}</title>"
            parts.append(f'<circle class="dot" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3">{tip}</circle>')
        elif run:
            parts.append(f'<polyline class="line" points="{" ".join(run)}"/>')
            run = []
    step = max(1, math.ceil(len(points) / 6))
    for i in range(0, len(points), step):
        parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 6}" text-anchor="middle">{escape(points[i][0])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 10 else f"{v:.2g}"
