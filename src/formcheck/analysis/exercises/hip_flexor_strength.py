"""Hip-flexor strength test, side view: knee held above hip level without the trunk compensating; per side."""

from __future__ import annotations

from formcheck.analysis.count.hold import Hold
from formcheck.analysis.display import Programme
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="hip-flexor-test",
    looks=Looks(words="one knee held up"),
    title="Hip-flexor strength test",
    summary="Pass/fail and hold time per side: knee above hip, no leaning back or trunk compensation.",
    about="Foot on a chair with the thigh parallel, lift the foot off and hold the knee above hip level.",
    setup="Stand tall beside a chair, one foot on it with the thigh parallel to the floor; lift the foot off.",
    camera="side-on at hip height, about 3 m away, the tested leg nearer the camera",
    measures="thigh elevation of the lifted leg, trunk lean each frame while standing on one leg",
    start_position=Posture.ONE_LEG_STAND,
    counting=Hold(side="lifted leg"),
    programme=Programme(
        None, (10.0, 10.0), (1, 1), (1, 1), "the test: the knee held above the hip in good form 10 s per side"
    ),
    thresholds=(
        Threshold(
            "target_s",
            10.0,
            "s",
            "In-form time to pass the test on a side.",
            "starting value (the coaching material gives no number)",
            ge=0,
            le=600,
        ),
        Threshold(
            "min_thigh_elevation_deg",
            0.0,
            "deg",
            "Lowest thigh elevation in form: knee at or above hip.",
            "coaching guidance: hold the knee above hip level",
            ge=-45,
            le=45,
        ),
        Threshold(
            "max_trunk_back_deg",
            8.0,
            "deg",
            "Largest trunk lean behind vertical.",
            "starting value; coaching guidance: no leaning back",
            ge=0,
            le=60,
        ),
        Threshold(
            "max_trunk_forward_deg",
            12.0,
            "deg",
            "Largest trunk lean in front of vertical (compensation).",
            "starting value",
            ge=0,
            le=60,
        ),
    ),
    rules=(
        Rule(
            "knee_below_hip",
            "thigh_elevation_deg.{side}",
            "min_thigh_elevation_deg",
            "min",
            Severity.ERROR,
            "knee dropped below hip level",
            "deg",
            "knee up",
            missing="fail",
        ),
        Rule(
            "leaning_back",
            "trunk_back_deg",
            "max_trunk_back_deg",
            "max",
            Severity.ERROR,
            "leaned back",
            "deg",
            "stand tall",
            missing="fail",
        ),
        Rule(
            "trunk_compensation",
            "trunk_forward_deg",
            "max_trunk_forward_deg",
            "max",
            Severity.WARNING,
            "trunk bent forward to help",
            "deg",
            "stand tall",
            missing="fail",
        ),
    ),
    short_hold_message="knee held above hip in good form for less than the target: test not passed on this side",
)
