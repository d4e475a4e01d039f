"""Timing holds: time in the start position, the part in good form, per side, against a target (:class:`Hold`).

The exercise's rules are checked on every frame of a hold (:mod:`formcheck.analysis.judge.holds`);
a one-sided hold (a half-kneeling stretch, the single-leg test) names how its side is told
(:data:`~formcheck.analysis.positions.sides.HoldSide`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, with_config

from formcheck.analysis.count.protocol import Counted, CountingContext, CountState, Observation
from formcheck.analysis.display import HOLD, HOLD_FIELDS, Display, Plot, shown, signal_plot, words
from formcheck.analysis.judge.holds import HoldJudge, HoldTimer
from formcheck.analysis.measure.formulas import MAX_OFF_SIDE_DEG
from formcheck.analysis.positions.sides import SIDE_OF, HoldSide
from formcheck.analysis.results import RepRecord
from formcheck.analysis.thresholds import Threshold

HOLD_SIDE_KEY = "hold_side"
"""Per-frame series: the side being held in that frame (``HOLD_SIDE_CODES``), None out of position."""
HOLD_SIDE_CODES = {"left": -1.0, "both": 0.0, "right": 1.0}

SETTINGS = (
    Threshold("target_s", 30.0, "s", "In-form time each hold should reach.", "per exercise", ge=0, le=600),
    Threshold("min_hold_s", 1.5, "s", "Shorter spells in the position are transitions, not holds.",
              "a spell of 1.5 s is a (short) hold, reported against its target; the labels mark stretch "
              "pulses of 1.3-1.5 s as holds, and no report of the shared clips changed from 2.0 s", ge=0, le=60),
    Threshold("max_fault_s", 1.0, "s", "A form check must fail at least this long to be reported.",
              "starting value: ignores one-second wobbles", ge=0, le=60),
    Threshold("exit_grace_s", 0.5, "s", "Out of position this long ends the hold.", "starting value", ge=0, le=10),
)  # fmt: skip
"""The settings of hold timing, with their defaults."""


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, kw_only=True)
class Hold:
    """Time holds of the start position; the exercise's rules are its per-frame form checks.

    ``side``: for a one-sided hold, how the side worked is told (None: both sides at once).
    """

    counts: ClassVar[str] = "holds"
    strategy: Literal["hold"] = "hold"
    side: HoldSide | None = None

    @property
    def per_side(self) -> bool:
        """A one-sided hold."""
        return self.side is not None

    def thresholds(self) -> tuple[Threshold, ...]:
        """:data:`SETTINGS`."""
        return SETTINGS

    def threshold_names(self) -> tuple[str, ...]:
        """Every config key the timer reads."""
        return tuple(t.name for t in SETTINGS)

    def rep_metric_names(self) -> tuple[str, ...]:
        """None: holds count no reps."""
        return ()

    def frame_metrics(self) -> tuple[str, ...]:
        """Nothing beyond the rules' metrics."""
        return ()

    def problems(self, config: Mapping[str, float]) -> list[str]:
        """Nothing to check across thresholds."""
        return []

    def sides(self) -> tuple[str, ...]:
        """The sides a hold can be of."""
        return ("left", "right") if self.per_side else ("both",)

    def series_keys(self, exercise: Any) -> tuple[str, ...]:
        """Each rule's metric (per side), the declared series, the side held."""
        checks = dict.fromkeys(r.metric.format(side=sd) for r in exercise.rules for sd in self.sides())
        return (*checks, *exercise.series, HOLD_SIDE_KEY)

    def default_display(self, exercise: Any, thresholds: set[str]) -> Display:
        """Each rule's metric on the HUD, the first one plotted against its limit."""
        first = exercise.rules[0] if exercise.rules else None
        plot = None
        if first is not None:
            metric = first.metric.split(".")[0]
            plot = Plot(metric, signal_plot(metric).label, first.threshold, words(first.threshold))
        return Display(
            "holds",
            hud=tuple(shown(m) for m in dict.fromkeys(r.metric for r in exercise.rules)),
            hold_columns=HOLD_FIELDS if self.per_side else HOLD_FIELDS[1:],
            plot=plot,
            programme=HOLD,
        )

    def start(self, context: CountingContext) -> HoldCounting:
        """The counter of one set."""
        return HoldCounting(self, context)


class HoldCounting:
    """Times the holds of one set (see :class:`Hold`)."""

    def __init__(self, hold: Hold, context: CountingContext) -> None:
        self.hold, self.context = hold, context
        exercise, c = context.exercise, context.config
        self.checks = exercise.rules
        self.timer = HoldTimer(self.checks, c, c["exit_grace_s"])
        self.judge = HoldJudge(exercise.name, self.checks, c, exercise.short_hold_message)

    def _side(self, obs: Observation) -> str | None:
        """The side held in this frame (``both`` for two-sided holds), None out of the position."""
        if not obs.in_position:
            return None
        if self.hold.side is None:
            return "both"
        side = SIDE_OF[self.hold.side](obs.metrics, obs.body.measure_xy)
        mode = self.context.side_mode
        if side is None or (mode != "auto" and side.value != mode):
            return None
        return side.value

    def step(self, obs: Observation) -> CountState:
        """Advance the timer; judge a hold that just ended."""
        side = self._side(obs)
        m = obs.metrics
        values = {c.fault: m.get(c.metric.format(side=side or "both"), math.nan) for c in self.checks}
        skipped = frozenset(c.fault for c in self.checks if c.depth_sensitive and not m.get("body_line_judged", 1.0))
        closed = self.timer.update(obs.t, side, values, skipped, unseen=not obs.usable or obs.position_unknown)
        self.context.series.set_last(HOLD_SIDE_KEY, math.nan if side is None else HOLD_SIDE_CODES[side])
        new = self.judge.judge(closed) if closed is not None else []
        cur = self.timer.current
        cues = [
            c.cue
            for c in self.checks
            if cur is not None and not c.passes(values[c.fault], self.context.config[c.threshold])
        ]
        return CountState(
            phase="hold" if cur is not None else "out of position",
            count=len(self.judge.holds),
            by_side={},
            leg=side or "both",
            hold_s=cur.in_form_s if cur is not None else 0.0,
            cues=tuple(dict.fromkeys(cues)),
            new_faults=tuple(new),
        )

    def reps_so_far(self) -> Sequence[RepRecord]:
        """None: holds count no reps."""
        return ()

    def finish(self, gate_reason: str | None) -> Counted:
        """Close the hold in progress; the holds, their faults and why nothing was held in form."""
        closed = self.timer.close()
        if closed is not None:
            self.judge.judge(closed)
        holds = self.judge.holds
        by_side: dict[str, float] = {}
        for h in holds:
            key = h.side or "both"
            by_side[key] = max(by_side.get(key, 0.0), h.in_form_s)
        target = float(self.context.config["target_s"])
        summary = {
            "best_in_form_s_by_side": {k: round(v, 2) for k, v in by_side.items()},
            "target_s": target,
            "passed_by_side": {k: v >= target for k, v in by_side.items()},
            "passed": bool(by_side) and all(v >= target for v in by_side.values()),
        }
        return Counted(
            reps=(),
            holds=tuple(holds),
            faults=tuple(self.judge.faults),
            summary=summary,
            warnings=tuple(self._unjudged()),
            why_nothing=self._why_nothing(gate_reason),
            series_keys=self.hold.series_keys(self.context.exercise),
        )

    def _unjudged(self) -> list[str]:
        """Checks not judged for a while: the camera was too far off side-on for them."""
        return [
            f"{fault.replace('_', ' ')} not judged for {seconds:.1f} s of the hold: the camera was more "
            f"than {MAX_OFF_SIDE_DEG:.0f} deg off side-on there, where that value rests on the pose "
            "model's depth guess; film side-on to have it checked"
            for fault, seconds in self.judge.unjudged_s.items()
            if seconds >= 0.5
        ]

    def _why_nothing(self, gate_reason: str | None) -> str | None:
        """Why no time in good form was measured, with the numbers (None when some was)."""
        judge = self.judge
        if any(h.in_form_s > 0 for h in judge.holds):
            return None
        if gate_reason is not None:
            return gate_reason
        need = float(self.context.config["min_hold_s"])
        if not judge.holds:
            position = self.context.exercise.start_position
            named = position.value if position is not None else "the position"
            return (
                f"no hold: the position ({named}) was kept at most {judge.longest_spell_s:.1f} s "
                f"at a time; a hold needs {need:.1f} s"
            )
        worst = max(judge.faults, key=lambda f: f.end_s - f.start_s, default=None)
        failing = [f for f in judge.faults if not f.code.endswith(".short_hold")]
        if not failing or worst is None:
            return "held, but no frame passed every form check"
        parts = "; ".join(f"{f.message}: {f.measured:.1f} {f.unit} against {f.limit:.1f}" for f in failing[:3])
        return f"held {sum(h.duration_s for h in judge.holds):.1f} s but never in good form: {parts}"
