"""V-up, side view: legs and trunk rise together into a V and lower under control; reps.

The walkthrough of ``docs/adding-an-exercise.md``: a metric-table row (``body_fold_deg``) and this
one file; ``examples/exercises/v_up.toml`` declares the same exercise in TOML.
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
    name="v-up",
    looks=Looks(
        range_deg=(45, INF),
        top_deg=(90, INF),
        knee_deg=(150, INF),
        trunk_range_deg=(25, INF),
        words="legs and trunk folded into a V",
    ),
    title="V-up",
    summary="Reps; legs and trunk meet in a V, legs straight, lowered under control.",
    about="Lie on the back, arms overhead, legs straight; lift legs and trunk together into a V, reach for the "
    "feet, lower slowly.",
    setup="Lie on the back on a mat, legs straight, arms overhead.",
    camera=SUPINE_CAMERA,
    measures="how far the body folds at the hip (counting), knee angle at the top, lowering time",
    start_position=Posture.SUPINE,
    counting=RiseFromLow(signal="body_fold_deg"),
    thresholds=(
        Threshold(
            "min_excursion", 45.0, "deg", "Smallest rise of the body's fold from lying flat that is a V-up.",
            "a V-up folds the body 90-150 deg from flat; lifting only the head or the legs folds it a third of that",
            gt=0, le=180,
        ),
        Threshold(
            "min_fold_deg", 90.0, "deg", "Smallest fold at the top: legs and trunk meet in a V.",
            "starting value: 90 deg is an L, a V closes further", ge=0, le=180,
        ),
        Threshold(
            "min_knee_angle_deg", 150.0, "deg", "Smallest knee angle at the top (straight legs = 180).",
            "starting value: as the hanging leg raise's straight-leg limit", ge=90, le=180,
        ),
        Threshold(
            "min_lowering_s", 0.3, "s", "Shortest lowering from the top to two thirds of the way down.",
            "starting value: a body dropped from a V falls that far in about 0.25 s", ge=0, le=10,
        ),
    ),
    rep_metrics=(RepMetric("min_knee_angle_deg", "knee_angle_deg.both", "min", "top"),),
    rules=(
        Rule("shallow", "peak_body_fold_deg", "min_fold_deg", "min", Severity.WARNING,
             "legs and trunk did not meet in a V", "deg", "reach for the feet"),
        Rule("knees_bent", "min_knee_angle_deg", "min_knee_angle_deg", "min", Severity.WARNING,
             "knees bent at the top", "deg", "straight legs"),
        Rule("dropped", "lower_s", "min_lowering_s", "min", Severity.WARNING,
             "dropped back instead of lowering under control", "s", "lower slowly"),
    ),
)  # fmt: skip
