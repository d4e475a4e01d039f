"""Plank, side view: a straight shoulder-hip-ankle line held at least 20-30 s."""

from __future__ import annotations

from formcheck.analysis.count.hold import Hold
from formcheck.analysis.display import PLANK, shown
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._shared import CONTOUR_METRIC, contour_limit, contour_rule
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="plank",
    looks=Looks(knee_deg=(140, INF), words="held in a line"),
    title="Plank",
    summary="Hold time in good form (no sag, no pike) against 20-30 s.",
    about="Forearm or high plank: shoulders, hips and ankles in one straight line.",
    setup="Forearms (or hands) under the shoulders, legs straight, body in one line from shoulders to ankles.",
    camera="side-on at floor level (camera low), about 3 m away, head to feet in the picture",
    measures="shoulder-hip-ankle line bend each frame (sag / pike, landmark proxy) while in the plank",
    start_position=Posture.PLANK,
    required_parts=("shoulders", "arms", "hips", "knees", "feet"),
    lower_back="contour",
    counting=Hold(),
    thresholds=(
        Threshold(
            "target_s",
            20.0,
            description="In-form time the plank should reach.",
            source="coaching guidance: the plank held at least 20-30 s",
        ),
        Threshold(
            "max_sag_deg",
            10.0,
            "deg",
            "Largest bend of the shoulder-hip-ankle line with the hips below it: "
            "hip_sag_deg, a landmark proxy of the lower back sagging (lumbar arching).",
            "real good planks keep the hips on or above the line (calibration table); a public set of "
            "correct planks dips at most 3.5 deg below it",
            ge=0,
            le=90,
        ),
        Threshold(
            "max_pike_deg",
            30.0,
            "deg",
            "Largest bend of the shoulder-hip-ankle line with the hips above it (hips piked).",
            "the hip joint sits a little above the shoulder-ankle line in a straight body, so a "
            "visible pike begins near 30 deg (calibration table)",
            ge=0,
            le=90,
        ),
        contour_limit(
            35.0,
            "the contour change is noisy (clothing folds, arms over the back), so the limit sits "
            "above the worst real good frame through the video with the mask (calibration table)",
        ),
    ),
    rules=(
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
        contour_rule(CONTOUR_METRIC, "lower back arched (back contour)", "brace"),
    ),
    series=("trunk_incline_deg",),
    # the plotted signal, the fault's measure and its limit all read + = hips below the line (sag), - = piked
    hud=(shown("hip_sag_deg.both", "hip sag"),),
    programme=PLANK,
    short_hold_message="plank in good form shorter than the 20 s target",
)
