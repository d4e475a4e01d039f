"""Faults: what went wrong in a rep, with the measured value next to the limit."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, with_config


class Severity(StrEnum):
    """How much a fault matters."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


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
            "severity": self.severity.value,
            "message": self.message,
            "rep": self.rep,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "measured": round(self.measured, 2),
            "limit": round(self.limit, 2),
            "unit": self.unit,
        }


Missing = Literal["pass", "fail"]


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class Rule:
    """One fault rule: a metric compared with one config threshold. Used per rep and per held frame.

    ``kind="min"`` flags when the metric is *below* the threshold (e.g. peak thigh
    elevation under 0 deg); ``kind="max"`` when it is *above* (e.g. trunk lean back over
    10 deg). ``missing`` is the NaN policy, explicit: ``"pass"`` (a value that cannot be
    measured never flags: per-rep rules, optional measurements such as the back contour)
    or ``"fail"`` (a held frame whose check cannot be measured is not in form: no credit
    from guesses). ``unless`` names a metric that, when non-zero, makes the rule not apply
    (``alternating``: the tempo and target-height rules of a raise do not apply to scissor
    kicks). Hold checks only: ``costs_hold`` (False = flagged, but the time still counts
    in form: a tuck L-sit), ``depth_sensitive`` (not judged from far off side-on).
    """

    fault: str
    metric: str
    threshold: str
    kind: Literal["min", "max"]
    severity: Severity
    message: str
    unit: str
    cue: str
    missing: Missing = "pass"
    unless: str = ""
    costs_hold: bool = True
    depth_sensitive: bool = False

    def violated(self, value: float, limit: float) -> bool:
        """True when ``value`` is on the wrong side of ``limit`` (a NaN value: per ``missing``)."""
        if not math.isfinite(value):
            return self.missing == "fail"
        return value < limit if self.kind == "min" else value > limit

    def passes(self, value: float, limit: float) -> bool:
        """The opposite of :meth:`violated`."""
        return not self.violated(value, limit)

    def check(
        self,
        exercise: str,
        rep: int,
        metrics: Mapping[str, float],
        config: Mapping[str, float],
        start_s: float,
        end_s: float,
    ) -> Fault | None:
        """The fault for this rep, or None when the rep passes (a rep's NaN metric never flags)."""
        if self.unless and metrics.get(self.unless, 0.0):
            return None
        measured = metrics.get(self.metric, math.nan)
        limit = float(config[self.threshold])
        if not math.isfinite(measured) or not self.violated(measured, limit):
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
