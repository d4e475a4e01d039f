"""Hold family: time spent in a position, and the part of it in good form, per side, against a target.

An exercise declares the position (:class:`~formcheck.analysis.posture.Posture`, and for
one-sided holds a function naming the side), and its form checks (:class:`~formcheck.analysis.faults.Rule`,
usually with ``missing="fail"``: a frame metric compared with one threshold). :class:`HoldTimer` opens a hold when the
position is taken, closes it when the position has been left for ``exit_grace_s``, and
accumulates per frame: total time, time with every check passing (in form), and for each
check the time it failed and its worst value. At the end of each hold:

- ``<exercise>.<check fault>`` when a check failed for at least ``max_fault_s``
  (measured = the median value while it failed, robust to a one-frame spike; limit = the
  threshold);
- ``<exercise>.short_hold`` when the in-form time is under ``target_s``.

A frame whose checks cannot be measured (NaN) is not in form: no credit from guesses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

from formcheck.analysis.base import ExerciseResult, FrameResult, HoldRecord, SideMode
from formcheck.analysis.display import HOLD, HOLD_FIELDS, Display, Plot, resolve_display, shown, signal_plot, words
from formcheck.analysis.family import BODY_LINE_JUDGED, MAX_OFF_SIDE_DEG, FamilyAnalyzer
from formcheck.analysis.faults import Fault, Rule, Severity
from formcheck.analysis.lumbopelvic import SERIES_KEYS as LUMBO_SERIES_KEYS
from formcheck.analysis.metrics import check_declaration
from formcheck.analysis.posture import Posture
from formcheck.analysis.thresholds import threshold
from formcheck.core.landmarks import Side
from formcheck.core.types import FloatArray, PoseFrame

HOLD_SIDE_KEY = "hold_side"
"""Per-frame series: the side being held in that frame (``HOLD_SIDE_CODES``), None out of position."""
HOLD_SIDE_CODES = {"left": -1.0, "both": 0.0, "right": 1.0}


class HoldFamilyConfig(BaseModel):
    """Timing thresholds shared by the hold family."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target_s: float = threshold(30.0, "In-form time each hold should reach.", "s", "per exercise", ge=0, le=600)
    min_hold_s: float = threshold(
        2.0, "Shorter spells in the position are transitions, not holds.", "s", "starting value", ge=0, le=60
    )
    max_fault_s: float = threshold(
        1.0,
        "A form check must fail at least this long to be reported.",
        "s",
        "starting value: ignores one-second wobbles",
        ge=0,
        le=60,
    )
    exit_grace_s: float = threshold(0.5, "Out of position this long ends the hold.", "s", "starting value", ge=0, le=10)


@dataclass
class OpenHold:
    """A hold being timed."""

    side: str
    start_s: float
    last_in_s: float
    duration_s: float = 0.0
    in_form_s: float = 0.0
    failed_s: dict[str, float] = field(default_factory=dict)
    failed_values: dict[str, list[float]] = field(default_factory=dict)
    unjudged_s: dict[str, float] = field(default_factory=dict)

    def typical_failed(self, fault: str) -> float:
        """Median value of a check while it failed (NaN when never measured failing)."""
        vals = self.failed_values.get(fault, [])
        return float(np.median(vals)) if vals else math.nan


class HoldTimer:
    """Times holds from per-frame (in position, side, check values) observations."""

    def __init__(self, checks: tuple[Rule, ...], limits: Mapping[str, float], exit_grace_s: float) -> None:
        self.checks = checks
        self.limits = limits
        self.exit_grace_s = exit_grace_s
        self.current: OpenHold | None = None
        self._prev_t: float | None = None

    def update(
        self, t: float, side: str | None, values: Mapping[str, float], skipped: frozenset[str] = frozenset()
    ) -> OpenHold | None:
        """Advance one frame (``side`` None = not in position); returns a hold that just closed.

        Checks named in ``skipped`` are not judged in this frame (they pass).
        """
        dt = 0.0 if self._prev_t is None else min(max(t - self._prev_t, 0.0), 0.5)
        self._prev_t = t
        closed = None
        cur = self.current
        if cur is not None and (
            (side is not None and side != cur.side) or (side is None and t - cur.last_in_s > self.exit_grace_s)
        ):
            closed, self.current = cur, None
        if side is None:
            return closed
        if self.current is None:
            self.current = OpenHold(side, t, t)
            dt = 0.0
        cur = self.current
        cur.last_in_s = t
        cur.duration_s += dt
        ok = True
        for c in self.checks:
            v = values.get(c.fault, math.nan)
            if c.fault in skipped:
                cur.unjudged_s[c.fault] = cur.unjudged_s.get(c.fault, 0.0) + dt
                continue
            if not c.passes(v, self.limits[c.threshold]):
                ok = ok and not c.costs_hold
                cur.failed_s[c.fault] = cur.failed_s.get(c.fault, 0.0) + dt
                if math.isfinite(v):
                    cur.failed_values.setdefault(c.fault, []).append(v)
        if ok:
            cur.in_form_s += dt
        return closed

    def close(self) -> OpenHold | None:
        """End the hold in progress (end of input)."""
        cur, self.current = self.current, None
        return cur


class HoldExercise(FamilyAnalyzer):
    """Declarative hold analyzer; subclasses set posture, checks and (one-sided holds) ``side_of``."""

    config_model: ClassVar[type[BaseModel]] = HoldFamilyConfig
    posture: ClassVar[Posture]
    checks: ClassVar[tuple[Rule, ...]] = ()
    per_side: ClassVar[bool] = False
    series_keys: ClassVar[tuple[str, ...]] = ()
    short_hold_message: ClassVar[str] = "hold in good form shorter than the target"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Check the declaration when the class is defined: a typo in a check fails at import."""
        super().__init_subclass__(**kwargs)
        metrics = tuple(c.metric for c in cls.checks)
        thresholds = set(cls.config_model.model_fields)
        check_declaration(
            cls,
            rules=cls.checks,
            rule_metrics=set(metrics),
            thresholds=thresholds,
            frame_metrics=(*metrics, *cls.series_keys),
        )
        series = (*cls.report_series(), *(LUMBO_SERIES_KEYS if cls.uses_mask else ()))
        cls.display = resolve_display(cls, cls.default_display(), rep_metrics=(), series=series, thresholds=thresholds)

    @classmethod
    def report_series(cls) -> tuple[str, ...]:
        """The report's per-frame series besides the lumbopelvic ones.

        Each check's metric (per side), the declared ``series_keys``, the side held.
        """
        sides = ("left", "right") if cls.per_side else ("both",)
        return (
            *dict.fromkeys(c.metric.format(side=sd) for c in cls.checks for sd in sides),
            *cls.series_keys,
            HOLD_SIDE_KEY,
        )

    @classmethod
    def default_display(cls) -> Display:
        """The family's display: each check's metric on the HUD, the first one plotted against its limit."""
        first = cls.checks[0] if cls.checks else None
        plot = (
            None
            if first is None
            else Plot(
                first.metric.split(".")[0],
                signal_plot(first.metric.split(".")[0]).label,
                first.threshold,
                words(first.threshold),
            )
        )
        columns = HOLD_FIELDS if cls.per_side else HOLD_FIELDS[1:]
        return Display(
            "holds",
            hud=tuple(shown(m) for m in dict.fromkeys(c.metric for c in cls.checks)),
            hold_columns=columns,
            plot=plot,
            programme=HOLD,
        )

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        super().__init__(config, side=side)
        c = self.thresholds
        self.timer = HoldTimer(self.checks, c, c["exit_grace_s"])
        self.holds: list[HoldRecord] = []
        self.faults: list[Fault] = []
        self._last_t = 0.0
        self.unjudged_s: dict[str, float] = {}
        self._longest_spell_s = 0.0

    @staticmethod
    def side_of(m: Mapping[str, float], xy: FloatArray) -> Side | None:
        """One-sided holds: the side being worked in this frame (None = not in the position)."""
        return None

    def _side(self, m: Mapping[str, float], xy: FloatArray) -> str | None:
        if not self.per_side:
            return "both"
        s = self.side_of(m, xy)
        if s is None or (self.side_mode != "auto" and s.value != self.side_mode):
            return None
        return s.value

    def step(self, pose: PoseFrame) -> FrameResult:
        """Measure, advance the hold timer, judge a hold that just ended."""
        body, m, usable, in_pos = self.observe(pose)
        self._last_t = body.t
        side = self._side(m, body.measure_xy) if in_pos else None
        values = {c.fault: m.get(c.metric.format(side=side or "both"), math.nan) for c in self.checks}
        skipped = frozenset(c.fault for c in self.checks if c.depth_sensitive and not m.get(BODY_LINE_JUDGED, 1.0))
        closed = self.timer.update(body.t, side, values, skipped)
        self.frames[-1][HOLD_SIDE_KEY] = math.nan if side is None else HOLD_SIDE_CODES[side]
        new = self._judge(closed) if closed is not None else []
        cur = self.timer.current
        cues = [
            c.cue
            for c in self.checks
            if cur is not None and not c.passes(values[c.fault], self.thresholds[c.threshold])
        ]
        return FrameResult(
            t=body.t,
            phase="hold" if cur is not None else "out of position",
            rep_count=len(self.holds),
            reps_by_side={},
            metrics=self.readouts(m, side or "both"),
            hold_s=cur.in_form_s if cur is not None else 0.0,
            cues=tuple(dict.fromkeys(cues)),
            guidance=self.guidance(body, in_pos),
            in_view=usable,
            new_faults=tuple(new),
        )

    def _judge(self, hold: OpenHold) -> list[Fault]:
        c = self.thresholds
        self._longest_spell_s = max(self._longest_spell_s, hold.duration_s)
        if hold.duration_s < c["min_hold_s"]:
            return []
        for fault, seconds in hold.unjudged_s.items():
            self.unjudged_s[fault] = self.unjudged_s.get(fault, 0.0) + seconds
        end = hold.last_in_s
        side = None if hold.side == "both" else hold.side
        self.holds.append(
            HoldRecord(hold.start_s, end, hold.duration_s, hold.in_form_s, side, None, c["target_s"] or None)
        )
        faults = []
        for chk in self.checks:
            failed = hold.failed_s.get(chk.fault, 0.0)
            typical = hold.typical_failed(chk.fault)
            if failed >= c["max_fault_s"] and math.isfinite(typical):
                faults.append(
                    Fault(
                        f"{self.name}.{chk.fault}",
                        chk.severity,
                        f"{chk.message} for {failed:.1f} s",
                        None,
                        hold.start_s,
                        end,
                        typical,
                        float(c[chk.threshold]),
                        chk.unit,
                        chk.cue,
                    )
                )
        if hold.in_form_s < c["target_s"]:
            faults.append(
                Fault(
                    f"{self.name}.short_hold",
                    Severity.WARNING,
                    self.short_hold_message,
                    None,
                    hold.start_s,
                    end,
                    hold.in_form_s,
                    float(c["target_s"]),
                    "s",
                    "hold longer",
                )
            )
        self.faults += faults
        return faults

    def zero_reason(self) -> str | None:
        """Why no time in good form was measured, with the numbers (None when some was)."""
        if any(h.in_form_s > 0 for h in self.holds):
            return None
        gate = self.gate_reason()
        if gate is not None:
            return gate
        need = float(self.thresholds["min_hold_s"])
        if not self.holds:
            return (
                f"no hold: the position ({self.posture.value}) was kept at most {self._longest_spell_s:.1f} s "
                f"at a time; a hold needs {need:.1f} s"
            )
        worst = max(self.faults, key=lambda f: f.end_s - f.start_s, default=None)
        failing = [f for f in self.faults if not f.code.endswith(".short_hold")]
        if not failing or worst is None:
            return "held, but no frame passed every form check"
        parts = "; ".join(f"{f.message}: {f.measured:.1f} {f.unit} against {f.limit:.1f}" for f in failing[:3])
        return f"held {sum(h.duration_s for h in self.holds):.1f} s but never in good form: {parts}"

    def warnings(self) -> list[str]:
        """Family warnings (led by why nothing was held when so), plus checks not judged from this camera angle."""
        reason = self.zero_reason()
        out = ([reason] if reason else []) + super().warnings()
        for fault, seconds in self.unjudged_s.items():
            if seconds >= 0.5:
                out.append(
                    f"{fault.replace('_', ' ')} not judged for {seconds:.1f} s of the hold: the camera was more "
                    f"than {MAX_OFF_SIDE_DEG:.0f} deg off side-on there, where that value rests on the pose "
                    "model's depth guess; film side-on to have it checked"
                )
        return out

    def summary(self) -> dict[str, Any]:
        """In-form time per side and pass/fail against the target."""
        by_side: dict[str, float] = {}
        for h in self.holds:
            key = h.side or "both"
            by_side[key] = max(by_side.get(key, 0.0), h.in_form_s)
        target = float(self.thresholds["target_s"])
        reason = self.zero_reason()
        return {
            **({"why_nothing_counted": reason} if reason else {}),
            "best_in_form_s_by_side": {k: round(v, 2) for k, v in by_side.items()},
            "target_s": target,
            "passed_by_side": {k: v >= target for k, v in by_side.items()},
            "passed": bool(by_side) and all(v >= target for v in by_side.values()),
            **self.framing_summary(),
        }

    def finish(self) -> ExerciseResult:
        """Close the hold in progress and return the result."""
        closed = self.timer.close()
        if closed is not None:
            self._judge(closed)
        return self.result(
            reps=(),
            holds=self.holds,
            faults=self.faults,
            warnings=self.warnings(),
            summary=self.summary(),
            series=self.series_out(self.report_series()),
            view=self.framing.detected_view(),
            counting_signal=None,
            frames_with_person=self.framing.frames_detected,
        )
