"""Lumbar curve depth, floor gap and confidence on drawn silhouettes with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formcheck.analysis.measure.back_contour import floor_gap, trace_back
from formcheck.analysis.measure.lumbopelvic import LumbopelvicTracker
from formcheck.analysis.measure.tracker import BodyFrame
from formcheck.core.landmarks import Lm
from formcheck.core.types import PoseFrame

HIP = np.array([200.0, 300.0])
SHOULDER = np.array([200.0, 100.0])  # chord 200 px, vertical; person faces image right
CHORD = 200.0


def bump(s: np.ndarray, a: float = 0.12, b: float = 0.55) -> np.ndarray:
    """0 outside [a, b], rising smoothly to 1 in the middle (lumbar lordosis shape)."""
    inside = (s >= a) & (s <= b)
    return np.where(inside, np.sin(np.pi * (s - a) / (b - a)) ** 2, 0.0)


def standing_mask(depth_px: float, *, noise_px: float = 0.0, blur_px: float = 0.0, seed: int = 0) -> np.ndarray:
    """A torso band whose back (left) edge dips in by ``depth_px`` over the lumbar region."""
    h, w = 400, 400
    rng = np.random.default_rng(seed)
    ys = np.arange(h, dtype=float)
    s = (HIP[1] - ys) / CHORD
    edge = HIP[0] - 40.0 + depth_px * bump(s) + rng.normal(0, noise_px, h)
    xs = np.arange(w, dtype=float)[None, :]
    if blur_px > 0:
        mask = 1.0 / (1.0 + np.exp(-(xs - edge[:, None]) / blur_px))
    else:
        mask = np.clip(xs - edge[:, None] + 0.5, 0.0, 1.0)
    mask = mask * (xs <= HIP[0] + 40.0)
    mask[(ys < 60) | (ys > 340), :] = 0.0
    return mask.astype(np.float32)


@pytest.mark.parametrize("depth_px", [8.0, 16.0, 30.0])
def test_drawn_lordosis_depth_within_10_percent(depth_px: float) -> None:
    c = trace_back(standing_mask(depth_px), HIP, SHOULDER, np.array([-1.0, 0.0]))
    assert c is not None
    measured = c.depth_ratio * CHORD
    assert measured == pytest.approx(depth_px, rel=0.10)
    assert 0.2 <= c.position <= 0.45  # drawn deepest point at s = 0.335
    assert c.curve_deg > 0


def test_straight_back_measures_straight() -> None:
    c = trace_back(standing_mask(0.0), HIP, SHOULDER, np.array([-1.0, 0.0]))
    assert c is not None
    assert abs(c.depth_ratio * CHORD) < 0.5
    assert abs(c.curve_deg) < 1.0
    assert c.found_ratio == 1.0 and c.quality > 0.8


def test_noisy_and_blurred_edges_lower_confidence() -> None:
    clean = trace_back(standing_mask(16.0), HIP, SHOULDER, np.array([-1.0, 0.0]))
    noisy = trace_back(standing_mask(16.0, noise_px=4.0, seed=3), HIP, SHOULDER, np.array([-1.0, 0.0]))
    blurred = trace_back(standing_mask(16.0, blur_px=6.0), HIP, SHOULDER, np.array([-1.0, 0.0]))
    assert clean is not None and noisy is not None and blurred is not None
    assert noisy.smoothness < clean.smoothness - 0.3
    assert blurred.sharpness < clean.sharpness - 0.3
    assert max(noisy.quality, blurred.quality) < clean.quality - 0.3


def test_back_on_the_wrong_side_finds_no_concavity() -> None:
    # Scanning the front (straight) edge: no curve there.
    c = trace_back(standing_mask(20.0), HIP, SHOULDER, np.array([1.0, 0.0]))
    assert c is not None and abs(c.depth_ratio * CHORD) < 0.5


def lying_mask(gap_px: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A supine body (head left) on a floor at y = 300, lower back lifted by ``gap_px``."""
    h, w = 360, 640
    hip, shoulder = np.array([380.0, 270.0]), np.array([180.0, 270.0])
    xs = np.arange(w, dtype=float)
    frac = (xs - hip[0]) / (shoulder[0] - hip[0])
    bottom = 300.0 - gap_px * bump(frac, 0.05, 0.55)
    top = np.full(w, 240.0)
    ys = np.arange(h, dtype=float)[:, None]
    mask = np.clip(bottom[None, :] - ys + 0.5, 0, 1) * np.clip(ys - top[None, :] + 0.5, 0, 1)
    mask[:, (xs < 100) | (xs > 560)] = 0.0
    return mask.astype(np.float32), hip, shoulder


@pytest.mark.parametrize("gap_px", [6.0, 12.0, 25.0])
def test_drawn_floor_gap_within_10_percent(gap_px: float) -> None:
    mask, hip, shoulder = lying_mask(gap_px)
    gap, frac = floor_gap(mask, hip, shoulder)
    assert gap == pytest.approx(gap_px, rel=0.10)
    assert frac == 1.0


def test_flat_back_on_floor_has_no_gap() -> None:
    mask, hip, shoulder = lying_mask(0.0)
    gap, _ = floor_gap(mask, hip, shoulder)
    assert abs(gap) < 0.5


def test_tilted_camera_floor_line_follows_contacts() -> None:
    mask, hip, shoulder = lying_mask(12.0)
    # Shear the image so the floor slopes by ~5 deg: shift each column down by 0.09 px per px.
    h, w = mask.shape
    sheared = np.zeros_like(mask)
    for x in range(w):
        k = max(0, round(0.09 * (x - 100)))
        sheared[k:, x] = mask[: h - k, x] if k > 0 else mask[:, x]
    hip2 = hip + np.array([0, 0.09 * (hip[0] - 100)])
    sh2 = shoulder + np.array([0, 0.09 * (shoulder[0] - 100)])
    gap, _ = floor_gap(sheared, hip2, sh2)
    assert gap == pytest.approx(12.0, rel=0.15)


def _pose_and_body(mask: np.ndarray | None, t: float, lean_deg: float = 0.0) -> tuple[PoseFrame, BodyFrame]:
    xy = np.full((33, 2), np.nan)
    vis = np.zeros(33)
    sh = SHOULDER + CHORD * np.array([math.sin(math.radians(lean_deg)), 1 - math.cos(math.radians(lean_deg))])
    for lm, p in (
        (Lm.LEFT_SHOULDER, sh),
        (Lm.RIGHT_SHOULDER, sh + np.array([4.0, 0.0])),
        (Lm.LEFT_HIP, HIP),
        (Lm.RIGHT_HIP, HIP + np.array([4.0, 0.0])),
    ):
        xy[lm] = p
        vis[lm] = 0.95
    pose = PoseFrame(int(t * 30), t, xy, vis, (400, 400), mask=mask)
    body = BodyFrame(t, True, True, (), 1, xy, 1.0, 0.05, CHORD, 150.0)
    return pose, body


def test_tracker_reports_change_from_neutral_with_kinds() -> None:
    tr = LumbopelvicTracker("standing")
    series: dict[str, list[float]] = {}
    for i in range(40):
        depth = 10.0 if i < 20 else 22.0
        pose, body = _pose_and_body(standing_mask(depth), i / 30)
        m = tr.update(pose, body).metrics()
        for k, v in m.items():
            series.setdefault(k, []).append(v)
    change = np.array(series["lumbar_depth_change_pct"])
    assert abs(change[10]) < 0.5
    assert change[-1] == pytest.approx(6.0, abs=0.6)  # (22 - 10) px / 200 px = 6 %
    assert np.nanmax(change) == pytest.approx(6.0, abs=0.6)
    assert np.nanmin(series["contour_confidence"]) > 0.4
    frame = tr.update(*_pose_and_body(standing_mask(22.0), 2.0))
    assert frame.readings["lumbar_depth_pct"].kind == "contour"
    assert frame.readings["pelvic_tilt_proxy_deg"].kind == "landmark proxy"
    assert not tr.warnings()


def test_tracker_without_mask_keeps_proxies_and_warns() -> None:
    tr = LumbopelvicTracker("standing")
    for i in range(30):
        lean = 0.0 if i < 20 else 8.0
        m = tr.update(*_pose_and_body(None, i / 30, lean)).metrics()
    assert math.isnan(m["lumbar_depth_pct"])
    assert m["pelvic_tilt_proxy_deg"] == pytest.approx(8.0, abs=0.5)
    assert tr.warnings() and "no segmentation mask" in tr.warnings()[0]


def test_front_view_leaves_side_values_out_with_reason() -> None:
    tr = LumbopelvicTracker("standing")
    pose, _body = _pose_and_body(standing_mask(10.0), 0.0)
    front = BodyFrame(0.0, True, True, (), 1, pose.xy, 1.0, 0.9, CHORD, 150.0)
    frame = tr.update(pose, front)
    r = frame.readings["lumbar_depth_pct"]
    assert math.isnan(r.value) and r.confidence < 0.4 and r.reason
    assert math.isnan(frame.readings["pelvic_tilt_proxy_deg"].value)


def test_arm_over_the_back_drops_scan_lines_and_confidence() -> None:
    mask = standing_mask(16.0)
    mask[200:240, 130:175] = 1.0  # an elbow sticking out behind the lumbar region
    back = np.array([-1.0, 0.0])
    blind = trace_back(mask, HIP, SHOULDER, back)
    seen = trace_back(mask, HIP, SHOULDER, back, occluders=np.array([[150.0, 220.0]]))
    assert blind is not None and seen is not None
    assert blind.depth_ratio * CHORD < 0  # the arm reads as a rounded back when not excluded
    assert seen.found_ratio < 0.8  # the covered lines are dropped, not read as back
    assert seen.depth_ratio * CHORD > 8.0  # the arch around the arm is still seen
    assert blind.quality < 0.4  # the arm's step makes the edge rough: the blind reading is left out


def test_the_lower_back_is_measured_as_each_exercise_declares() -> None:
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.analysis.measure.table import LUMBOPELVIC_KEYS

    pose, _ = _pose_and_body(standing_mask(10.0), 0.0)

    def measured(name: str) -> set[str]:
        m = analyzer_for(name).observer.observe(pose).metrics
        return {k for k in (*LUMBOPELVIC_KEYS, "lumbar_arch_contour_deg") if math.isfinite(m.get(k, math.nan))}

    # the plank asks for the mask: the back contour is traced
    assert analyzer_for("plank").uses_mask and "contour_confidence" in measured("plank")
    # standing exercises pay no mask cost (hands on the hips hide the lumbar curve); they keep the
    # landmark pelvic-tilt proxy, its neutral taken at once
    knee = analyzer_for("standing-knee-raise")
    assert not knee.uses_mask and not analyzer_for("high-knees").uses_mask
    assert "pelvic_tilt_proxy_deg" in measured("standing-knee-raise")
    knee.step(pose)
    assert "pelvic_tilt_proxy_deg" in knee.finish().series
    # an exercise that does not measure the lower back has none of its values, mask or not
    assert measured("reverse-crunch") == set()
