"""Supine psoas march (band around the feet), side view: slow, low-range alternating hip flexion."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.exercises._supine import SUPINE_CAMERA, SUPINE_METRICS, SupineConfig, supine_rules
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register
from formcheck.analysis.rep_family import RepExercise
from formcheck.analysis.thresholds import threshold


class PsoasMarchConfig(SupineConfig):
    """Thresholds in degrees of thigh elevation above the floor unless noted."""

    min_excursion: float = threshold(
        10.0,
        "Smallest rise of a thigh from its own low that is a march step.",
        "deg",
        "low-range by design (EXERCISES.md); twice the 3-5 deg wobble of resting legs on the real supine clips",
        gt=0,
        le=90,
    )
    min_rep_duration_s: float = threshold(
        1.5,
        "Shortest step (rest to rest); faster is not controlled.",
        "s",
        "starting value; EXERCISES.md: controlled",
        ge=0,
        le=20,
    )


@register
class PsoasMarch(RepExercise):
    """Lie on the back with a band around the feet; draw one knee up a little at a time, slowly, alternating."""

    name = "psoas-march"
    title = "Psoas march"
    view = "side"
    summary_text = "Steps per leg; slow and controlled, pelvis still, lower back down."
    setup = "Lie on the back, band around both feet; alternate small, slow knee lifts against the band."
    camera = SUPINE_CAMERA
    measures = "thigh elevation per leg (counting), step duration, lower-back and pelvis proxies"
    uses_mask = True
    posture = Posture.SUPINE
    config_model: ClassVar[type[BaseModel]] = PsoasMarchConfig
    signal = "thigh_elevation_deg"
    legs = "each"
    both_legs_together = False
    rep_metrics = SUPINE_METRICS
    series_keys = ("trunk_incline_deg", "shoulder_above_hip_ratio")
    rules = (
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
    )
