"""L-sit, side view: straight legs held parallel to the floor; holds of 10-30 s."""

from __future__ import annotations

from formcheck.analysis.count.hold import Hold
from formcheck.analysis.display import L_SIT
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="l-sit",
    looks=Looks(words="legs held out"),
    title="L-sit",
    summary="Hold time in good form (legs parallel) against 10-30 s; bent knees (tuck) flagged.",
    about="Support on hands or a bar, straight legs held parallel to the floor.",
    setup="Hands on the floor, parallettes or a bar beside the hips; lift the hips and hold straight legs out.",
    camera="side-on at hip height, about 3 m away, hands to feet in the picture",
    measures="thigh elevation and knee angle (mean of both legs) each frame while in the position",
    start_position=Posture.SUPPORT_SIT,
    counting=Hold(),
    programme=L_SIT,
    thresholds=(
        Threshold(
            "target_s",
            10.0,
            description="In-form time the hold should reach.",
            source="coaching guidance: L-sit holds of 10-30 s",
        ),
        Threshold(
            "min_leg_elevation_deg",
            -10.0,
            "deg",
            "Lowest thigh elevation in form (parallel, 10 deg tolerance).",
            "coaching guidance: legs parallel to the floor, 10 deg tolerance (calibration table)",
            ge=-45,
            le=45,
        ),
        Threshold(
            "min_knee_angle_deg",
            160.0,
            "deg",
            "Smallest knee angle in form (straight = 180).",
            "set under a real L-sit with straight legs (calibration table); a tuck bends to 60-110 deg",
            ge=90,
            le=180,
        ),
    ),
    rules=(
        Rule(
            "legs_below_parallel",
            "thigh_elevation_deg.both",
            "min_leg_elevation_deg",
            "min",
            Severity.WARNING,
            "legs dropped below parallel",
            "deg",
            "legs up",
            missing="fail",
        ),
        Rule(
            "knees_bent",
            "knee_angle_deg.both",
            "min_knee_angle_deg",
            "min",
            Severity.WARNING,
            "knees bent (a tuck L-sit: the hold counts, straight legs are the full version)",
            "deg",
            "straighten the legs",
            costs_hold=False,
            missing="fail",
        ),
    ),
    short_hold_message="L-sit in good form shorter than the 10 s target",
)
