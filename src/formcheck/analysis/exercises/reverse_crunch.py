"""Reverse crunch, side view: knees drawn to the chest with the hips curling off the floor; reps.

An example of an exercise added in one file: one spec, nothing else (``docs/adding-an-exercise.md``).
"""

from __future__ import annotations

from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._supine import SUPINE_CAMERA
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="reverse-crunch",
    looks=Looks(knee_deg=(0, 100), top_deg=(110, INF), words="bent knees curled to the chest"),
    title="Reverse crunch",
    summary="Reps; knees to the chest, hips curling off the floor, controlled lowering.",
    about="Lie on the back, knees bent; curl the knees to the chest so the hips leave the floor, lower slowly.",
    setup="Lie on the back, arms by the sides, knees bent and feet just off the floor.",
    camera=SUPINE_CAMERA,
    measures="hip flexion of both legs (counting), the shoulder-hip line's change (hip curl), lowering time",
    start_position=Posture.SUPINE,
    counting=RiseFromLow(signal="hip_flexion_deg"),
    thresholds=(
        Threshold(
            "min_excursion",
            30.0,
            "deg",
            "Smallest rise of the hip flexion from its low (feet near the floor) that is a crunch.",
            "real reps rise 70-90 deg (from 45-60 to 130-137)",
            gt=0,
            le=160,
        ),
        Threshold(
            "min_peak_deg",
            110.0,
            "deg",
            "Lowest peak hip flexion: the knees reach the chest.",
            "set under the peak of real reverse crunches (calibration table)",
            ge=0,
            le=180,
        ),
        Threshold(
            "min_curl_deg",
            4.0,
            "deg",
            "Smallest change of the shoulder-hip line during a rep: the hips curl "
            "off the floor (the point of a reverse crunch, as against a knee-to-chest).",
            "real reverse crunches change it 5-10 deg, a knee-to-chest with the back down 1-4 deg",
            ge=0,
            le=45,
        ),
        Threshold(
            "min_lowering_s",
            0.3,
            "s",
            "Shortest lowering from the top to two thirds of the way down.",
            "real controlled lowering takes 0.4-0.6 s",
            ge=0,
            le=10,
        ),
    ),
    rep_metrics=(RepMetric("curl_deg", "trunk_incline_deg", "range"),),
    rules=(
        Rule(
            "knees_short_of_chest",
            "peak_hip_flexion_deg",
            "min_peak_deg",
            "min",
            Severity.WARNING,
            "knees did not reach the chest",
            "deg",
            "knees to the chest",
        ),
        Rule(
            "no_hip_curl",
            "curl_deg",
            "min_curl_deg",
            "min",
            Severity.WARNING,
            "the hips stayed on the floor (a knee-to-chest, not a reverse crunch)",
            "deg",
            "curl the hips up",
        ),
        Rule(
            "fast_lowering",
            "lower_s",
            "min_lowering_s",
            "min",
            Severity.WARNING,
            "legs dropped instead of lowering under control",
            "s",
            "lower slowly",
        ),
    ),
)
