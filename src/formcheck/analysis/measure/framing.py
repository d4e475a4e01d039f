"""Session-level bookkeeping shared by analyzers: framing, camera view, people, warnings.

It answers: when was the whole body in view (and which part was missing when not), was
the camera side-on or facing the person, was anybody else in the picture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.measure.tracker import BodyFrame

SIDE_VIEW_MAX_RATIO = 0.45
"""Median shoulder width / torso length below which the camera is side-on (side views: 0.0-0.45 on the eval clips)."""
FRONT_VIEW_MIN_RATIO = 0.65
"""Median shoulder width / torso length above which the camera faces the person."""
SIDE_MAX_OFF_DEG = 25.0
"""With world landmarks: a camera less than this far off side-on (``camera_off_side_deg``) is side-on."""
FRONT_MIN_OFF_DEG = 65.0
"""... more than this far off side-on faces the person (front or back); in between is oblique."""
DEPTH_VALUES = "body-line bend (sag, pike), trunk lean and hip-to-hip distance"
"""The values that lean on the pose model's depth guess when the camera is not side-on."""


@dataclass
class Span:
    """A time span in which the listed body parts were not in view, seconds."""

    start_s: float
    end_s: float
    missing: set[str]

    @property
    def reason(self) -> str:
        """Human sentence fragment."""
        return "not fully in view (" + ", ".join(sorted(self.missing)) + " out of frame or hidden)"


SHORT_GAP_S = HIDDEN_LIMB_S
"""Back in view after at most this long (a limb hidden for a moment): no new wait of ``settle_s``."""


@dataclass
class FramingLog:
    """Accumulates per-frame framing facts; :meth:`warnings` turns them into sentences.

    Args:
        settle_s: the body must stay in view this long before counting (re)starts.
        min_span_s: shorter not-in-view spans are not reported.

    """

    settle_s: float = 0.25
    min_span_s: float = 0.3
    frames: int = 0
    frames_detected: int = 0
    frames_in_view: int = 0
    frames_multi: int = 0
    legs_swapped: int = 0
    partial: list[Span] = field(default_factory=list)
    _ratios: list[float] = field(default_factory=list)
    _off_side: list[float] = field(default_factory=list)
    _in_view_since: float | None = None
    _last_in_view: float | None = None
    _open: Span | None = None
    _last_t: float = 0.0
    _first_t: float | None = None

    @property
    def span_s(self) -> float:
        """Time from the first frame to the last (s; 0 for one frame or none)."""
        return 0.0 if self._first_t is None else self._last_t - self._first_t

    def update(self, body: BodyFrame) -> bool:
        """Record one frame; returns True when the body has been in view for ``settle_s``."""
        self.frames += 1
        if self._first_t is None:
            self._first_t = body.t
        self._last_t = body.t
        self.frames_detected += body.detected
        self.frames_multi += body.people > 1
        self.legs_swapped += body.legs_swapped
        if body.in_view:
            self.frames_in_view += 1
            if math.isfinite(body.shoulder_width_ratio):
                self._ratios.append(body.shoulder_width_ratio)
            off = body.off_side_deg
            if math.isfinite(off):
                self._off_side.append(off)
            self._close(body.t)
            if self._in_view_since is None or (
                self._last_in_view is not None and body.t - self._last_in_view > SHORT_GAP_S
            ):
                self._in_view_since = body.t  # a new run in view (a short gap does not end one)
            self._last_in_view = body.t
            return body.t - self._in_view_since >= self.settle_s - 1e-9
        if body.detected and body.missing_parts:  # else another gate held it (the scale gate says why)
            if self._open is None:
                self._open = Span(body.t, body.t, set())
            self._open.missing.update(body.missing_parts)
            self._open.end_s = body.t
        else:
            self._close(body.t)
        return False

    def _close(self, t: float) -> None:
        if self._open is not None:
            self.partial.append(self._open)
            self._open = None

    def partial_spans(self) -> list[Span]:
        """Merged not-fully-in-view spans (gaps under ``settle_s`` joined), longer than ``min_span_s``."""
        self._close(self._last_t)
        merged: list[Span] = []
        for s in self.partial:
            if merged and s.start_s - merged[-1].end_s <= max(self.settle_s, 0.5):
                merged[-1].end_s = s.end_s
                merged[-1].missing |= s.missing
            else:
                merged.append(Span(s.start_s, s.end_s, set(s.missing)))
        return [s for s in merged if s.end_s - s.start_s >= self.min_span_s]

    def camera_off_side_deg(self) -> float | None:
        """Median angle of the camera from side-on (world landmarks), degrees; None without them."""
        return float(np.median(self._off_side)) if len(self._off_side) >= 5 else None

    def detected_view(self) -> str:
        """``side``, ``front``, ``oblique`` or ``unknown``.

        From the camera's angle off side-on when the frames have world landmarks, else from
        the median shoulder-width ratio in the picture.
        """
        off = self.camera_off_side_deg()
        if off is not None:
            return "side" if off < SIDE_MAX_OFF_DEG else ("oblique" if off < FRONT_MIN_OFF_DEG else "front")
        if len(self._ratios) < 5:
            return "unknown"
        r = float(np.median(self._ratios))
        if r <= SIDE_VIEW_MAX_RATIO:
            return "side"
        if r >= FRONT_VIEW_MIN_RATIO:
            return "front"
        return "oblique"

    def warnings(self, expected_view: str) -> list[str]:
        """Sentences for the report: what limited the analysis and what to do about it."""
        out: list[str] = []
        if self.frames and self.frames_detected == 0:
            out.append("no person was detected in any frame: check the video shows a person, well lit")
        elif self.frames_detected and self.frames_in_view == 0:
            out.append("the whole body was never in view: step back until head and feet are in the picture")
        for s in self.partial_spans():
            out.append(f"{s.start_s:.1f}-{s.end_s:.1f} s: body {s.reason}; no reps counted there")
        view = self.detected_view()
        off = self.camera_off_side_deg()
        if off is not None and expected_view == "side" and view in ("front", "oblique"):
            out.append(
                f"camera view looks {view} (about {off:.0f} deg off side-on): angles are measured in a "
                f"virtual side view from the pose model's 3D landmarks, so reps count as side-on, but the "
                f"{DEPTH_VALUES} rest on its depth guess and are less sure"
                + ("; the body-line bend is not judged beyond 45 deg" if off > 45 else "")
                + "; film side-on for the surest numbers"
            )
        elif expected_view == "side" and view in ("front", "oblique"):
            out.append(
                f"camera view looks {view}: this exercise is measured side-on; "
                "place the camera at hip height to the person's side"
            )
        if expected_view == "front" and view in ("side", "oblique"):
            out.append(f"camera view looks {view}: this exercise is measured facing the camera")
        if self.frames_multi > max(3, 0.05 * self.frames_detected):
            out.append(
                f"more than one person in view in {self.frames_multi} frames: one person was analysed "
                "throughout; keep others out of the picture for the surest counts"
            )
        return out


SCALE_JUMP_RATIO = 1.5
"""A body this many times larger or smaller in the picture than the set's median (its size: the torso's length
and the shoulders' width together) is another shot (a cut to a close-up, a title card): on the scored eval clips,
and on them re-filmed 45 deg round, it stays within 1.46x of its running median but for a hanging swing
(1.56x in four frames) and a cut in the jenner plank; the wahoo close-ups reach 1.74x and more."""
SCALE_WINDOW = 300
"""Frames (about 10 s) of torso lengths in the running median."""
SCALE_MIN_FRAMES = 10
"""Frames needed before the median is trusted."""
SCALE_ADOPT_S = 4.0
"""A new size held this long is the new framing (the camera was moved), not a close-up: it becomes the reference."""


@dataclass
class ScaleGate:
    """Tells frames of another shot (a cut to a close-up) from the set's own framing, by the body's size.

    Tight framing from the start is the set's framing and counts; a sudden change of the torso's
    length in the picture (``SCALE_JUMP_RATIO``) is not counted until the size comes back, or has
    held for ``SCALE_ADOPT_S`` (the camera moved for good). Spans not counted are kept for the report.
    """

    spans: list[tuple[float, float]] = field(default_factory=list)
    _ref: list[float] = field(default_factory=list)
    _off_since: float | None = None

    def update(self, t: float, size_px: float) -> bool:
        """True when a frame at ``t`` with the body this size (pixels) belongs to the set's framing."""
        if not (math.isfinite(size_px) and size_px > 0):
            return True  # nothing to judge by: the parts gate decides
        if len(self._ref) >= SCALE_MIN_FRAMES:
            ref = float(np.median(self._ref))
            if max(size_px / ref, ref / size_px) > SCALE_JUMP_RATIO:
                if self._off_since is None:
                    self._off_since = t
                    self.spans.append((t, t))
                self.spans[-1] = (self.spans[-1][0], t)
                if t - self._off_since < SCALE_ADOPT_S:
                    return False
                self._ref.clear()  # the new size has held: the camera moved
        self._off_since = None
        self._ref.append(size_px)
        del self._ref[:-SCALE_WINDOW]
        return True

    def warnings(self) -> list[str]:
        """One sentence per span not counted."""
        return [
            f"{a:.1f}-{b:.1f} s: the body's size in the picture jumped (a cut or a close-up); nothing counted there"
            for a, b in self.spans
            if b > a
        ]
