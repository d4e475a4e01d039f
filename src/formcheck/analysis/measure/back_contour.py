"""The back edge of the body's outline (segmentation mask) between hip and shoulder, and the floor line under it.

Pure numpy: the mask is ``(H, W)`` in [0, 1], coordinates are image pixels, y down. The
lumbar curve is read from the traced edge (:func:`trace_back`); for a person lying on the
back, the lift of the lower back off the floor (:func:`floor_gap`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from formcheck.core.person_mask import Mask

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LumbopelvicSettings:
    """Scan geometry and confidence limits (fractions of the hip-shoulder chord unless noted)."""

    scan_from: float = 0.05
    scan_to: float = 0.85
    scan_lines: int = 33
    scan_reach: float = 0.6
    lumbar_to: float = 0.6
    threshold: float = 0.5
    min_confidence: float = 0.4
    neutral_frames: int = 15
    side_max_width_ratio: float = 0.45
    front_min_width_ratio: float = 0.5


@dataclass(frozen=True)
class BackContour:
    """One frame's back-edge trace.

    Attributes:
        s: ``(n,)`` positions along the chord, 0 = hip, 1 = shoulder.
        offset_px: ``(n,)`` edge distance from the chord towards the back, pixels (NaN = not found).
        chord_px: hip-shoulder chord length, pixels.
        depth_ratio: signed lumbar depth / chord (+ = dips in, arched; - = bulges out, rounded).
        position: s of the deepest point.
        curve_deg: angle between the cubic fit's tangents at the lumbar range's ends (+ = concave).
        found_ratio: fraction of scan lines with an edge.
        sharpness: 1 for a hard mask edge, towards 0 as the edge blurs.
        smoothness: 1 for an edge that follows a smooth curve, towards 0 when noisy.

    """

    s: FloatArray
    offset_px: FloatArray
    chord_px: float
    depth_ratio: float
    position: float
    curve_deg: float
    found_ratio: float
    sharpness: float
    smoothness: float

    @property
    def quality(self) -> float:
        """Mask quality in [0, 1]: product of scan coverage, edge sharpness and smoothness."""
        return float(self.found_ratio * self.sharpness * self.smoothness)


def sample_bilinear(mask: Mask, x: FloatArray, y: FloatArray) -> FloatArray:
    """Mask values at pixel positions ``x``, ``y`` (any equal shapes); 0 outside the image."""
    h, w = mask.shape
    inside = (x >= 0) & (x <= w - 1) & (y >= 0) & (y <= h - 1)
    xc, yc = np.clip(x, 0, w - 1), np.clip(y, 0, h - 1)
    x0, y0 = np.floor(xc).astype(int), np.floor(yc).astype(int)
    x1, y1 = np.minimum(x0 + 1, w - 1), np.minimum(y0 + 1, h - 1)
    fx, fy = xc - x0, yc - y0

    def at(rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp]) -> FloatArray:
        return mask[rows, cols].astype(np.float64)  # the samples only, never a float64 copy of the whole mask

    top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx
    bot = at(y1, x0) * (1 - fx) + at(y1, x1) * fx
    return np.where(inside, top * (1 - fy) + bot * fy, 0.0)


def _crossings(d: FloatArray, profiles: FloatArray, level: float) -> FloatArray:
    """Per row of ``profiles`` ``(lines, samples)``: the outward distance where it first falls below ``level``.

    NaN for a row that starts below ``level`` (outside the body) or never falls below it.
    """
    below = profiles < level
    i = np.argmax(below, axis=1)
    found = below.any(axis=1) & (i > 0)
    i = np.where(found, i, 1)
    rows = np.arange(profiles.shape[0])
    v0, v1 = profiles[rows, i - 1], profiles[rows, i]
    with np.errstate(divide="ignore", invalid="ignore"):
        at = d[i - 1] + (v0 - level) / (v0 - v1) * (d[i] - d[i - 1])
    return np.where(found, at, math.nan)


def _drop_occluded(
    offset: FloatArray,
    s: FloatArray,
    hip: FloatArray,
    u: FloatArray,
    n: FloatArray,
    chord: float,
    occluders: FloatArray | None,
) -> None:
    """Blank the scan lines passing within 0.12 chord of an elbow or wrist on the back side (in place)."""
    if occluders is None:
        return
    for q in occluders:
        if not np.isfinite(q).all():
            continue
        along, across = float((q - hip) @ u) / chord, float((q - hip) @ n) / chord
        if across > -0.1:
            offset[np.abs(s - along) < 0.12] = math.nan


def _edge_quality(offset: FloatArray, hi_edge: FloatArray, lo_edge: FloatArray, chord: float) -> tuple[float, float]:
    """(sharpness, smoothness) in (0, 1] of the traced edge: a blurred or ragged outline is less sure."""
    width = np.nanmedian(lo_edge - hi_edge) if np.isfinite(lo_edge - hi_edge).any() else chord
    sharpness = float(1.0 / (1.0 + max(float(width) - 1.0, 0.0) / (0.02 * chord)))
    # Edge noise: rms second difference / sqrt(6) estimates white noise (a smooth curve adds little).
    d2 = np.diff(offset, 2)
    d2 = d2[np.isfinite(d2)]
    noise = float(np.sqrt(np.mean(d2**2)) / math.sqrt(6.0)) / chord if d2.size else 1.0
    return sharpness, float(1.0 / (1.0 + noise / 0.01))


def _curve(
    s: FloatArray, offset: FloatArray, ok: npt.NDArray[np.bool_], chord: float, st: LumbopelvicSettings
) -> tuple[float, float, float]:
    """(lumbar depth / chord, its position along the chord, curve angle deg) of a traced edge."""
    coef = np.polyfit(s[ok], offset[ok], 3)
    # Baseline: the straight line joining the edge at the sacral and the thoracic end.
    ends = max(2, st.scan_lines // 10)
    padded = np.pad(np.interp(s, s[ok], offset[ok]), 1, mode="edge")
    fit = np.median(np.stack([padded[:-2], padded[1:-1], padded[2:]]), axis=0)  # 3-line median
    y0, y1 = float(np.mean(fit[:ends])), float(np.mean(fit[-ends:]))
    s0, s1 = float(np.mean(s[:ends])), float(np.mean(s[-ends:]))
    dip = y0 + (y1 - y0) * (s - s0) / (s1 - s0) - fit  # + where the edge comes in towards the chord (arched)
    k = int(np.argmax(np.abs(np.where(s <= st.lumbar_to, dip, 0.0))))
    deriv = np.polyder(coef)
    slope_lo = float(np.polyval(deriv, st.scan_from)) / chord
    slope_hi = float(np.polyval(deriv, st.lumbar_to)) / chord
    return float(dip[k]) / chord, float(s[k]), math.degrees(math.atan(slope_hi) - math.atan(slope_lo))


def trace_back(
    mask: Mask,
    hip: FloatArray,
    shoulder: FloatArray,
    back_dir: FloatArray,
    settings: LumbopelvicSettings | None = None,
    occluders: FloatArray | None = None,
    scans: dict[tuple[float, float], tuple[FloatArray, FloatArray, FloatArray]] | None = None,
) -> BackContour | None:
    """Trace the back edge between ``hip`` and ``shoulder`` (pixels) on the ``back_dir`` side.

    ``back_dir`` is any image vector pointing from the body towards its back (e.g. ``(-1, 0)``
    for someone standing and facing image right). ``occluders`` ``(k, 2)`` are points (elbows,
    wrists) that may cover the back: scan lines passing within 0.12 chord of one on the back
    side are dropped. Returns None when the chord is degenerate. ``scans``: the edge crossings
    already found on the same mask and chord, by scan direction (several back directions that
    scan the same side of the chord read the mask once).
    """
    st = settings or LumbopelvicSettings()
    axis = shoulder - hip
    chord = float(np.hypot(*axis))
    if not (math.isfinite(chord) and chord >= 8):
        return None
    u = axis / chord
    n = np.array([-u[1], u[0]])
    if float(n @ back_dir) < 0:
        n = -n
    s = np.linspace(st.scan_from, st.scan_to, st.scan_lines)
    d = np.arange(0.0, st.scan_reach * chord, 0.5)
    base = hip[None, :] + (s[:, None] * chord) * u[None, :]
    side = (float(n[0]), float(n[1]))
    found = scans.get(side) if scans is not None else None
    if found is None:
        prof = sample_bilinear(mask, base[:, None, 0] + d[None, :] * n[0], base[:, None, 1] + d[None, :] * n[1])
        found = (_crossings(d, prof, st.threshold), _crossings(d, prof, 0.8), _crossings(d, prof, 0.2))
        if scans is not None:
            scans[side] = found
    offset, hi_edge, lo_edge = found[0].copy(), found[1], found[2]
    _drop_occluded(offset, s, hip, u, n, chord, occluders)
    ok = np.isfinite(offset)
    if ok.sum() < 6:
        return BackContour(s, offset, chord, math.nan, math.nan, math.nan, float(ok.mean()), 0.0, 0.0)
    sharpness, smoothness = _edge_quality(offset, hi_edge, lo_edge, chord)
    depth, where, curve = _curve(s, offset, ok, chord, st)
    return BackContour(s, offset, chord, depth, where, curve, float(ok.mean()), sharpness, smoothness)


def bottom_edge(mask: Mask, x_from: float, x_to: float, threshold: float = 0.5) -> tuple[FloatArray, FloatArray]:
    """Lowest mask row (sub-pixel, y down) of each column in ``[x_from, x_to]``; NaN where empty."""
    h, w = mask.shape
    cols = np.arange(max(0, math.floor(x_from)), min(w - 1, math.ceil(x_to)) + 1)
    ys = np.full(cols.shape, np.nan)
    columns = mask[:, cols]  # (h, len(cols)): only these columns are read
    sub = columns >= threshold  # compared in the mask's own type, as always
    block = np.asarray(columns, dtype=np.float64)
    has = sub.any(axis=0)
    last = h - 1 - np.argmax(sub[::-1], axis=0)
    j = np.flatnonzero(has)
    r = last[j]
    inner = r + 1 < h
    v0 = block[r, j]
    v1 = block[np.minimum(r + 1, h - 1), j]
    step = v0 != v1
    ratio = np.divide(v0 - threshold, v0 - v1, out=np.zeros_like(v0), where=step)
    ys[j] = np.where(inner, np.where(step, r + ratio, r + 0.5), r)
    return cols.astype(np.float64), ys


def _upper_hull_y(x: FloatArray, y: FloatArray) -> FloatArray:
    """The hull under a y-down profile (largest y), evaluated at ``x``: the floor line touching its supports."""
    pts: list[tuple[float, float]] = []
    for xi, yi in zip(x.tolist(), y.tolist(), strict=True):
        while len(pts) >= 2:
            (xa, ya), (xb, yb) = pts[-2], pts[-1]
            # keep only turns that keep the hull below (larger y) the profile
            if (xb - xa) * (yi - ya) - (yb - ya) * (xi - xa) >= 0:
                pts.pop()
            else:
                break
        pts.append((xi, yi))
    hx, hy = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    return np.asarray(np.interp(x, hx, hy), dtype=np.float64)


def floor_gap(
    mask: Mask,
    hip: FloatArray,
    shoulder: FloatArray,
    lumbar_to: float = 0.6,
    threshold: float = 0.5,
) -> tuple[float, float]:
    """Largest lift of the lower back off the floor line, pixels, and the fraction of columns found.

    For a lying person: the floor line is the lower hull of the body's bottom edge between
    the shoulder and a little beyond the hip (the shoulder blades and the buttocks touch the
    floor); the gap is measured over the lumbar part of the hip-shoulder span.
    """
    span = float(shoulder[0] - hip[0])
    if not math.isfinite(span) or abs(span) < 8:
        return math.nan, 0.0
    x_a, x_b = sorted((hip[0] - 0.35 * span, shoulder[0] + 0.1 * span))
    x, y = bottom_edge(mask, x_a, x_b, threshold)
    ok = np.isfinite(y)
    if ok.sum() < 6:
        return math.nan, float(ok.mean()) if ok.size else 0.0
    floor = _upper_hull_y(x[ok], y[ok])
    gap = floor - y[ok]
    frac = (x[ok] - hip[0]) / span
    lumbar = (frac >= 0.0) & (frac <= lumbar_to)
    if not lumbar.any():
        return math.nan, float(ok.mean())
    return float(np.max(gap[lumbar])), float(ok.mean())
