"""Plank, side view: a straight shoulder-hip-ankle line held at least 20-30 s."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import PLANK, shown
from formcheck.analysis.family import LUMBAR_CONTOUR_METRIC, contour_arch_limit
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldExercise, HoldFamilyConfig
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.thresholds import threshold


class PlankConfig(HoldFamilyConfig):
    """Hold timing plus the body-line limits (landmark proxies of lumbar sag and piking)."""

    target_s: float = threshold(
        20.0, "In-form time the plank should reach.", "s", "EXERCISES.md: at least 20-30 s", ge=0, le=600
    )
    max_sag_deg: float = threshold(
        10.0,
        "Largest bend of the shoulder-hip-ankle line with the hips below it: hip_sag_deg, a landmark "
        "proxy of the lower back sagging (lumbar arching).",
        "deg",
        "real good form never dips below the line: hip_sag_deg -18.3 to -0.8 deg over 607 frames of the five "
        "labelled good planks (margin 10.8 deg); plank_correct_only.csv at most 3.5 deg",
        ge=0,
        le=90,
    )
    max_pike_deg: float = threshold(
        30.0,
        "Largest bend of the shoulder-hip-ankle line with the hips above it (hips piked).",
        "deg",
        "real good form: 0.8-18.3 deg over 607 frames of the five labelled good planks (side views, virtual "
        "side view from the 3D landmarks), 18-24 deg for plank_correct_only.csv depending on the assumed aspect "
        "ratio; the hip joint sits a little above the shoulder-ankle line in a straight body, so a visible pike "
        "begins near 30 deg (margin 6-12 deg)",
        ge=0,
        le=90,
    )
    max_lumbar_arch_contour_deg: float = contour_arch_limit(
        35.0,
        "real good form, through the video with the mask: -26 to +28 deg over 603 frames of the five labelled "
        "good planks (the contour change is noisy: clothing folds, arms over the back); margin 7 deg",
    )


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
        Rule(
            "hip_sag",
            "hip_sag_deg.both",
            "max_sag_deg",
            "max",
            Severity.ERROR,
            "lower back sagged (landmark proxy: hips below the shoulder-ankle line)",
            "deg",
            "hips up, brace",
            depth_sensitive=True,
            missing="fail",
        ),
        Rule(
            "hip_pike",
            "hip_pike_deg.both",
            "max_pike_deg",
            "max",
            Severity.WARNING,
            "hips piked up",
            "deg",
            "hips down",
            depth_sensitive=True,
            missing="fail",
        ),
        Rule(
            "lumbar_arch_contour",
            LUMBAR_CONTOUR_METRIC,
            "max_lumbar_arch_contour_deg",
            "max",
            Severity.ERROR,
            "lower back arched (back contour)",
            "deg",
            "brace",
        ),
    )
    series_keys = ("trunk_incline_deg",)
    hud = (shown("hip_line_deg.both", "body line"),)  # deg: + hips above the shoulder-ankle line, - below
    programme = PLANK
    short_hold_message = "plank in good form shorter than the 20 s target"
