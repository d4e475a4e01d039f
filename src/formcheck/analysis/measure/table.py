"""The metric table: every per-frame measurement declared once, with its unit, meaning, body parts and formula.

A row is a :class:`Metric`. Per-leg metrics (``per_leg``) are measured for each leg and keyed
``<name>.left`` / ``<name>.right``, with ``<name>.both`` the mean of the two (the legs that
were measured); the others are keyed by their name. Everything about a metric comes from its
row: how it is computed (:func:`measure`), whether a name is measured at all
(:func:`known_metric`, used to check exercise declarations), its unit and label (reports),
and which body parts must be seen for it (:func:`parts_needed`).

To add a metric, add a row to :data:`METRICS` (a formula of one frame, see
:mod:`formcheck.analysis.measure.formulas`); ``docs/adding-an-exercise.md`` walks through it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

from formcheck.analysis.measure import formulas as fm
from formcheck.analysis.measure.formulas import MeasureFrame
from formcheck.analysis.measure.lumbopelvic import BACK_DESCRIPTIONS
from formcheck.analysis.measure.lumbopelvic import KINDS as BACK_KINDS
from formcheck.analysis.measure.metric import Leg, Metric, Stage, body_metric, leg_metric
from formcheck.analysis.measure.parts import BodyPart
from formcheck.core import geometry as geo
from formcheck.core.landmarks import Side


def _orientation(key: str) -> Callable[[MeasureFrame], float]:
    return lambda f: f.orientation[key]


def _picture(key: str) -> Callable[[MeasureFrame], float]:
    return lambda f: f.picture[key]


def _reading(key: str) -> Callable[[MeasureFrame], float]:
    return lambda f: f.reading(key)


TRUNK: tuple[BodyPart, ...] = ("shoulders", "hips")
THIGH: tuple[BodyPart, ...] = ("hips", "knees")
LEG: tuple[BodyPart, ...] = ("hips", "knees", "feet")
BODY_LINE: tuple[BodyPart, ...] = ("shoulders", "hips", "feet")
ARMS: tuple[BodyPart, ...] = ("shoulders", "hips", "arms")
_BACK_UNITS = {"lumbar_position_ratio": "ratio", "lordosis_index": "pct"}

# fmt: off
METRICS: tuple[Metric, ...] = (
    # per leg: name, unit, body parts, formula of one frame and one leg, meaning
    leg_metric("thigh_elevation_deg", "deg", THIGH, fm.thigh_elevation,
               "Thigh (hip to knee) against the horizontal; + knee above the hip (0 = knee at hip height)."),
    leg_metric("knee_height_ratio", "ratio", THIGH, fm.knee_height, "Knee height above the hip, in thigh lengths."),
    leg_metric("hip_flexion_deg", "deg", ("shoulders", "hips", "knees"), lambda f, s: f.once(fm.hip_flexion, s),
               "Angle between the trunk line and the thigh; 0 = in line, 90 = at a right angle, - = extended.",
               uses_front=True),
    leg_metric("hip_extension_deg", "deg", ("shoulders", "hips", "knees"), lambda f, s: -f.once(fm.hip_flexion, s),
               "Hip flexion with the opposite sign: + = the thigh behind the trunk line.", uses_front=True),
    leg_metric("knee_angle_deg", "deg", LEG, fm.knee_angle, "Hip-knee-ankle angle; 180 = straight."),
    leg_metric("ankle_height_ratio", "ratio", LEG, fm.ankle_height,
               "Height of this ankle above the other one, in thigh lengths (a foot off the floor)."),
    leg_metric("ankle_below_hip_ratio", "ratio", LEG, fm.ankle_below_hip,
               "The hip's height above this ankle, in thigh lengths."),
    leg_metric("hip_line_deg", "deg", BODY_LINE, lambda f, s: f.once(fm.hip_line, s),
               "Bend of the shoulder-hip-ankle line at the hip; + hips above the line (pike), - below (sag); "
               "not measured standing or far off side-on.", label="body line"),
    leg_metric("hip_sag_deg", "deg", BODY_LINE, lambda f, s: -f.once(fm.hip_line, s),
               "Hips below the shoulder-ankle line (landmark proxy of the lower back sagging), deg."),
    leg_metric("hip_pike_deg", "deg", BODY_LINE, lambda f, s: f.once(fm.hip_line, s),
               "Hips above the shoulder-ankle line (piked), deg."),
    leg_metric("body_fold_deg", "deg", BODY_LINE,
               lambda f, s: 180.0 - float(geo.joint_angle(f.point(s, "shoulder"), f.point(s, "hip"),
                                                          f.point(s, "ankle"))),
               "How far the body folds at the hip: 180 minus the shoulder-hip-ankle angle (0 straight, 90 an L)."),
    # whole body: name, unit, body parts, formula of one frame, meaning
    body_metric("trunk_lean_deg", "deg", TRUNK, fm.trunk_lean,
                "Trunk line against the vertical; + leaning back, - forward.", uses_front=True),
    body_metric("trunk_back_deg", "deg", TRUNK, fm.trunk_lean, "Trunk lean behind the vertical (+ back).",
                uses_front=True),
    body_metric("trunk_forward_deg", "deg", TRUNK, lambda f: -fm.trunk_lean(f),
                "Trunk lean in front of the vertical (+ forward).", uses_front=True),
    body_metric("trunk_incline_deg", "deg", TRUNK, _orientation("trunk_incline_deg"),
                "Trunk line against the horizontal, 0-90 (90 upright, 0 lying or in a plank)."),
    body_metric("shoulder_above_hip_ratio", "ratio", TRUNK, _orientation("shoulder_above_hip_ratio"),
                "Shoulder height above the hips, in torso lengths."),
    body_metric("wrist_above_shoulder_ratio", "ratio", ARMS, _orientation("wrist_above_shoulder_ratio"),
                "The higher wrist above the shoulders, in torso lengths (hanging > 0.5)."),
    body_metric("elbow_above_shoulder_ratio", "ratio", ARMS, _orientation("elbow_above_shoulder_ratio"),
                "The higher elbow above the shoulders, in torso lengths."),
    body_metric("shoulder_above_support_ratio", "ratio", ARMS, _orientation("shoulder_above_support_ratio"),
                "Shoulders above the lower of elbows and wrists, in torso lengths (plank 0.5-1, lying about 0)."),
    body_metric("nose_above_ears_ratio", "ratio", ("head", "shoulders", "hips"), _orientation("nose_above_ears_ratio"),
                "Nose above the ears, in torso lengths (+ face up, - face down)."),
    body_metric("front_up_bend", "ratio", ("shoulders", "hips", "knees"), _orientation("front_up_bend"),
                "Where the hip and knee bends put the body's front: + up (on the back), - down (a plank); "
                "0 with no joint bent 30 deg."),
    body_metric("hip_x_ratio", "ratio", TRUNK, _picture("hip_x_ratio"),
                "Mid-hip's horizontal position in the picture, in torso lengths (its range over a rep is a swing)."),
    body_metric("hip_width_ratio", "ratio", TRUNK, _picture("hip_width_ratio"),
                "Hip-to-hip distance in the picture, in torso lengths (grows as the pelvis turns)."),
    body_metric("arms_above_frame", "flag", ("arms",), _picture("arms_above_frame"),
                "1 when a wrist or elbow is above the top of the picture (hanging from a bar out of view)."),
    body_metric("camera_off_side_deg", "deg", TRUNK, lambda f: f.body.off_side_deg,
                "The camera's angle from side-on, from the world landmarks (0 side-on, 90 facing)."),
    body_metric("body_line_judged", "flag", (), lambda f: 1.0 if f.body_line_judged else 0.0,
                "1 when the camera is near enough side-on (45 deg) for the body-line bend to be judged."),
    # the lower back and pelvis (measured when an exercise asks for them; see lumbopelvic.py)
    body_metric("lumbar_arch_contour_deg", "deg", TRUNK, _reading("lumbar_curve_change_deg"),
                "Change of the lower-back curve angle from the person's own neutral, on the back contour of the "
                "segmentation mask (side view); absent without the mask.", kind="contour"),
    *(body_metric(key, _BACK_UNITS.get(key, key.rsplit("_", 1)[-1]), TRUNK, _reading(key), BACK_DESCRIPTIONS[key],
                  kind=kind) for key, kind in BACK_KINDS.items()),
    body_metric("contour_confidence", "ratio", TRUNK, _reading("contour_confidence"),
                "How sure the back-contour values of this frame are, 0-1.", kind="contour"),
    body_metric("proxy_confidence", "ratio", TRUNK, _reading("proxy_confidence"),
                "How sure the pelvis landmark proxies of this frame are, 0-1.", kind="landmark proxy"),
)
# fmt: on
"""The metric table (see the module docstring)."""

BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}
PLACEHOLDERS = {"leg": Leg.LEFT.value, "other": Leg.RIGHT.value, "side": Leg.LEFT.value}
"""What a declaration may write for the leg a rep or hold is about: ``hip_flexion_deg.{leg}``."""
LUMBOPELVIC_KEYS: tuple[str, ...] = (*BACK_KINDS, "contour_confidence", "proxy_confidence")
"""The lower-back and pelvis readings, measured when an exercise asks for them."""


def leg_key(name: str, leg: Leg | str) -> str:
    """``leg_key("hip_flexion_deg", Leg.LEFT) == "hip_flexion_deg.left"``."""
    return f"{name}.{Leg(leg).value}"


def row_of(key: str) -> Metric | None:
    """The row a key is measured by (``thigh_elevation_deg.left``, placeholders allowed), or None."""
    try:
        concrete = key.format(**PLACEHOLDERS)
    except (KeyError, IndexError, ValueError):
        return None
    if concrete in BY_NAME and not BY_NAME[concrete].per_leg:
        return BY_NAME[concrete]
    name, _, leg = concrete.rpartition(".")
    row = BY_NAME.get(name)
    return row if row is not None and row.per_leg and leg in {m.value for m in Leg} else None


def known_metric(key: str) -> bool:
    """True for a frame metric the table measures (placeholders allowed)."""
    return row_of(key) is not None


def parts_needed(keys: Iterable[str]) -> tuple[BodyPart, ...]:
    """The body parts that must be seen to measure every one of ``keys`` (unknown keys need none)."""
    needed: dict[BodyPart, None] = {}
    for key in keys:
        row = row_of(key)
        if row is not None:
            needed.update(dict.fromkeys(row.parts))
    return tuple(needed)


def unit_of(key: str) -> str:
    """The unit of a frame metric (``""`` when the key is not in the table)."""
    row = row_of(key)
    return row.unit if row is not None else ""


def measure(frame: MeasureFrame, stage: Stage) -> dict[str, float]:
    """The values of every row of ``stage``, keyed as the module docstring says."""
    out: dict[str, float] = {}
    for row in METRICS:
        if row.stage != stage:
            continue
        if row.leg_formula is not None:
            values = [row.leg_formula(frame, side) for side in Side]
            for side, value in zip(Side, values, strict=True):
                out[f"{row.name}.{side.value}"] = value
            out[f"{row.name}.both"] = _mean_of_numbers(values)
        elif row.body_formula is not None:
            out[row.name] = row.body_formula(frame)
    return out


def undetected(stage: Stage) -> dict[str, float]:
    """Every value of :func:`measure` for a frame with nobody in it: NaN (the body line counts as judged)."""
    out = {}
    for row in METRICS:
        if row.stage == stage:
            keys = [f"{row.name}.{leg.value}" for leg in Leg] if row.per_leg else [row.name]
            out.update(dict.fromkeys(keys, math.nan))
    if "body_line_judged" in out:
        out["body_line_judged"] = 1.0
    return out


def kinds(keys: Iterable[str]) -> dict[str, str]:
    """What each lower-back/pelvis key is (``contour`` or ``landmark proxy``); other keys are left out."""
    return {k: BACK_KINDS[k] for k in keys if k in BACK_KINDS}


def _mean_of_numbers(values: list[float]) -> float:
    """Mean of the values that are not NaN (NaN when none is)."""
    kept = [v for v in values if not math.isnan(v)]
    return sum(kept) / len(kept) if kept else math.nan


def describe(keys: Iterable[str] | None = None) -> list[Mapping[str, str]]:
    """The table as rows of text (name, unit, per leg, parts, description), for docs and ``--show``."""
    wanted = None if keys is None else {k.split(".")[0] for k in keys}
    return [
        {
            "name": m.name,
            "unit": m.unit,
            "per_leg": "yes" if m.per_leg else "",
            "parts": ", ".join(m.parts),
            "description": m.description,
        }
        for m in METRICS
        if wanted is None or m.name in wanted
    ]
