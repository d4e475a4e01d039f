"""Hip-flexor strength test, side view: knee held above hip level without the trunk compensating; per side."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import Programme
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldExercise, HoldFamilyConfig
from formcheck.analysis.posture import Posture, lifted_leg
from formcheck.analysis.registry import register
from formcheck.analysis.thresholds import threshold


class HipFlexorTestConfig(HoldFamilyConfig):
    """Hold timing plus knee height and trunk limits."""

    target_s: float = threshold(
        10.0,
        "In-form time to pass the test on a side.",
        "s",
        "starting value (the material gives no number)",
        ge=0,
        le=600,
    )
    min_thigh_elevation_deg: float = threshold(
        0.0,
        "Lowest thigh elevation in form: knee at or above hip.",
        "deg",
        "EXERCISES.md: hold the knee above hip level",
        ge=-45,
        le=45,
    )
    max_trunk_back_deg: float = threshold(
        8.0, "Largest trunk lean behind vertical.", "deg", "starting value; EXERCISES.md: no leaning back", ge=0, le=60
    )
    max_trunk_forward_deg: float = threshold(
        12.0, "Largest trunk lean in front of vertical (compensation).", "deg", "starting value", ge=0, le=60
    )


@register
class HipFlexorTest(HoldExercise):
    """Foot on a chair with the thigh parallel, lift the foot off and hold the knee above hip level."""

    name = "hip-flexor-test"
    title = "Hip-flexor strength test"
    view = "side"
    summary_text = "Pass/fail and hold time per side: knee above hip, no leaning back or trunk compensation."
    setup = "Stand tall beside a chair, one foot on it with the thigh parallel to the floor; lift the foot off."
    camera = "side-on at hip height, about 3 m away, the tested leg nearer the camera"
    measures = "thigh elevation of the lifted leg, trunk lean each frame while standing on one leg"
    posture = Posture.ONE_LEG_STAND
    per_side = True
    side_of = staticmethod(lifted_leg)
    config_model: ClassVar[type[BaseModel]] = HipFlexorTestConfig
    programme = Programme(None, (10.0, 10.0), "the test: knee held above hip in good form 10 s per side")
    checks = (
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
    )
    short_hold_message = "knee held above hip in good form for less than the target: test not passed on this side"
