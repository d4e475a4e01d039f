"""Faults: what went wrong in a rep, with the measured value next to the limit."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Literal


class Severity(IntEnum):
    """How much a fault matters."""

    INFO = 0
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True)
class Fault:
    """One flagged fault.

    Attributes:
        code: stable dotted code, ``"<exercise>.<fault>"``.
        severity: INFO, WARNING or ERROR.
        message: one sentence for a person, e.g. "knee stayed below hip height".
        rep: rep number (1-based) or None for faults outside reps.
        start_s, end_s: when, in seconds from the source start.
        measured, limit, unit: the number seen and the number allowed.
        cue: a short spoken/on-screen correction ("knee higher").

    """

    code: str
    severity: Severity
    message: str
    rep: int | None
    start_s: float
    end_s: float
    measured: float
    limit: float
    unit: str
    cue: str = ""

    def to_json(self) -> dict[str, Any]:
        """The report's fault object."""
        return {
            "code": self.code,
            "severity": self.severity.name.lower(),
            "message": self.message,
            "rep": self.rep,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "measured": round(self.measured, 2),
            "limit": round(self.limit, 2),
            "unit": self.unit,
        }


@dataclass(frozen=True)
class RepRule:
    """A fault rule on one per-rep metric, compared with one config threshold.

    ``kind="min"`` flags when the metric is *below* the threshold (e.g. peak thigh
    elevation under 0 deg); ``kind="max"`` when it is *above* (e.g. trunk lean back over
    10 deg). A NaN metric (not measurable) never flags. ``unless`` names a per-rep metric
    that, when non-zero, makes the rule not apply to that rep (e.g. ``alternating``: the
    tempo and target-height rules of a raise do not apply to scissor kicks).
    """

    fault: str
    metric: str
    threshold: str
    kind: Literal["min", "max"]
    severity: Severity
    message: str
    unit: str
    cue: str
    unless: str = ""

    def check(
        self, exercise: str, rep: int, metrics: Mapping[str, float], config: Mapping[str, float],
        start_s: float, end_s: float,
    ) -> Fault | None:
        """The fault for this rep, or None when the rep passes."""
        if self.unless and metrics.get(self.unless, 0.0):
            return None
        measured = metrics.get(self.metric, math.nan)
        limit = float(config[self.threshold])
        if not math.isfinite(measured):
            return None
        failed = measured < limit if self.kind == "min" else measured > limit
        if not failed:
            return None
        return Fault(
            code=f"{exercise}.{self.fault}",
            severity=self.severity,
            message=self.message,
            rep=rep,
            start_s=start_s,
            end_s=end_s,
            measured=measured,
            limit=limit,
            unit=self.unit,
            cue=self.cue,
        )
