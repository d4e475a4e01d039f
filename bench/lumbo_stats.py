"""Statistics of bench/lumbo_clips.py outputs for the issue-4 acceptance checks.

Usage: python bench/lumbo_stats.py back_ext.json plank.json standing.json
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np


def arr(d: dict[str, list[float | None]], k: str) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in d.get(k, [])], dtype=float)


def smooth(x: np.ndarray, n: int = 5) -> np.ndarray:
    """Centred moving mean over finite values (NaN where none)."""
    ok = np.isfinite(x)
    num = np.convolve(np.where(ok, x, 0.0), np.ones(n), "same")
    den = np.convolve(ok.astype(float), np.ones(n), "same")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def back_extension(d: dict[str, list[float | None]]) -> None:
    trunk = arr(d, "trunk_incl_deg")
    print(f"[back extension] frames {len(trunk)}, contour values {np.isfinite(arr(d, 'lumbar_depth_pct')).sum()}")
    for k in ("lumbar_depth_pct", "lumbar_curve_deg", "pelvic_tilt_proxy_deg"):
        v = arr(d, k)
        ok = np.isfinite(v) & np.isfinite(trunk)
        r = np.corrcoef(v[ok], trunk[ok])[0, 1] if ok.sum() > 3 else np.nan
        vs = smooth(v)
        ok2 = np.isfinite(vs) & np.isfinite(trunk)
        r2 = np.corrcoef(vs[ok2], trunk[ok2])[0, 1] if ok2.sum() > 3 else np.nan
        print(f"  {k}: n={ok.sum()} r(trunk elevation)={r:+.2f}; 5-frame smoothed r={r2:+.2f}")
    # Rep phases from the trunk: top = trunk elevation above its median, cycles = rising crossings.
    ts = smooth(trunk, 7)
    med = np.nanmedian(ts)
    up = ts > med
    starts = np.flatnonzero(up[1:] & ~up[:-1]) + 1
    print(f"  trunk cycles (rising crossings of median): {len(starts)}")
    for key in ("lumbar_depth_pct", "lumbar_curve_deg"):
        v = smooth(arr(d, key))
        rises, diffs = 0, []
        bounds = [*starts.tolist(), len(v)]
        for a, b in itertools.pairwise(bounds):
            seg = v[a:b]
            top, bottom = seg[up[a:b]], seg[~up[a:b]]
            if np.isfinite(top).any() and np.isfinite(bottom).any():
                diff = np.nanmean(top) - np.nanmean(bottom)
                rises += int(diff > 0)
                diffs.append(round(float(diff), 2))
        print(f"  {key}: top-phase minus bottom-phase per cycle {diffs}; higher at the top in {rises}/{len(starts)}")


def plank(d: dict[str, list[float | None]]) -> None:
    for k in ("lumbar_depth_pct", "lumbar_depth_change_pct", "lumbar_curve_change_deg", "contour_confidence"):
        v = arr(d, k)
        v = v[np.isfinite(v)]
        if v.size:
            print(
                f"[plank] {k}: n={v.size} median {np.median(v):+.2f} p5 {np.percentile(v, 5):+.2f} "
                f"p95 {np.percentile(v, 95):+.2f} max {v.max():+.2f}"
            )


def plank_hold(d: dict[str, list[float | None]]) -> None:
    """Neutral re-set at the start of the hold (trunk within 20 deg of horizontal), as an analyzer would."""
    trunk, v = arr(d, "trunk_incl_deg"), arr(d, "lumbar_depth_pct")
    hold = np.abs(trunk) < 20
    settled = hold & (np.cumsum(hold) > 24)  # skip the first second of getting into position
    vals = v[settled & np.isfinite(v)]
    if vals.size > 15:
        change = vals - np.median(vals[:15])
        print(
            f"[plank hold] frames {vals.size}: depth change from hold start median {np.median(change):+.2f} "
            f"p95 {np.percentile(change, 95):+.2f} max {change.max():+.2f} % of torso"
        )


def standing(d: dict[str, list[float | None]]) -> None:
    left, right = arr(d, "thigh_elevation_deg.left"), arr(d, "thigh_elevation_deg.right")
    stand = (left < -55) & (right < -55) if left.size else np.ones(len(arr(d, "t")), bool)
    print(f"[standing] frames standing (both thighs below -55 deg): {stand.sum()} of {len(stand)}")
    for k in ("lumbar_depth_pct", "lumbar_curve_deg", "pelvic_tilt_proxy_deg", "contour_confidence"):
        v = arr(d, k)[stand]
        v = v[np.isfinite(v)]
        if v.size:
            print(
                f"  {k}: n={v.size} median {np.median(v):+.2f} std {v.std():.2f} "
                f"p5..p95 {np.percentile(v, 5):+.2f}..{np.percentile(v, 95):+.2f}"
            )


if __name__ == "__main__":
    data = [json.loads(Path(p).read_text()) for p in sys.argv[1:4]]
    back_extension(data[0])
    plank(data[1])
    plank_hold(data[1])
    standing(data[2])
