"""What a metric is: one row of the metric table (:mod:`formcheck.analysis.measure.table`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from formcheck.analysis.measure.formulas import MeasureFrame
from formcheck.analysis.measure.parts import BodyPart
from formcheck.core.landmarks import Side

Stage = Literal["body", "back", "front"]
"""The order a frame is measured in: the body's own values (``body``: enough to recognise the start
position), then the lower-back readings (``back``: their neutral is taken in the start position),
then the values that depend on which way the person faces (``front``: known from the start position)."""


class Leg(StrEnum):
    """Which leg a metric, rep or hold is about."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True)
class Metric:
    """One row of the metric table.

    Attributes:
        name: the key, ending in its unit where it has one (``_deg``, ``_ratio``, ``_pct``).
        unit: ``deg``, ``ratio``, ``pct`` or ``flag`` (0/1).
        description: what it is, with its sign convention.
        parts: the body parts that must be seen to measure it (:data:`~formcheck.analysis.measure.parts.BODY_PARTS`).
        leg_formula: per-leg metrics: the value for one leg.
        body_formula: whole-body metrics: the value.
        uses_front: depends on which way the person faces (measured once the start position is known).
        kind: ``landmarks``, or for the lower back and pelvis ``contour`` (segmentation mask) or
            ``landmark proxy`` (what the report says each such value is).
        label: short name in tables and on screen (default: the name without its unit).

    """

    name: str
    unit: str
    description: str
    parts: tuple[BodyPart, ...]
    leg_formula: Callable[[MeasureFrame, Side], float] | None = None
    body_formula: Callable[[MeasureFrame], float] | None = None
    uses_front: bool = False
    kind: str = "landmarks"
    label: str = ""

    @property
    def per_leg(self) -> bool:
        """Measured for each leg."""
        return self.leg_formula is not None

    @property
    def stage(self) -> Stage:
        """When in a frame it is measured (:data:`Stage`)."""
        if self.uses_front:
            return "front"
        return "body" if self.kind == "landmarks" else "back"


def leg_metric(
    name: str,
    unit: str,
    parts: tuple[BodyPart, ...],
    formula: Callable[[MeasureFrame, Side], float],
    description: str,
    *,
    uses_front: bool = False,
    label: str = "",
) -> Metric:
    """A per-leg row."""
    return Metric(name, unit, description, parts, leg_formula=formula, uses_front=uses_front, label=label)


def body_metric(
    name: str,
    unit: str,
    parts: tuple[BodyPart, ...],
    formula: Callable[[MeasureFrame], float],
    description: str,
    *,
    uses_front: bool = False,
    kind: str = "landmarks",
    label: str = "",
) -> Metric:
    """A whole-body row."""
    return Metric(name, unit, description, parts, body_formula=formula, uses_front=uses_front, kind=kind, label=label)
