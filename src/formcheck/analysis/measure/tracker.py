"""The body from one :class:`PoseFrame` to the next: landmarks cleaned and followed over time.

:class:`BodyTracker` turns raw landmarks into a :class:`BodyFrame`: visibility-gated,
one-frame glitches held back, left/right leg labels made consistent (MediaPipe swaps them
now and then in side views), causally smoothed, with the facing direction, the body's scale,
the virtual side view built from the world landmarks and the framing check (which body
parts are in the picture). The metrics measured on it are the metric table's
(:mod:`formcheck.analysis.measure.table`).
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from formcheck.analysis.measure.parts import BODY_PARTS, WHOLE_BODY_PARTS
from formcheck.core import geometry as geo
from formcheck.core.landmarks import SWAP_PAIRS, Lm, Side, side_lm
from formcheck.core.sagittal import SagittalProjector
from formcheck.core.smoothing import OneEuroFilter, SpikeGate
from formcheck.core.types import FloatArray, PoseFrame

LEG_POINTS: tuple[int, ...] = tuple(int(lm) for pair in SWAP_PAIRS for lm in pair)
"""Knees, ankles, heels and toes of both legs: gated together against one-frame glitches."""


@dataclass(frozen=True)
class TrackerSettings:
    """Knobs of :class:`BodyTracker` (defaults calibrated on ../shared/eval clips)."""

    min_visibility: float = 0.5
    frame_margin_ratio: float = 0.01
    smoothing_min_cutoff_hz: float = 2.0
    smoothing_beta: float = 0.02
    swap_margin_ratio: float = 0.25
    facing_window: int = 15
    scale_window: int = 90
    use_world: bool = True
    """Measure angles in the virtual side view built from the world landmarks when the
    frame has them (:mod:`formcheck.core.sagittal`); image pixels otherwise."""
    spike_thighs: float = 0.6
    """A landmark jumping more than this many thigh lengths in one frame (at 30 fps) is held back a
    frame (:class:`~formcheck.core.smoothing.SpikeGate`): MediaPipe now and then places the legs
    far off for a single frame (both knees together mid-stride in life_enherance mountain climbers)."""
    spike_group_thighs: float = 0.35
    """The legs' points are held back together when they jump this far on average in one frame (a
    real stride moves one leg about 0.2 thigh lengths a frame; the glitches 0.5-1.0)."""
    outside_min_visibility: float = 0.1
    """A landmark MediaPipe places outside the picture is kept down to this visibility when it is near the
    picture (``outside_margin_ratio``): its guess for feet or a head just out of the picture is good enough
    to measure with (tight framing, portrait phones); farther out, or less sure, it is dropped."""
    outside_margin_ratio: float = 0.5
    """How far outside the picture (a share of its width or height) a guessed landmark may lie."""
    world_min_visibility: float = 0.1
    """World landmarks are kept down to this visibility (the model still places an occluded
    far leg plausibly); points outside the picture follow the rule of ``outside_min_visibility``."""


@dataclass(frozen=True)
class BodyFrame:
    """The body in one frame. NaN = not seen in this frame.

    Attributes:
        t: seconds.
        detected: a person was detected.
        in_view: every part of :data:`WHOLE_BODY_PARTS` visible and inside the image.
        missing_parts: names of the groups that are not in view (empty when ``in_view``).
        people: how many people the detector saw.
        xy: ``(33, 2)`` smoothed pixels, image axes, NaN where not visible.
        forward_sign: +1 facing image right, -1 facing left (side views); 0 unknown.
        shoulder_width_ratio: |shoulder-to-shoulder x| / torso length (small in side views).
        torso_px: mid-hip to mid-shoulder length in pixels.
        thigh_px: reference thigh length in pixels (running median).
        legs_swapped: leg labels were exchanged in this frame to keep them consistent.
        geo_xy: ``(33, 2)`` the coordinates the angles are measured on: the virtual side
            view in millimetres (y down) when world landmarks exist, else None (``xy``).
        geometry: ``"world"`` (virtual side view) or ``"image"`` (pixels): what ``measure_xy`` is.
        world: ``(33, 3)`` smoothed world landmarks, metres (None without them).
        scale: reference thigh length in the units of ``measure_xy`` (running median).
        off_side_deg: the camera's angle from side-on, degrees (NaN without world landmarks).
        pose: the frame's raw pose (None for a frame built without one).

    """

    t: float
    detected: bool
    in_view: bool
    missing_parts: tuple[str, ...]
    people: int
    xy: FloatArray
    forward_sign: float
    shoulder_width_ratio: float
    torso_px: float
    thigh_px: float
    legs_swapped: bool = False
    geo_xy: FloatArray | None = None
    geometry: str = "image"
    world: FloatArray | None = None
    scale: float = float("nan")
    off_side_deg: float = float("nan")
    pose: PoseFrame | None = field(default=None, repr=False, compare=False)

    @property
    def measure_xy(self) -> FloatArray:
        """``geo_xy`` when present, else ``xy``."""
        return self.xy if self.geo_xy is None else self.geo_xy

    def point(self, lm: Lm) -> FloatArray:
        """``(2,)`` smoothed pixel position of one landmark (NaN if not visible)."""
        return np.asarray(self.xy[int(lm)], dtype=np.float64)


def nanmean2(a: FloatArray, b: FloatArray) -> FloatArray:
    """Mean of two points, falling back to whichever exists (NaN when neither)."""
    both = np.where(np.isfinite(b), (a + b) / 2.0, a)
    return np.asarray(np.where(np.isfinite(a), both, b), dtype=np.float64)


def _swap_legs(points: FloatArray) -> FloatArray:
    """A copy of ``(33, D)`` points with the left and right leg landmarks exchanged."""
    out = points.copy()
    for a, b in SWAP_PAIRS:
        out[[int(a), int(b)]] = out[[int(b), int(a)]]
    return out


def _travel(a: FloatArray, b: FloatArray) -> float:
    """Summed distance between matching rows of two ``(N, 2)`` point arrays, pixels."""
    return float(np.linalg.norm(a - b, axis=1).sum())


class BodyTracker:
    """Stateful frame-to-frame tracker; call :meth:`update` once per frame, in time order."""

    def __init__(self, settings: TrackerSettings | None = None) -> None:
        self.settings = settings or TrackerSettings()
        s = self.settings
        self._filter = OneEuroFilter(min_cutoff_hz=s.smoothing_min_cutoff_hz, beta=s.smoothing_beta)
        self._world_filter = OneEuroFilter(min_cutoff_hz=s.smoothing_min_cutoff_hz, beta=s.smoothing_beta)
        self._projector = SagittalProjector()
        self._geo_thighs: deque[float] = deque(maxlen=s.scale_window)
        self._spikes = SpikeGate()
        self._world_spikes = SpikeGate()
        self._world_thighs: deque[float] = deque(maxlen=s.scale_window)
        self._prev_legs: FloatArray | None = None
        self._facing: deque[float] = deque(maxlen=s.facing_window)
        self._thigh_lengths: deque[float] = deque(maxlen=s.scale_window)
        self._torso_lengths: deque[float] = deque(maxlen=s.scale_window)
        self._last_t: float | None = None

    def _gate(self, pose: PoseFrame) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """Pixels with low-visibility points set to NaN, and the seen mask ``(33,)``.

        Inside the picture a point needs ``min_visibility``; just outside it (a guess of MediaPipe's)
        ``outside_min_visibility``.
        """
        inside, near = self._inside(pose)
        s = self.settings
        seen = ((pose.visibility >= s.min_visibility) & inside) | (
            (pose.visibility >= s.outside_min_visibility) & near & ~inside
        )
        xy = np.where(seen[:, None], pose.xy, np.nan)
        return xy, seen

    def _inside(self, pose: PoseFrame) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Per landmark ``(33,)``: inside the picture (``frame_margin_ratio``), near it (``outside_margin_ratio``)."""
        w, h = pose.image_size
        x, y = pose.xy[:, 0], pose.xy[:, 1]
        out = []
        for m in (self.settings.frame_margin_ratio, self.settings.outside_margin_ratio):
            with np.errstate(invalid="ignore"):
                out.append((x >= -m * w) & (x <= (1 + m) * w) & (y >= -m * h) & (y <= (1 + m) * h))
        return out[0], out[1]

    def _gated_world(self, pose: PoseFrame) -> FloatArray | None:
        """World landmarks ``(33, 3)`` m of the frame, points outside the picture dropped, glitches held back."""
        if pose.world is None or not self.settings.use_world:
            return None
        inside, near = self._inside(pose)
        s = self.settings
        keep = (inside & (pose.visibility >= s.world_min_visibility)) | (
            near & ~inside & (pose.visibility >= s.outside_min_visibility)
        )
        world = np.where(keep[:, None], pose.world, np.nan)
        for side in Side:
            length = float(np.linalg.norm(world[side_lm(side, "knee")] - world[side_lm(side, "hip")]))
            if np.isfinite(length) and length > 0:
                self._world_thighs.append(length)
        thigh = self._median(self._world_thighs)
        return self._world_spikes(
            pose.t,
            world,
            self.settings.spike_thighs * thigh,
            group=LEG_POINTS,
            group_jump=self.settings.spike_group_thighs * thigh,
        )

    def _world_view(self, t: float, world: FloatArray | None) -> tuple[FloatArray | None, FloatArray | None]:
        """Smoothed (label-fixed) world landmarks ``(33, 3)`` m and their virtual side view ``(33, 2)`` mm."""
        if world is None:
            return None, None
        smooth = np.asarray(self._world_filter(t, world * 1000.0) / 1000.0, dtype=np.float64)
        return smooth, self._projector.project(smooth)

    def _swap_decision(self, points: FloatArray, scale: float) -> bool:
        """True when exchanging the leg labels matches the previous frame far better.

        ``points`` are the frame's landmarks in any units (the world's when the frame has
        them: that decision does not depend on the camera angle), ``scale`` a thigh length
        in the same units. A real label swap shows as both legs jumping while far apart;
        legs that are crossing (knees close together) are ambiguous and never swapped.
        """
        idx_l = [int(a) for a, _ in SWAP_PAIRS[:2]]  # knee, ankle
        idx_r = [int(b) for _, b in SWAP_PAIRS[:2]]
        cur_l, cur_r = points[idx_l], points[idx_r]
        swapped = False
        prev = self._prev_legs
        if (
            prev is not None
            and prev.shape[-1] == points.shape[-1]
            and np.isfinite(cur_l).all()
            and np.isfinite(cur_r).all()
            and np.isfinite(prev).all()
        ):
            keep = _travel(cur_l, prev[0]) + _travel(cur_r, prev[1])
            swap = _travel(cur_l, prev[1]) + _travel(cur_r, prev[0])
            margin = self.settings.swap_margin_ratio * (scale if np.isfinite(scale) else 0.0)
            separation = float(np.linalg.norm(cur_l[0] - cur_r[0]))
            swapped = swap + margin < keep and swap < 0.5 * keep and separation > 2 * margin
        legs = np.stack([cur_r, cur_l]) if swapped else np.stack([cur_l, cur_r])
        if prev is None or prev.shape != legs.shape:
            self._prev_legs = legs
        else:  # keep the last known position of each point through short dropouts
            self._prev_legs = np.where(np.isfinite(legs), legs, prev)
        return swapped

    def _missing_parts(self, pose: PoseFrame, seen: npt.NDArray[np.bool_]) -> tuple[str, ...]:
        """Body groups not in view: each needs one side visible and *both* sides inside the image.

        Requiring both sides inside the image catches close-ups that crop one foot while the
        other (lifted) foot is still visible.
        """
        w, h = pose.image_size
        m = self.settings.frame_margin_ratio
        missing = []
        for group in WHOLE_BODY_PARTS:
            idx = [int(side_lm(s, p)) for p in BODY_PARTS[group] for s in Side]
            pts = pose.xy[idx]
            with np.errstate(invalid="ignore"):
                inside = bool(
                    np.all(
                        (pts[:, 0] >= -m * w)
                        & (pts[:, 0] <= (1 + m) * w)
                        & (pts[:, 1] >= -m * h)
                        & (pts[:, 1] <= (1 + m) * h)
                    )
                )
            if not (inside and bool(np.any(seen[idx]))):
                missing.append(group)
        return tuple(missing)

    @staticmethod
    def _median(values: deque[float]) -> float:
        return float(statistics.median(values)) if values else float("nan")  # numpy's median, without its overhead

    def _facing_sign(self, xy: FloatArray) -> float:
        """+1 when the person faces image right: nose ahead of the ears, toes ahead of heels."""
        votes = []
        ears = nanmean2(xy[Lm.LEFT_EAR], xy[Lm.RIGHT_EAR])
        if np.isfinite(xy[Lm.NOSE]).all() and np.isfinite(ears).all():
            votes.append(np.sign(xy[Lm.NOSE, 0] - ears[0]))
        for side in Side:
            toe, heel = xy[side_lm(side, "foot_index")], xy[side_lm(side, "heel")]
            if np.isfinite(toe).all() and np.isfinite(heel).all():
                votes.append(np.sign(toe[0] - heel[0]))
        if votes:
            self._facing.append(float(np.sign(np.sum(votes))))
        total = float(np.sum(self._facing)) if self._facing else 0.0
        return float(np.sign(total))

    def _reset(self) -> None:
        for part in (self._filter, self._world_filter, self._projector, self._spikes, self._world_spikes):
            part.reset()
        self._prev_legs = None

    def _clean(self, pose: PoseFrame) -> tuple[FloatArray, FloatArray | None, npt.NDArray[np.bool_], bool]:
        """Gated, de-glitched, leg-label-fixed pixels and world landmarks, the seen mask, whether legs were swapped."""
        gated, seen = self._gate(pose)
        thigh = self._median(self._thigh_lengths)
        gated = self._spikes(
            pose.t,
            gated,
            self.settings.spike_thighs * thigh,
            group=LEG_POINTS,
            group_jump=self.settings.spike_group_thighs * thigh,
        )
        world = self._gated_world(pose)
        if world is not None:
            swapped = self._swap_decision(world, self._median(self._world_thighs))
        else:
            swapped = self._swap_decision(gated, thigh)
        if swapped:
            gated = _swap_legs(gated)
            world = _swap_legs(world) if world is not None else None
        return gated, world, seen, swapped

    def _lengths(self, xy: FloatArray) -> float:
        """Record this frame's torso and thigh lengths (pixels); the torso length."""
        mid_sh = nanmean2(xy[Lm.LEFT_SHOULDER], xy[Lm.RIGHT_SHOULDER])
        torso = float(geo.segment_length(nanmean2(xy[Lm.LEFT_HIP], xy[Lm.RIGHT_HIP]), mid_sh))
        if np.isfinite(torso) and torso > 0:
            self._torso_lengths.append(torso)
        for side in Side:
            length = float(np.linalg.norm(xy[side_lm(side, "knee")] - xy[side_lm(side, "hip")]))
            if np.isfinite(length) and length > 0:
                self._thigh_lengths.append(length)
        return torso

    def update(self, pose: PoseFrame) -> BodyFrame:
        """Follow the body into one more frame. Frames must come in increasing ``t``."""
        if not pose.detected:
            self._reset()
            nan = float("nan")
            return BodyFrame(
                pose.t, False, False, WHOLE_BODY_PARTS, 0, np.full((33, 2), np.nan), 0.0, nan, nan, nan, pose=pose
            )
        gated, world, seen, swapped = self._clean(pose)
        xy = self._filter(pose.t, gated)
        world3, geo_xy = self._world_view(pose.t, world)
        forward = self._facing_sign(xy if geo_xy is None else geo_xy)
        torso = self._lengths(xy)
        thigh_ref = self._median(self._thigh_lengths)
        scale = thigh_ref if geo_xy is None else self._geo_thigh(geo_xy)
        missing = self._missing_parts(pose, seen)
        width = abs(float(xy[Lm.LEFT_SHOULDER, 0] - xy[Lm.RIGHT_SHOULDER, 0]))
        return BodyFrame(
            t=pose.t,
            detected=True,
            in_view=not missing,
            missing_parts=missing,
            people=pose.num_people,
            xy=xy,
            forward_sign=forward,
            shoulder_width_ratio=width / torso if torso > 0 else float("nan"),
            torso_px=torso,
            thigh_px=thigh_ref,
            legs_swapped=swapped,
            geo_xy=geo_xy,
            geometry="image" if geo_xy is None else "world",
            world=world3 if geo_xy is not None else None,
            scale=scale,
            off_side_deg=self._projector.off_side_deg() if geo_xy is not None else float("nan"),
            pose=pose,
        )

    def _geo_thigh(self, geo_xy: FloatArray) -> float:
        """Running median thigh length in the virtual side view, mm."""
        for side in Side:
            length = float(np.linalg.norm(geo_xy[side_lm(side, "knee")] - geo_xy[side_lm(side, "hip")]))
            if np.isfinite(length) and length > 0:
                self._geo_thighs.append(length)
        return self._median(self._geo_thighs)
