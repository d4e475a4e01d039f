"""Supine psoas march (band around the feet), side view: slow, low-range alternating hip flexion."""

from __future__ import annotations

from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._supine import (
    SUPINE_CAMERA,
    SUPINE_METRICS,
    SUPINE_SERIES,
    SUPINE_THRESHOLDS,
    supine_rules,
)
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="psoas-march",
    looks=Looks(range_deg=(10, 45), knee_deg=(0, 130), cycle_s=(1.5, INF), words="knees drawn up slowly in turn"),
    title="Psoas march",
    summary="Steps per leg; slow and controlled, pelvis still, lower back down.",
    about="Lie on the back with a band around the feet; draw one knee up a little at a time, slowly, alternating.",
    setup="Lie on the back, band around both feet; alternate small, slow knee lifts against the band.",
    camera=SUPINE_CAMERA,
    measures="thigh elevation per leg (counting), step duration, lower-back and pelvis proxies",
    start_position=Posture.SUPINE,
    lower_back="contour",
    counting=LegPair(signal="thigh_elevation_deg", both_legs_together=False),
    thresholds=(
        *SUPINE_THRESHOLDS,
        Threshold(
            "min_excursion",
            10.0,
            "deg",
            "Smallest rise of a thigh from its own low that is a march step.",
            "coaching guidance: low-range by design; twice the 3-5 deg wobble of resting legs on real supine clips",
            gt=0,
            le=90,
        ),
        Threshold(
            "min_rep_duration_s",
            1.5,
            "s",
            "Shortest step (rest to rest); faster is not controlled.",
            "starting value; coaching guidance: controlled",
            ge=0,
            le=20,
        ),
    ),
    rep_metrics=SUPINE_METRICS,
    series=SUPINE_SERIES,
    rules=(
        *supine_rules("pelvis_rocking", "pelvis rocked and the lower back arched"),
        Rule(
            "too_fast",
            "rep_s",
            "min_rep_duration_s",
            "min",
            Severity.WARNING,
            "step too fast to be controlled",
            "s",
            "slower",
        ),
    ),
)
