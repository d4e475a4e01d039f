"""The names of every per-frame metric, built in one place, and the check that exercises only use them.

Per-leg metrics are keyed ``<name>.<leg>`` (:func:`leg_key`) with ``leg`` a :class:`Leg`:
``left``, ``right`` or ``both`` (the mean of the two). Declarations may write ``{leg}``,
``{other}`` or ``{side}`` for the leg a rep or hold is about; :func:`known_metric` accepts
them. A rule whose metric is misspelt would read NaN forever and never flag: the exercise
families call :func:`unknown_metrics` when a class is defined, so such a typo fails at import.
"""

from __future__ import annotations

from enum import StrEnum

from formcheck.analysis.faults import Rule
from formcheck.analysis.lumbopelvic import SERIES_KEYS as LUMBOPELVIC_KEYS


class Leg(StrEnum):
    """Which leg a metric, rep or hold is about."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


PER_LEG: tuple[str, ...] = (
    "thigh_elevation_deg",
    "knee_angle_deg",
    "hip_flexion_deg",
    "hip_extension_deg",
    "hip_line_deg",
    "hip_sag_deg",
    "hip_pike_deg",
    "knee_height_ratio",
    "ankle_height_ratio",
    "ankle_below_hip_ratio",
)
"""Metrics measured for each leg (``.left`` / ``.right``; ``.both`` = their mean)."""

WHOLE_BODY: tuple[str, ...] = (
    "trunk_lean_deg",
    "trunk_back_deg",
    "trunk_forward_deg",
    "trunk_incline_deg",
    "shoulder_above_hip_ratio",
    "hip_x_ratio",
    "hip_width_ratio",
    "wrist_above_shoulder_ratio",
    "elbow_above_shoulder_ratio",
    "shoulder_above_support_ratio",
    "nose_above_ears_ratio",
    "arms_above_frame",
    "camera_off_side_deg",
    "body_line_judged",
    "lumbar_arch_contour_deg",
    *LUMBOPELVIC_KEYS,
)
"""Metrics measured once per frame."""

PLACEHOLDERS = {"leg": Leg.LEFT.value, "other": Leg.RIGHT.value, "side": Leg.LEFT.value}


def leg_key(name: str, leg: Leg | str) -> str:
    """``leg_key("hip_flexion_deg", Leg.LEFT) == "hip_flexion_deg.left"``."""
    return f"{name}.{Leg(leg).value}"


def known_metric(key: str) -> bool:
    """True for a frame metric the body tracker or the lumbopelvic tracker measures (placeholders allowed)."""
    try:
        concrete = key.format(**PLACEHOLDERS)
    except (KeyError, IndexError, ValueError):
        return False
    if concrete in WHOLE_BODY:
        return True
    name, _, leg = concrete.rpartition(".")
    return name in PER_LEG and leg in {m.value for m in Leg}


def unknown_metrics(keys: tuple[str, ...]) -> list[str]:
    """The keys of ``keys`` that no tracker measures."""
    return [k for k in keys if not known_metric(k)]


def check_declaration(
    cls: type,
    *,
    rules: tuple[Rule, ...],
    rule_metrics: set[str],
    thresholds: set[str],
    frame_metrics: tuple[str, ...],
    threshold_refs: tuple[str, ...] = (),
) -> None:
    """Raise TypeError naming the field when a declaration refers to a metric or threshold that does not exist.

    Each rule's ``metric`` (and
    ``unless``) must be in ``rule_metrics``, their ``threshold`` in ``thresholds``, and so must
    the ``threshold_refs`` other declarations name; ``frame_metrics`` must all be measured per
    frame (:func:`known_metric`).
    """
    problems = []
    for rule in rules:
        metric, threshold, unless, fault = rule.metric, rule.threshold, rule.unless, rule.fault
        if metric not in rule_metrics:
            problems.append(
                f"rule {fault!r}: metric {metric!r} is not measured (choose from {', '.join(sorted(rule_metrics))})"
            )
        if threshold not in thresholds:
            problems.append(f"rule {fault!r}: threshold {threshold!r} is not in the config")
        if unless and unless not in rule_metrics:
            problems.append(f"rule {fault!r}: unless {unless!r} is not measured")
    problems += [f"threshold {name!r} is not in the config" for name in threshold_refs if name not in thresholds]
    problems += [f"frame metric {k!r} is not measured by any tracker" for k in unknown_metrics(frame_metrics)]
    if problems:
        raise TypeError(f"{cls.__name__}: " + "; ".join(problems))
