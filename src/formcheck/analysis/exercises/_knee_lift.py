"""Shared declarations of the standing knee lifts (standing knee raise, high knees).

A rep is a thigh rising from hanging down to about horizontal and back, counted per leg at
fixed levels of its elevation; it counts when the hips and knees are in view (tight framing
that cuts off the feet still counts), the leg started from rest and, where the feet are seen,
the foot really left the floor (which tells a knee lift from the front leg of a lunge, whose
thigh also reaches horizontal; a rep whose feet were never seen is counted and the check is
reported as left out).
"""

from __future__ import annotations

from formcheck.analysis.count.fixed_levels import FixedLevels
from formcheck.analysis.display import HOLD_FIELDS, STRENGTH, shown, signal_plot
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.options import RepGate, RepTarget
from formcheck.analysis.judge.rep_metrics import LUMBOPELVIC_METRICS, RepMetric
from formcheck.analysis.thresholds import Threshold

KNEE_LIFT_THRESHOLDS = (
    Threshold(
        "lift_enter_deg",
        -35.0,
        "deg",
        "Thigh elevation above which a lift is under way (counting threshold).",
        "a standing thigh rests at -75 to -90 deg; real knee lifts reach -20 to +45 deg",
        ge=-80,
        le=30,
    ),
    Threshold(
        "rest_enter_deg",
        -55.0,
        "deg",
        "Thigh elevation below which the leg is back down (hysteresis with lift_enter_deg).",
        "20 deg under the lift level, still well above a resting thigh (-75 to -90 deg)",
        ge=-90,
        le=0,
    ),
    Threshold(
        "knee_above_hip_deg",
        0.0,
        "deg",
        "Lowest peak thigh elevation that counts as knee above hip.",
        "coaching guidance: the knee above the hip means the thigh above horizontal (calibration table)",
        ge=-45,
        le=45,
    ),
    Threshold(
        "max_lean_back_deg",
        10.0,
        "deg",
        "Largest trunk lean behind vertical during a rep.",
        "set above the trunk lean of real upright knee drives (calibration table)",
        ge=0,
        le=60,
    ),
    Threshold(
        "max_lean_forward_deg",
        25.0,
        "deg",
        "Largest trunk lean in front of vertical at the top of a rep (trunk not upright).",
        "coaching guidance: stand tall; set above the forward lean of real upright drives at the "
        "top (calibration table)",
        ge=0,
        le=90,
    ),
    Threshold(
        "min_top_hold_s",
        0.0,
        "s",
        "Shortest time at the top (within top_band_deg of the peak); 0 disables.",
        "coaching guidance: the drill holds 2-3 s at the top; off for dynamic lifts",
        ge=0,
        le=60,
    ),
    Threshold(
        "top_band_deg", 10.0, "deg", "Band under the peak that counts as 'at the top'.", "starting value", gt=0, le=45
    ),
    Threshold(
        "min_lowering_s",
        0.0,
        "s",
        "Shortest lowering time from the top back to rest; 0 disables.",
        "starting value; coaching guidance: a controlled lowering",
        ge=0,
        le=10,
    ),
    Threshold(
        "min_foot_lift_ratio",
        0.5,
        "ratio",
        "At the peak, the lifted ankle must be this many thigh lengths above the other ankle.",
        "real knee drives lift the ankle 1.0-1.8 thigh lengths, a lunge's front leg about -0.1",
        ge=0,
        le=3,
    ),
)
"""The knee lifts' thresholds (degrees of thigh elevation unless noted)."""

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


KNEE_LIFT = ExerciseSpec(
    name="knee-lift",
    title="Knee lift",
    summary="Lifts per leg; knee to hip height, no leaning back.",
    measures="thigh elevation per leg (counting), trunk lean",
    settle_s=0.25,
    lower_back="landmarks",
    start_guidance="stand tall with both feet down to start",
    counting=FixedLevels(signal="thigh_elevation_deg", lift_enter="lift_enter_deg", rest_enter="rest_enter_deg"),
    thresholds=KNEE_LIFT_THRESHOLDS,
    accept=RepGate(
        "peak_foot_lift_ratio",
        "min_foot_lift_ratio",
        "min",
        "ignored_foot_down_lifts",
        "{n} thigh lifts were seen but the foot stayed near the floor (a lunge or step, not a knee raise: the "
        "lifted ankle must rise {limit:.1f} thigh lengths)",
    ),
    target=RepTarget("knee_above_hip_deg", "knee_above_hip_reps"),
    live_checks=(LEANING_BACK,),
    summary_extras=("cadence_lifts_per_min", "legs_relabelled_frames"),
    rep_metrics=(
        RepMetric("peak_hip_flexion_deg", "hip_flexion_deg.{leg}", "max"),
        RepMetric("peak_knee_height_ratio", "knee_height_ratio.{leg}", "max"),
        RepMetric("peak_foot_lift_ratio", "ankle_height_ratio.{leg}", "max"),
        RepMetric("max_lean_back_deg", "trunk_lean_deg", "max"),
        RepMetric("max_lean_forward_deg", "trunk_forward_deg", "max", "top"),
        *LUMBOPELVIC_METRICS,
    ),
    series=(
        "hip_flexion_deg.left",
        "hip_flexion_deg.right",
        "knee_height_ratio.left",
        "knee_height_ratio.right",
        "ankle_height_ratio.left",
        "ankle_height_ratio.right",
        "trunk_lean_deg",
    ),
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
"""What the standing knee lifts share; each exercise is this with its own name, rules and settings
(``dataclasses.replace``, new thresholds merged over these)."""
