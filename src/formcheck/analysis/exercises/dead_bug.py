"""Dead bug, side view: reps per side from a 90/90 start, lower back down, no rotation."""

from __future__ import annotations

from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._supine import SUPINE_CAMERA, SUPINE_METRICS, SUPINE_THRESHOLDS, supine_rules
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="dead-bug",
    looks=Looks(range_deg=(40, INF), top_deg=(150, INF), words="legs stretched out in turn from the table top"),
    title="Dead bug",
    summary="Reps per side; 90/90 start, lower back down, no hip or trunk rotation.",
    about="Lower back pressed to the floor, knees at 90 deg; extend the opposite arm and leg, return, alternate.",
    setup="Lie on the back, arms up, hips and knees at 90 degrees, lower back pressed to the floor.",
    camera=SUPINE_CAMERA,
    measures="knee angle per leg (counting: extension), start knee angle, hip-to-hip distance (rotation), "
    "lower-back proxies",
    start_position=Posture.SUPINE,
    lower_back="contour",
    counting=LegPair(signal="knee_angle_deg", both_legs_together=False),
    thresholds=(
        *SUPINE_THRESHOLDS,
        Threshold(
            "min_excursion",
            25.0,
            "deg",
            "Smallest opening of the knee from its low (the 90-deg tabletop) that is a leg extension.",
            "starting value: a full extension opens the knee by 60-90 deg",
            gt=0,
            le=120,
        ),
        Threshold(
            "max_start_knee_error_deg",
            30.0,
            "deg",
            "Largest distance of the knee angle from 90 deg in the half second before a rep.",
            "the landmark knee angle of a bent knee reads 10-20 deg open, so a tabletop at 90 deg by "
            "eye measures off by that much (calibration table)",
            ge=0,
            le=90,
        ),
        Threshold(
            "max_rotation_ratio",
            0.25,
            "ratio",
            "Largest change of the hip-to-hip distance during a rep, in "
            "torso lengths (the pelvis rotating toward or away from a side-on camera).",
            "set above real reps with the hips square (calibration table)",
            ge=0,
            le=2,
        ),
    ),
    rep_metrics=(
        *SUPINE_METRICS,
        RepMetric("start_knee_error_deg", "knee_angle_deg.{leg}", "max_abs", "before", offset=90.0),
        RepMetric("rotation_ratio", "hip_width_ratio", "range"),
    ),
    series=("trunk_incline_deg", "hip_width_ratio"),
    rules=(
        *supine_rules("back_lifting", "lower back lifted off the floor"),
        Rule(
            "knees_not_90",
            "start_knee_error_deg",
            "max_start_knee_error_deg",
            "max",
            Severity.WARNING,
            "knee not at 90 degrees at the start",
            "deg",
            "knees at 90",
        ),
        Rule(
            "trunk_rotation",
            "rotation_ratio",
            "max_rotation_ratio",
            "max",
            Severity.ERROR,
            "hips and trunk rotated",
            "ratio",
            "keep the hips square",
        ),
    ),
)
