"""Overlay drawn on a video frame: skeleton, knee-above-hip line, counters, hold timer, the exercise's readouts, cue.

Used by the live window and by annotated videos, so both look the same. Draws in place on
a BGR ``(H, W, 3)`` uint8 image and returns it. Sizes scale with the image height.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

from formcheck.analysis.display import Display
from formcheck.analysis.results import FrameResult
from formcheck.core.landmarks import CONNECTIONS, Side, side_lm
from formcheck.core.types import PoseFrame

Image = npt.NDArray[np.uint8]

GREEN = (80, 200, 80)
RED = (60, 60, 230)
WHITE = (255, 255, 255)
YELLOW = (0, 215, 255)
GREY = (160, 160, 160)
SKELETON = (255, 190, 60)
PANEL = (30, 30, 30)


def _pt(xy: npt.NDArray[np.float64]) -> tuple[int, int] | None:
    if not np.isfinite(xy).all():
        return None
    return round(float(xy[0])), round(float(xy[1]))


def draw_skeleton(image: Image, pose: PoseFrame, *, min_visibility: float = 0.5) -> None:
    """Bones and joints of the visible landmarks."""
    if not pose.detected:
        return
    scale = max(1, image.shape[0] // 360)
    seen = pose.visibility >= min_visibility
    for a, b in CONNECTIONS:
        if seen[a] and seen[b]:
            pa, pb = _pt(pose.xy[a]), _pt(pose.xy[b])
            if pa and pb:
                cv2.line(image, pa, pb, SKELETON, 2 * scale, cv2.LINE_AA)
    for i in np.flatnonzero(seen):
        p = _pt(pose.xy[i])
        if p:
            cv2.circle(image, p, 3 * scale, WHITE, -1, cv2.LINE_AA)


def draw_knee_line(image: Image, pose: PoseFrame, knee_above_hip: bool | None) -> None:
    """A horizontal line at hip height and the higher knee marked green (above) or red (below)."""
    if not pose.detected or knee_above_hip is None:
        return
    scale = max(1, image.shape[0] // 360)
    hips = [pose.xy[side_lm(s, "hip")] for s in Side if pose.visibility[side_lm(s, "hip")] >= 0.5]
    knees = [(pose.xy[side_lm(s, "knee")], s) for s in Side if pose.visibility[side_lm(s, "knee")] >= 0.5]
    if not hips or not knees:
        return
    hip_y = round(float(np.mean([h[1] for h in hips])))
    hip_x = float(np.mean([h[0] for h in hips]))
    half = int(image.shape[0] * 0.12)
    cv2.line(image, (int(hip_x) - half, hip_y), (int(hip_x) + half, hip_y), YELLOW, scale, cv2.LINE_AA)
    knee = min(knees, key=lambda k: float(k[0][1]))[0]
    p = _pt(knee)
    if p:
        cv2.circle(image, p, 7 * scale, GREEN if knee_above_hip else RED, 2 * scale, cv2.LINE_AA)


def _text(image: Image, text: str, org: tuple[int, int], size: float, color: tuple[int, int, int]) -> int:
    """Outlined text; returns the line height used."""
    thick = max(1, round(size * 2))
    cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, size, (0, 0, 0), thick + 2, cv2.LINE_AA)
    cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, size, color, thick, cv2.LINE_AA)
    return int(32 * size) + 6


def _fmt(v: float, unit: str) -> str:
    if not math.isfinite(v):
        return "--"
    digits = {"ratio": 2, "s": 1}.get(unit, 0)
    return f"{v:.{digits}f} {'' if unit == 'ratio' else unit}".rstrip()


HudLine = tuple[str, tuple[int, int, int], float]
"""One HUD line: text, BGR colour, size relative to the title."""


def hud_lines(result: FrameResult, display: Display, *, title: str) -> list[HudLine]:
    """The HUD top to bottom: title, count, phase and hold time, the exercise's readouts (two a line), knee line."""
    sides = "  ".join(f"{k[0].upper()} {v}" for k, v in result.reps_by_side.items())
    lines: list[HudLine] = [
        (title, WHITE, 1.0),
        (f"{display.counts} {result.rep_count}   {sides}".rstrip(), GREEN, 1.3),
        (f"phase {result.phase}   hold {result.hold_s:.1f} s", WHITE, 1.0),
    ]
    values = [f"{s.label} {_fmt(result.metrics.get(s.metric, math.nan), s.unit)}" for s in display.hud]
    lines += [("   ".join(values[i : i + 2]), WHITE, 1.0) for i in range(0, len(values), 2)]
    if result.knee_above_hip is not None:
        ok = result.knee_above_hip
        lines.append(("knee above hip" if ok else "knee below hip", GREEN if ok else RED, 1.0))
    return lines


def draw_hud(image: Image, result: FrameResult, display: Display, *, title: str, cue: str = "") -> None:
    """:func:`hud_lines` top-left on a shaded panel; cue or guidance large at the bottom."""
    h, w = image.shape[:2]
    size = max(0.5, h / 900)
    panel_w, panel_h = int(w * 0.36), int(h * 0.30)
    roi = image[0:panel_h, 0:panel_w]
    roi[:] = (roi.astype(np.float32) * 0.45 + np.array(PANEL, np.float32) * 0.55).astype(np.uint8)
    x, y = int(12 * size), int(34 * size)
    for text, colour, scale in hud_lines(result, display, title=title):
        y += _text(image, text, (x, y), size * scale, colour)
    message = cue or result.guidance
    if message:
        color = RED if cue else YELLOW
        (tw, _), _ = cv2.getTextSize(message, cv2.FONT_HERSHEY_SIMPLEX, size * 1.6, 3)
        _text(image, message, (max(10, (w - tw) // 2), h - int(40 * size)), size * 1.6, color)


def draw_overlay(
    image: Image, pose: PoseFrame, result: FrameResult, display: Display, *, title: str, cue: str = ""
) -> Image:
    """Everything at once, the HUD as ``display`` declares it; returns ``image`` (modified in place)."""
    draw_skeleton(image, pose)
    draw_knee_line(image, pose, result.knee_above_hip)
    draw_hud(image, result, display, title=title, cue=cue)
    return image
