"""Shared declarations of the exercises done lying on the back (lower back must stay down)."""

from __future__ import annotations

from formcheck.analysis.family import LUMBAR_CONTOUR_METRIC, contour_arch_limit
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.rep_family import RepFamilyConfig, RepMetric
from formcheck.analysis.thresholds import threshold


class SupineConfig(RepFamilyConfig):
    """Lower-back proxies shared by the supine exercises."""

    max_pelvis_rock_deg: float = threshold(
        6.0,
        "Largest change of the shoulder-hip line angle during a rep: landmark proxy of the pelvis rocking "
        "and the lower back arching or lifting (BlazePose has no spine points; the back-contour value "
        "max_lumbar_arch_contour_deg is the measurement).",
        "deg",
        "real form: 1.2-4.8 deg in 27 reps with the lower back down (gymlessabs leg raises and scissors, "
        "life_enherance dead bug); hips curling off the floor (gymlessabs reverse crunch) 5-10 deg",
        ge=0,
        le=45,
    )
    max_trunk_incline_deg: float = threshold(
        25.0,
        "Largest angle of the shoulder-hip line above the floor during a rep (shoulders lifting: a sit-up "
        "or V-up movement, not this exercise).",
        "deg",
        "real form: 2-9 deg in 27 gymlessabs and life_enherance "
        "supine reps (head and shoulders slightly raised in the scissors); V-ups reach 50-70 deg; margin 16 deg",
        ge=0,
        le=90,
    )
    max_lumbar_arch_contour_deg: float = contour_arch_limit(
        25.0,
        "real good form, through the video with the mask: -4.9 to +17.8 deg over 23 leg raises and scissor "
        "kicks with the lower back down (gymlessabs), 6-9 deg in the dead bug; the contour change is noisy, so "
        "the limit sits 7 deg above the worst good rep",
    )


SUPINE_METRICS = (
    RepMetric("pelvis_rock_deg", "trunk_incline_deg", "range"),
    RepMetric("max_trunk_incline_deg", "trunk_incline_deg", "max"),
    RepMetric("max_lumbar_arch_contour_deg", LUMBAR_CONTOUR_METRIC, "max"),
)


def supine_rules(arch_fault: str, message: str) -> tuple[Rule, ...]:
    """The lower-back rules under the exercise's own fault name."""
    return (
        Rule(
            arch_fault,
            "pelvis_rock_deg",
            "max_pelvis_rock_deg",
            "max",
            Severity.ERROR,
            message + " (landmark proxy: shoulder-hip line rocked)",
            "deg",
            "keep the lower back down",
        ),
        Rule(
            "shoulders_lifted",
            "max_trunk_incline_deg",
            "max_trunk_incline_deg",
            "max",
            Severity.WARNING,
            "shoulders came off the floor (a sit-up or V-up movement, not this exercise)",
            "deg",
            "shoulders down",
        ),
        Rule(
            "lumbar_arch_contour",
            "max_lumbar_arch_contour_deg",
            "max_lumbar_arch_contour_deg",
            "max",
            Severity.ERROR,
            message + " (back contour)",
            "deg",
            "keep the lower back down",
        ),
    )


SUPINE_CAMERA = "side-on at floor level (camera low, about 1 m up at most), 3 m away, head to feet in the picture"
