"""Hanging leg raise, side view: straight legs to parallel, a top hold, no swinging or arching, slow lowering."""

from __future__ import annotations

from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._hanging import (
    HANGING_CAMERA,
    HANGING_METRICS,
    HANGING_RULES,
    HANGING_SETUP,
    HANGING_THRESHOLDS,
)
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="hanging-leg-raise",
    looks=Looks(knee_deg=(150, INF), words="straight legs raised together"),
    title="Hanging leg raise",
    summary="Reps; legs to parallel with straight knees, top hold, no swinging or arching, slow lowering.",
    about="Hang, straight legs, raise them to parallel, hold a couple of seconds, lower slowly.",
    setup=HANGING_SETUP,
    camera=HANGING_CAMERA,
    measures="mean thigh elevation (counting), knee angle at the top, top hold, hip travel (swing), hip extension "
    "(arching proxy)",
    start_position=Posture.HANGING,
    required_parts=("shoulders", "hips", "knees", "feet"),  # hands and wrists may be above the picture
    lower_back="contour",
    counting=RiseFromLow(signal="thigh_elevation_deg"),
    thresholds=(
        *HANGING_THRESHOLDS,
        Threshold(
            "min_peak_deg",
            -10.0,
            "deg",
            "Lowest peak thigh elevation: legs at least about parallel.",
            "coaching guidance: raise until parallel to the floor (10 deg tolerance)",
            ge=-45,
            le=90,
        ),
        Threshold(
            "min_knee_angle_deg",
            150.0,
            "deg",
            "Smallest knee angle at the top (straight legs = 180).",
            "set under real leg raises with a slight knee bend (calibration table); a knee raise bends to 60-90 deg",
            ge=90,
            le=180,
        ),
        Threshold(
            "min_hold_s", 1.5, "s", "Shortest top hold.", "coaching guidance: hold a couple of seconds", ge=0, le=30
        ),
    ),
    rep_metrics=(*HANGING_METRICS, RepMetric("min_knee_angle_deg", "knee_angle_deg.both", "min", "top")),
    series=("hip_x_ratio", "knee_angle_deg.both"),
    rules=(
        Rule(
            "below_parallel",
            "peak_thigh_elevation_deg",
            "min_peak_deg",
            "min",
            Severity.ERROR,
            "legs stayed below parallel",
            "deg",
            "legs higher",
        ),
        Rule(
            "knees_bent",
            "min_knee_angle_deg",
            "min_knee_angle_deg",
            "min",
            Severity.WARNING,
            "knees bent at the top",
            "deg",
            "straighten the legs",
        ),
        Rule("no_hold", "hold_s", "min_hold_s", "min", Severity.WARNING, "no hold at the top", "s", "hold at the top"),
        *HANGING_RULES,
    ),
)
