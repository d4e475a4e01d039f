"""Lying leg raise (supine straight-leg raise, one leg, both, or alternating scissor kicks), side view."""

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
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import INF, Looks
from formcheck.analysis.thresholds import Threshold

SPEC = ExerciseSpec(
    name="lying-leg-raise",
    looks=Looks(knee_deg=(100, INF), trunk_range_deg=(-INF, 30), words="straight legs raised"),
    title="Lying leg raise",
    summary="Reps per leg; target height, straight knees, lower back down, controlled lowering.",
    about="Lie on the back, legs straight; raise one or both legs, lower them under control.",
    setup="Lie on the back on the floor or a bench, legs straight, arms by the sides.",
    camera=SUPINE_CAMERA,
    measures="hip flexion per leg (counting), thigh elevation above the floor and knee angle at the top, lowering "
    "time, lower-back proxies",
    start_position=Posture.SUPINE,
    lower_back="contour",
    counting=LegPair(signal="hip_flexion_deg"),
    thresholds=(
        *SUPINE_THRESHOLDS,
        Threshold(
            "min_excursion",
            8.0,
            "deg",
            "Smallest rise of a hip's flexion from its own low that is a raise.",
            "below the smallest real raise seen (a partly hidden far leg in scissor kicks rises 15-20 deg "
            "from its hover); resting and hovering legs wobble 3-5 deg",
            gt=0,
            le=90,
        ),
        Threshold(
            "min_peak_deg",
            70.0,
            "deg",
            "Target height: lowest peak thigh elevation above the floor.",
            "coaching guidance: legs toward vertical (calibration table); not applied to alternating "
            "kicks (scissors reach 35-50 deg by design)",
            ge=0,
            le=90,
        ),
        Threshold(
            "min_knee_angle_deg",
            160.0,
            "deg",
            "Smallest knee angle at the top (straight = 180).",
            "set under real leg raises and scissor kicks with straight knees (calibration table)",
            ge=90,
            le=180,
        ),
        Threshold(
            "min_lowering_s",
            0.3,
            "s",
            "Shortest lowering time from leaving the top to two thirds of the way down.",
            "set under real controlled lowering (calibration table); a dropped leg falls that far in "
            "about 0.25 s; not applied to alternating kicks, whose legs pass each other quickly by "
            "design",
            ge=0,
            le=10,
        ),
    ),
    rep_metrics=(
        *SUPINE_METRICS,
        RepMetric("min_knee_angle_deg", "knee_angle_deg.{leg}", "min", "top"),
        RepMetric("peak_thigh_elevation_deg", "thigh_elevation_deg.{leg}", "max"),
    ),
    series=SUPINE_SERIES,
    rules=(
        *supine_rules("back_arching", "lower back arched off the floor"),
        Rule(
            "knees_bent",
            "min_knee_angle_deg",
            "min_knee_angle_deg",
            "min",
            Severity.WARNING,
            "knee bent during the raise",
            "deg",
            "keep the leg straight",
        ),
        Rule(
            "below_target",
            "peak_thigh_elevation_deg",
            "min_peak_deg",
            "min",
            Severity.WARNING,
            "leg did not reach the target height",
            "deg",
            "leg higher",
            unless="alternating",
        ),
        Rule(
            "uncontrolled_lowering",
            "lower_s",
            "min_lowering_s",
            "min",
            Severity.WARNING,
            "leg dropped instead of lowering under control",
            "s",
            "lower slowly",
            unless="alternating",
        ),
    ),
)
