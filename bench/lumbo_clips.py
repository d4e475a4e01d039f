"""Lumbopelvic readings on real clips (runs the pose model WITH the mask; a few clips only).

Usage: python bench/lumbo_clips.py CLIP POSTURE OUT.json [--model full]
Writes per-frame metrics (lumbopelvic + trunk inclination) to OUT.json and prints the mask
shape against the image size of the first detected frame. Analysis: bench/lumbo_stats.py.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np

from formcheck.analysis.measure.formulas import MeasureFrame
from formcheck.analysis.measure.lumbopelvic import SERIES_KEYS, LumbopelvicTracker
from formcheck.analysis.measure.table import measure
from formcheck.analysis.measure.tracker import BodyTracker
from formcheck.io.sources import VideoFileSource
from formcheck.pose.protocol import PoseSettings, open_estimator


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("clip", type=Path)
    ap.add_argument("posture", choices=["standing", "supine", "prone", "auto"])
    ap.add_argument("out", type=Path)
    ap.add_argument("--model", default="full")
    a = ap.parse_args()
    body_tr, lp = BodyTracker(), LumbopelvicTracker(a.posture)
    extra = ("thigh_elevation_deg.left", "thigh_elevation_deg.right", "trunk_lean_deg")
    rows: dict[str, list[float | None]] = {"t": [], "trunk_incl_deg": [], **{k: [] for k in (*SERIES_KEYS, *extra)}}
    shown = False
    t0 = time.perf_counter()
    n = 0
    with VideoFileSource(a.clip) as src, open_estimator(PoseSettings(a.model, with_mask=True)) as est:
        for frame in src:
            pose = est.estimate(frame)
            n += 1
            if pose.mask is not None and not shown and pose.detected:
                print(
                    f"image {frame.image.shape[1]}x{frame.image.shape[0]}  mask shape {pose.mask.shape}"
                    f" dtype {pose.mask.dtype} range {pose.mask.min():.2f}..{pose.mask.max():.2f}"
                )
                shown = True
            body = body_tr.update(pose)
            m = lp.update(pose, body).metrics()
            rows["t"].append(pose.t)
            sh, hip = body.xy[[11, 12]].mean(axis=0), body.xy[[23, 24]].mean(axis=0)
            incl = math.degrees(math.atan2(-(sh[1] - hip[1]), abs(sh[0] - hip[0]))) if body.detected else math.nan
            rows["trunk_incl_deg"].append(incl if math.isfinite(incl) else None)
            frame_values = {
                **measure(MeasureFrame(body, front=body.forward_sign or math.nan, flexion_3d=True, back=None), "body"),
                **measure(MeasureFrame(body, front=body.forward_sign or math.nan, flexion_3d=True, back=None), "front"),
            }
            m.update({k: frame_values.get(k, math.nan) for k in extra})
            for k in (*SERIES_KEYS, *extra):
                v = m[k]
                rows[k].append(round(v, 3) if math.isfinite(v) else None)
    dt = time.perf_counter() - t0
    print(f"{n} frames in {dt:.1f} s ({n / dt:.1f} fps); warnings: {lp.warnings()}")
    a.out.write_text(json.dumps(rows))
    found = np.array([v is not None for v in rows["lumbar_depth_pct"]])
    print(f"frames with a contour value: {found.sum()}/{n}")


if __name__ == "__main__":
    main()
