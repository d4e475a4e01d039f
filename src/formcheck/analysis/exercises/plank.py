"""Plank, side view: a straight shoulder-hip-ankle line held at least 20-30 s."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.family import LUMBAR_CONTOUR_METRIC, contour_arch_limit
from formcheck.analysis.faults import Severity
from formcheck.analysis.hold_family import FormCheck, HoldExercise, HoldFamilyConfig
from formcheck.analysis.leg_lift import threshold
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register


class PlankConfig(HoldFamilyConfig):
    """Hold timing plus the body-line limits (landmark proxies of lumbar sag and piking)."""

    target_s: float = threshold(20.0, "In-form time the plank should reach.", "s",
                                "EXERCISES.md: at least 20-30 s", ge=0, le=600)
    max_sag_deg: float = threshold(
        10.0, "Largest bend of the shoulder-hip-ankle line with the hips below it: hip_sag_deg, a landmark "
        "proxy of the lower back sagging (lumbar arching).", "deg",
        "starting value; the correct planks of plank_correct_only.csv sag at most 3.5 deg", ge=0, le=90)
    max_pike_deg: float = threshold(
        20.0, "Largest bend of the shoulder-hip-ankle line with the hips above it (hips piked).", "deg",
        "calibrated: the correct planks of plank_correct_only.csv bend up to 18 deg (16:9 frame assumed)",
        ge=0, le=90)
    max_lumbar_arch_contour_deg: float = contour_arch_limit(
        25.0, "calibrated: the good-form wahoo plank drifts up to 19.8 deg from its start")


@register
class Plank(HoldExercise):
    """Forearm or high plank: shoulders, hips and ankles in one straight line."""

    name = "plank"
    title = "Plank"
    view = "side"
    summary_text = "Hold time in good form (no sag, no pike) against 20-30 s."
    setup = "Forearms (or hands) under the shoulders, legs straight, body in one line from shoulders to ankles."
    camera = "side-on at floor level (camera low), about 3 m away, head to feet in the picture"
    measures = "shoulder-hip-ankle line bend each frame (sag / pike, landmark proxy) while in the plank"
    uses_mask = True
    posture = Posture.PLANK
    required_parts = ("shoulders", "arms", "hips", "knees", "feet")
    config_model: ClassVar[type[BaseModel]] = PlankConfig
    checks = (
        FormCheck("hip_sag", "hip_sag_deg.both", "max_sag_deg", "max", Severity.ERROR,
                  "lower back sagged (landmark proxy: hips below the shoulder-ankle line)", "deg", "hips up, brace",
                  depth_sensitive=True),
        FormCheck("hip_pike", "hip_pike_deg.both", "max_pike_deg", "max", Severity.WARNING,
                  "hips piked up", "deg", "hips down", depth_sensitive=True),
        FormCheck("lumbar_arch_contour", LUMBAR_CONTOUR_METRIC, "max_lumbar_arch_contour_deg", "max",
                  Severity.ERROR, "lower back arched (back contour)", "deg", "brace", required=False),
    )
    series_keys = ("trunk_incline_deg",)
    short_hold_message = "plank in good form shorter than the 20 s target"
