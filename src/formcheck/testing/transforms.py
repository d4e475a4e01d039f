"""What people's footage does to a recording: crops, mirror, another angle, frame rates, speed, occlusion, jitter.

Every transformation takes the frames of a real MediaPipe recording and returns the frames the
same movement would give filmed another way, so that a count can be checked to survive it
(``bench/robustness.py`` and the robustness tests). Pure numpy.

- **crops** (:func:`cut_feet`, :func:`cut_head`, :func:`cut_side`): the picture's edge moved
  into the body; landmarks beyond it stay where MediaPipe would guess them (outside the new
  picture) with their visibility lowered to ``OUTSIDE_VISIBILITY``, as MediaPipe does;
- :func:`mirror`: the picture flipped left-right (MediaPipe then names the legs the other way);
- :func:`turned`: filmed from a camera turned about the person and tilted (``views.refilm``);
- :func:`frame_rate`: fewer frames a second; :func:`speed`: the movement done faster or slower,
  resampled to the original frame rate;
- :func:`hide_leg`: one leg hidden (behind furniture or the other leg) for a while;
- :func:`jitter`: landmark noise of a fraction of the body's height.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from formcheck.core.landmarks import Lm, Side, side_lm
from formcheck.core.types import FloatArray, PoseFrame
from formcheck.testing.views import refilm

Frames = list[PoseFrame]
OUTSIDE_VISIBILITY = 0.3
"""Visibility MediaPipe gives a landmark it places outside the picture (a guess, 0.05-0.5 on real clips)."""
OUTSIDE_NOISE = 0.03
"""...and the guess is off by this share of the body's height (random, per frame and landmark)."""
LEG_POINTS = ("knee", "ankle", "heel", "foot_index")


def _detected(frames: Sequence[PoseFrame]) -> list[PoseFrame]:
    return [f for f in frames if f.detected]


def _median_point(frames: Sequence[PoseFrame], idx: Sequence[int]) -> FloatArray:
    """``(2,)`` median over the clip of the mean position of ``idx`` (pixels)."""
    pts = [np.nanmean(f.xy[list(idx)], axis=0) for f in _detected(frames)]
    return np.asarray(np.nanmedian(np.array(pts), axis=0), dtype=np.float64) if pts else np.full(2, np.nan)


def crop(frames: Sequence[PoseFrame], edge: str, at_px: float, seed: int = 0) -> Frames:
    """The picture cut at ``at_px`` (image coordinates) on ``edge`` (top, bottom, left or right).

    Landmarks left outside keep MediaPipe's kind of guess: a lower visibility and an error of
    ``OUTSIDE_NOISE`` of the body's height.
    """
    rng = np.random.default_rng(seed)
    sigma = OUTSIDE_NOISE * body_height_px(frames)
    out = []
    for f in frames:
        w, h = f.image_size
        shift = np.zeros(2)
        if edge == "left":
            shift[0], size = -at_px, (round(w - at_px), h)
        elif edge == "top":
            shift[1], size = -at_px, (w, round(h - at_px))
        elif edge == "right":
            size = (round(at_px), h)
        else:
            size = (w, round(at_px))
        xy = f.xy + shift
        with np.errstate(invalid="ignore"):
            outside = (xy[:, 0] < 0) | (xy[:, 0] > size[0]) | (xy[:, 1] < 0) | (xy[:, 1] > size[1])
        vis = np.where(outside, np.minimum(f.visibility, OUTSIDE_VISIBILITY), f.visibility)
        if np.isfinite(sigma):
            xy = np.where(outside[:, None], xy + rng.normal(0.0, sigma, xy.shape), xy)
        out.append(replace(f, xy=xy, visibility=vis, image_size=size))
    return out


def _edge_towards(direction: FloatArray) -> str:
    """The picture edge a direction (image axes) points at."""
    if abs(direction[0]) >= abs(direction[1]):
        return "right" if direction[0] > 0 else "left"
    return "bottom" if direction[1] > 0 else "top"


def _cut_at(
    frames: Sequence[PoseFrame],
    inner: FloatArray,
    outer: FloatArray,
    fraction: float,
    axis_from: FloatArray | None = None,
) -> Frames:
    """Crop on the edge ``outer`` lies towards, ``fraction`` of the way back from ``outer`` to ``inner``.

    The edge is the one the body's axis points at: from ``axis_from`` (default ``inner``) to ``outer``.
    """
    direction = outer - inner
    edge = _edge_towards(outer - (inner if axis_from is None else axis_from))
    axis = 0 if edge in ("left", "right") else 1
    at = float(outer[axis] - fraction * direction[axis])
    return crop(frames, edge, at)


def cut_feet(frames: Sequence[PoseFrame], fraction: float = 0.2) -> Frames:
    """Tight framing at the feet: the edge beyond the feet moved ``fraction`` of the hip-to-ankle length in."""
    hips = _median_point(frames, [int(Lm.LEFT_HIP), int(Lm.RIGHT_HIP)])
    ankles = _median_point(frames, [int(Lm.LEFT_ANKLE), int(Lm.RIGHT_ANKLE)])
    return _cut_at(frames, hips, ankles, fraction)


def cut_head(frames: Sequence[PoseFrame], fraction: float = 0.6) -> Frames:
    """Tight framing at the head: the edge beyond the head moved ``fraction`` of the shoulder-to-nose length in.

    The edge is the one the trunk points at (hips to nose): the top for a person upright, whichever way
    the head leans.
    """
    shoulders = _median_point(frames, [int(Lm.LEFT_SHOULDER), int(Lm.RIGHT_SHOULDER)])
    hips = _median_point(frames, [int(Lm.LEFT_HIP), int(Lm.RIGHT_HIP)])
    nose = _median_point(frames, [int(Lm.NOSE)])
    return _cut_at(frames, shoulders, nose, fraction, axis_from=hips)  # the edge the trunk points at


def cut_side(frames: Sequence[PoseFrame], fraction: float = 0.15, edge: str = "left") -> Frames:
    """``fraction`` of the picture's width cut off one side (``left`` or ``right``)."""
    w = frames[0].image_size[0] if frames else 0
    return crop(frames, edge, fraction * w if edge == "left" else (1 - fraction) * w)


def _swap_sides(values: FloatArray) -> FloatArray:
    out = values.copy()
    for lm in Lm:
        if lm.name.startswith("LEFT_"):
            other = Lm[lm.name.replace("LEFT_", "RIGHT_", 1)]
            out[int(lm)], out[int(other)] = values[int(other)], values[int(lm)]
    return out


def mirror(frames: Sequence[PoseFrame]) -> Frames:
    """The picture flipped left-right: x mirrored, the legs and arms named the other way."""
    out = []
    for f in frames:
        xy = f.xy.copy()
        xy[:, 0] = f.image_size[0] - xy[:, 0]
        world = None
        if f.world is not None:
            world = f.world.copy()
            world[:, 0] = -world[:, 0]
            world = _swap_sides(world)
        out.append(replace(f, xy=_swap_sides(xy), visibility=_swap_sides(f.visibility), world=world))
    return out


def turned(frames: Sequence[PoseFrame], yaw_deg: float, tilt_deg: float = 15.0) -> Frames:
    """Filmed from a camera turned ``yaw_deg`` about the person and tilted ``tilt_deg`` down."""
    return refilm(frames, yaw_deg=yaw_deg, tilt_deg=tilt_deg)


def frame_rate(frames: Sequence[PoseFrame], fps: float) -> Frames:
    """Every n-th frame, so that about ``fps`` frames a second are left (never more than there were)."""
    if len(frames) < 2:
        return list(frames)
    source = (len(frames) - 1) / max(frames[-1].t - frames[0].t, 1e-9)
    step = max(1, round(source / fps))
    return list(frames[::step])


def _blend(a: PoseFrame, b: PoseFrame, w: float, index: int, t: float) -> PoseFrame:
    """A frame between ``a`` and ``b`` (``w`` = 0 at a, 1 at b); not detected when either is not."""
    if not (a.detected and b.detected):
        return PoseFrame.missing(index, t, a.image_size)
    world = None
    if a.world is not None and b.world is not None:
        world = (1 - w) * a.world + w * b.world
    return replace(
        a,
        index=index,
        t=t,
        xy=(1 - w) * a.xy + w * b.xy,
        visibility=np.minimum(a.visibility, b.visibility),
        world=world,
    )


def speed(frames: Sequence[PoseFrame], factor: float) -> Frames:
    """The movement ``factor`` times as fast (1.4 faster, 0.7 slower), resampled at the original frame rate."""
    if len(frames) < 2:
        return list(frames)
    times = np.array([f.t for f in frames])
    dt = float(np.median(np.diff(times)))
    new_t = np.arange(times[0], times[0] + (times[-1] - times[0]) / factor + 1e-9, dt)
    out = []
    for i, t in enumerate(new_t):
        src = times[0] + (t - times[0]) * factor
        j = int(np.clip(np.searchsorted(times, src, side="right") - 1, 0, len(frames) - 2))
        w = float(np.clip((src - times[j]) / max(times[j + 1] - times[j], 1e-9), 0.0, 1.0))
        out.append(_blend(frames[j], frames[j + 1], w, i, float(t)))
    return out


def hide_leg(frames: Sequence[PoseFrame], side: Side, start_s: float, duration_s: float) -> Frames:
    """``side``'s leg unseen (visibility 0, as when hidden behind furniture) from ``start_s`` for ``duration_s``."""
    idx = [int(side_lm(side, p)) for p in LEG_POINTS]
    out = []
    for f in frames:
        if start_s <= f.t < start_s + duration_s and f.detected:
            vis = f.visibility.copy()
            vis[idx] = 0.0
            f = replace(f, visibility=vis)
        out.append(f)
    return out


def body_height_px(frames: Sequence[PoseFrame]) -> float:
    """Median over the clip of the body's length in the picture: nose to the mid-ankle, pixels."""
    lengths = [
        float(np.linalg.norm(f.xy[int(Lm.NOSE)] - np.nanmean(f.xy[[int(Lm.LEFT_ANKLE), int(Lm.RIGHT_ANKLE)]], axis=0)))
        for f in _detected(frames)
    ]
    finite = [v for v in lengths if math.isfinite(v)]
    return float(np.median(finite)) if finite else math.nan


def jitter(frames: Sequence[PoseFrame], fraction: float = 0.015, seed: int = 0) -> Frames:
    """Each landmark moved at random by ``fraction`` of the body's height (pixels; world: of 1.7 m)."""
    rng = np.random.default_rng(seed)
    sigma = fraction * body_height_px(frames)
    out = []
    for f in frames:
        if not f.detected or not math.isfinite(sigma):
            out.append(f)
            continue
        world = None if f.world is None else f.world + rng.normal(0.0, fraction * 1.7, f.world.shape)
        out.append(replace(f, xy=f.xy + rng.normal(0.0, sigma, f.xy.shape), world=world))
    return out


Transformation = Callable[[Sequence[PoseFrame]], Frames]


def _middle(frames: Sequence[PoseFrame]) -> float:
    return 0.5 * (frames[0].t + frames[-1].t) if frames else 0.0


TRANSFORMATIONS: dict[str, Transformation] = {
    "feet cut off (20% of the legs)": cut_feet,
    "head cut off": cut_head,
    "left 15% cut off": lambda f: cut_side(f, 0.15, "left"),
    "right 15% cut off": lambda f: cut_side(f, 0.15, "right"),
    "mirrored": mirror,
    "turned 30 deg, tilted 15": lambda f: turned(f, 30.0),
    "turned 45 deg, tilted 15": lambda f: turned(f, 45.0),
    "15 fps": lambda f: frame_rate(f, 15.0),
    "0.7x as fast": lambda f: speed(f, 0.7),
    "1.4x as fast": lambda f: speed(f, 1.4),
    "left leg hidden 0.6 s": lambda f: hide_leg(f, Side.LEFT, _middle(f) - 0.3, 0.6),
    "right leg hidden 1 s": lambda f: hide_leg(f, Side.RIGHT, _middle(f) - 0.5, 1.0),
    "jitter 1.5% of height": jitter,
}
"""The robustness matrix's columns: name -> transformation of a recording's frames."""
SPEED_FACTORS = {"0.7x as fast": 0.7, "1.4x as fast": 1.4}
"""The transformations that change the time things take (labels scale by 1 / factor)."""
