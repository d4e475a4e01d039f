"""Shared declarations of the standing knee lifts (standing knee raise, high knees).

A rep is a thigh rising from hanging down to about horizontal and back, counted per leg at
fixed levels of its elevation; it counts only when the whole body was in view, the leg
started from rest and the foot really left the floor (which tells a knee lift from the front
leg of a lunge, whose thigh also reaches horizontal).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from formcheck.analysis.display import HOLD_FIELDS, STRENGTH, Display, shown, signal_plot
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.rep_family import LUMBOPELVIC_METRICS, RepExercise, RepMetric
from formcheck.analysis.rep_levels import FixedLevels
from formcheck.analysis.rep_options import RepGate, RepTarget, SummaryExtra
from formcheck.analysis.thresholds import threshold


def top_hold_limit(default_s: float) -> Any:
    """Config field ``min_top_hold_s``: the shortest time at the top, s (0 disables)."""
    return threshold(
        default_s,
        "Shortest time at the top (within top_band_deg of the peak); 0 disables.",
        "s",
        "EXERCISES.md: hold 2-3 s at the top",
        ge=0,
        le=60,
    )


class KneeLiftConfig(BaseModel):
    """Thresholds of the knee lifts (degrees of thigh elevation unless noted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lift_enter_deg: float = threshold(
        -35.0,
        "Thigh elevation above which a lift is under way (counting threshold).",
        "deg",
        "calibrated on wahoo clips: resting thigh -75..-90, lifts -20..+45",
        ge=-80,
        le=30,
    )
    rest_enter_deg: float = threshold(
        -55.0,
        "Thigh elevation below which the leg is back down (hysteresis with lift_enter_deg).",
        "deg",
        "calibrated on wahoo clips",
        ge=-90,
        le=0,
    )
    knee_above_hip_deg: float = threshold(
        0.0,
        "Lowest peak thigh elevation that counts as knee above hip.",
        "deg",
        "EXERCISES.md: knee above hip = thigh above horizontal; real drives peak at +12 to +39 deg (wahoo bent-leg "
        "raises, skatefit knee lifts; margin 12)",
        ge=-45,
        le=45,
    )
    max_lean_back_deg: float = threshold(
        10.0,
        "Largest trunk lean behind vertical during a rep.",
        "deg",
        "real form: -7 to +5.4 deg over 11 knee drives (wahoo, skatefit: upright); margin 4.6 deg",
        ge=0,
        le=60,
    )
    max_lean_forward_deg: float = threshold(
        25.0,
        "Largest trunk lean in front of vertical at the top of a rep (trunk not upright).",
        "deg",
        "EXERCISES.md: stand tall; real form: -4 to +12.6 deg at the top over 11 knee drives; margin 12 deg",
        ge=0,
        le=90,
    )
    min_top_hold_s: float = top_hold_limit(0.0)
    top_band_deg: float = threshold(
        10.0, "Band under the peak that counts as 'at the top'.", "deg", "starting value", gt=0, le=45
    )
    min_lowering_s: float = threshold(
        0.0,
        "Shortest lowering time from the top back to rest; 0 disables.",
        "s",
        "starting value; EXERCISES.md: controlled lowering",
        ge=0,
        le=10,
    )
    min_foot_lift_ratio: float = threshold(
        0.5,
        "At the peak, the lifted ankle must be this many thigh lengths above the other ankle.",
        "ratio",
        "calibrated: knee drives 1.0-1.8, lunge front leg -0.1",
        ge=0,
        le=3,
    )
    min_dwell_s: float = threshold(
        0.04,
        "Time a threshold must stay crossed before the counter changes state.",
        "s",
        "about one frame at 24-30 fps",
        ge=0,
        le=1,
    )
    min_rep_s: float = threshold(0.2, "Shortest rep (rest to rest).", "s", "starting value", ge=0, le=10)


LEANING_BACK = Rule(
    "leaning_back",
    "trunk_lean_deg",
    "max_lean_back_deg",
    "max",
    Severity.ERROR,
    "leaning back",
    "deg",
    "don't lean back",
    missing="fail",
)
"""Checked on every frame of a lift: the cue at once, and a top hold is not in form while leaning back."""


THIGH_TEMPO_COLUMNS = (
    shown("peak_thigh_elevation_deg", "thigh"),
    shown("peak_hip_flexion_deg", "hip flex"),
    shown("hold_s", "hold"),
    shown("lift_s", "lift"),
    shown("lower_s", "lower"),
)
BACK_COLUMNS = (shown("max_lumbar_depth_change_pct", "back Δ"), shown("max_pelvic_tilt_proxy_deg", "pelvis Δ"))
KNEE_LIFT_DISPLAY = Display(
    "reps",
    hud=(
        shown("thigh_elevation_deg.{leg}", "thigh"),
        shown("hip_flexion_deg.{leg}", "hip flex"),
        shown("trunk_lean_deg", "trunk lean"),
    ),
    rep_columns=(
        *THIGH_TEMPO_COLUMNS,
        shown("max_lean_back_deg", "lean back"),
        shown("max_lean_forward_deg", "lean forward"),
        *BACK_COLUMNS,
        shown("max_lumbar_curve_change_deg", "lumbar curve Δ"),
        shown("max_hip_drop_deg", "hip drop"),
    ),
    terminal_columns=(*THIGH_TEMPO_COLUMNS, *BACK_COLUMNS),
    hold_columns=HOLD_FIELDS,
    plot=signal_plot("thigh_elevation_deg", ("knee_above_hip_deg",)),
    programme=STRENGTH,
)
"""Thigh, hip flexion and trunk lean on the HUD; thigh, hip flexion, tempo and the lower-back readings in the
rep tables (the HTML one adds the trunk lean and more back readings)."""


class KneeLift(RepExercise):
    """A thigh lifted from hanging to about horizontal, one leg at a time, standing; subclasses add rules."""

    posture = None  # the counter's rest level (leg down) is the start
    whole_body_in_picture = True
    settle_s = 0.25
    lumbopelvic_proxies = True
    start_guidance = "stand tall with both feet down to start"
    config_model: ClassVar[type[BaseModel]] = KneeLiftConfig
    signal = "thigh_elevation_deg"
    legs = "each"
    counting = FixedLevels("lift_enter_deg", "rest_enter_deg")
    top_band_threshold = "top_band_deg"
    accept = RepGate(
        "peak_foot_lift_ratio",
        "min_foot_lift_ratio",
        "min",
        "ignored_foot_down_lifts",
        "{n} thigh lifts were seen but the foot stayed near the floor (a lunge or step, not a knee raise: the "
        "lifted ankle must rise {limit:.1f} thigh lengths)",
    )
    target = RepTarget("knee_above_hip_deg", "knee_above_hip_reps")
    live_checks = (LEANING_BACK,)
    summary_extras: ClassVar[tuple[SummaryExtra, ...]] = ("cadence_lifts_per_min", "legs_relabelled_frames")
    rep_metrics = (
        RepMetric("peak_hip_flexion_deg", "hip_flexion_deg.{leg}", "max"),
        RepMetric("peak_knee_height_ratio", "knee_height_ratio.{leg}", "max"),
        RepMetric("peak_foot_lift_ratio", "ankle_height_ratio.{leg}", "max"),
        RepMetric("max_lean_back_deg", "trunk_lean_deg", "max"),
        RepMetric("max_lean_forward_deg", "trunk_forward_deg", "max", "top"),
        *LUMBOPELVIC_METRICS,
    )

    @classmethod
    def default_display(cls, thresholds: set[str]) -> Display:
        """The knee lifts' display (:data:`KNEE_LIFT_DISPLAY`)."""
        return KNEE_LIFT_DISPLAY

    series_keys = (
        "hip_flexion_deg.left",
        "hip_flexion_deg.right",
        "knee_height_ratio.left",
        "knee_height_ratio.right",
        "ankle_height_ratio.left",
        "ankle_height_ratio.right",
        "trunk_lean_deg",
    )
