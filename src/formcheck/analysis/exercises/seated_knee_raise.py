"""Seated knee raise (seated hip-flexor drill), side view: reps per leg with a 2-3 s top hold."""

from __future__ import annotations

from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.display import DRILL
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="seated-knee-raise",
    looks=Looks(range_deg=(8, INF), knee_deg=(0, 140), words="a knee lifted off the seat"),
    title="Seated knee raise",
    summary="Reps per leg; lift height, 2-3 s hold, no slouching or squirming.",
    about="Sit tall, lift one knee a few inches off the seat, hold 2-3 s, lower; 2 sets of 8-10 per leg.",
    setup="Sit tall on a chair or bench, feet flat, hands beside the hips; lift one knee at a time.",
    measures="thigh elevation per leg above its resting angle on the seat (counting), top hold time, trunk lean and "
    "its range during each rep",
    start_position=Posture.SEATED,
    counting=LegPair(signal="thigh_elevation_deg", both_legs_together=False, relative_to_rest=True),
    programme=DRILL,
    thresholds=(
        Threshold(
            "min_excursion",
            6.0,
            "deg",
            "Smallest rise of the thigh above its resting angle on the seat that is a lift.",
            "'several inches' of a 40-50 cm thigh is 10-20 deg; resting thighs wobble 2-3 deg",
            gt=0,
            le=60,
        ),
        Threshold(
            "top_band", 4.0, "deg", "Band under the peak that counts as the top hold.", "starting value", gt=0, le=30
        ),
        Threshold(
            "min_lift_deg",
            12.0,
            "deg",
            "Smallest peak thigh elevation above rest (lift too small below).",
            "coaching guidance: lift the knee several inches",
            ge=0,
            le=60,
        ),
        Threshold("min_hold_s", 2.0, "s", "Shortest top hold.", "coaching guidance: a 2-3 s hold", ge=0, le=30),
        Threshold(
            "max_trunk_forward_deg",
            20.0,
            "deg",
            "Largest forward lean of the shoulder-hip line (slouching; landmark proxy of trunk flexion).",
            "starting value; set about 50 for the harder variant with the trunk leaning 45 deg forward",
            ge=0,
            le=90,
        ),
        Threshold(
            "max_trunk_motion_deg",
            8.0,
            "deg",
            "Largest range of trunk lean during a rep (squirming: the trunk moves instead of the thigh).",
            "starting value",
            ge=0,
            le=90,
        ),
    ),
    rep_metrics=(
        RepMetric("max_trunk_forward_deg", "trunk_forward_deg", "max"),
        RepMetric("trunk_motion_deg", "trunk_lean_deg", "range"),
    ),
    rules=(
        Rule(
            "slouching",
            "max_trunk_forward_deg",
            "max_trunk_forward_deg",
            "max",
            Severity.WARNING,
            "trunk slumped forward (landmark proxy: shoulder-hip line)",
            "deg",
            "sit tall",
        ),
        Rule(
            "squirming",
            "trunk_motion_deg",
            "max_trunk_motion_deg",
            "max",
            Severity.WARNING,
            "the trunk moved to lift the leg",
            "deg",
            "keep the trunk still",
        ),
        Rule(
            "lift_too_small",
            "peak_thigh_elevation_deg",
            "min_lift_deg",
            "min",
            Severity.WARNING,
            "knee lifted too little",
            "deg",
            "knee higher",
        ),
        Rule(
            "short_hold",
            "hold_s",
            "min_hold_s",
            "min",
            Severity.WARNING,
            "top hold shorter than 2 s",
            "s",
            "hold at the top",
        ),
    ),
)
