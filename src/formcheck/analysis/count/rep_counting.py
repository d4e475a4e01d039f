"""What the rep strategies share: feeding the counting signal, judging what they find, the live state, the summary.

A rep strategy (:mod:`~formcheck.analysis.count.fixed_levels`,
:mod:`~formcheck.analysis.count.rise_from_low`, :mod:`~formcheck.analysis.count.leg_pair`) is a
subclass of :class:`RepCounting` that says how the signal's values become reps
(:meth:`RepCounting.advance`), where each leg is in its movement, how a rep's tempo is timed
and why nothing was counted. Everything else is here, once.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from formcheck.analysis.count.alternation import HiddenLegSpans, inferred_reps, inferred_sentence
from formcheck.analysis.count.protocol import Counted, CountingContext, CountState, Observation
from formcheck.analysis.faults import Fault
from formcheck.analysis.judge.options import cadence_per_min
from formcheck.analysis.judge.reps import RepJudge
from formcheck.analysis.results import RepRecord
from formcheck.analysis.signal.tempo import TopRun
from formcheck.analysis.signal.traces import Phase, RepTrace
from formcheck.core.landmarks import Side


class RepCounting(ABC):
    """The counter of one set of reps; subclasses are the strategies (module docstring).

    Args:
        signal: the per-leg metric counted (``thigh_elevation_deg``).
        context: the set's exercise, thresholds, frames and framing.
        band_threshold: the config key of the band under the peak that counts as the top.
        legs: the legs counted on their own (``left``, ``right``) or ``("both",)`` for their mean.
        alternation: reps are marked alternating when they follow the other leg's.

    """

    def __init__(
        self, signal: str, context: CountingContext, *, band_threshold: str, legs: tuple[str, ...], alternation: bool
    ) -> None:
        self.signal, self.context, self.legs = signal, context, legs
        self.config = context.config
        self.band = float(self.config[band_threshold])
        self.judge = RepJudge(context.exercise, signal, context.config, context.series, alternation=alternation)
        self.out_of_position_s = 0.0
        """Time in view but out of the start position since the last rep ended, s."""
        self._prev_t: float | None = None
        self._skipped_both = 0
        self._hidden = HiddenLegSpans(legs)

    # ---- what a strategy says -----------------------------------------------------------
    @abstractmethod
    def advance(self, obs: Observation, values: Mapping[str, float]) -> list[Fault]:
        """Feed one frame's signal values (per counted leg); judge the reps that ended; their faults."""

    @abstractmethod
    def phase(self, leg: str) -> Phase:
        """Where ``leg`` is in its movement."""

    @abstractmethod
    def lifted(self) -> bool:
        """A movement is under way (or waiting to be judged)."""

    @abstractmethod
    def in_progress(self, leg: str) -> RepTrace | None:
        """The rep ``leg`` is performing, if any."""

    @abstractmethod
    def zero_reason(self, name: str, unit: str) -> str:
        """Why no rep was counted although the frames qualified (the signal's ``name`` and ``unit`` for the text)."""

    def started(self) -> bool:
        """The counter has seen where it starts from (fixed levels wait for the rest level)."""
        return True

    def counted_value(self, leg: str, value: float, in_position: bool) -> float:
        """The signal as counted (default: as measured)."""
        return value

    def flush(self) -> list[Fault]:
        """Judge the reps still waiting at the end of the input."""
        return []

    def revise(self) -> None:  # noqa: B027 (a hook: most strategies keep every rep)
        """With the whole set seen: take back what turned out not to be reps (none by default)."""

    def past_its_top(self, trace: RepTrace | None) -> bool:
        """A rep under way when the input ended whose top was seen: on its way down by more than the top band.

        A clip cut as the last leg comes down still shows the rep; one cut on the way up or at the
        top does not (and is said in "why nothing was counted").
        """
        if trace is None or len(trace.value) < 3:
            return False
        last = trace.value[-1]
        return trace.value.index(trace.peak) < len(trace.value) - 1 and last <= trace.peak - self.band

    # ---- shared ----------------------------------------------------------------------------
    def complete(self, leg: str, trace: RepTrace, end_s: float, tempo: Mapping[str, float], run: TopRun) -> list[Fault]:
        """Hand a finished rep to the judge; a rep that counts starts the out-of-position clock again."""
        before = len(self.judge.reps)
        faults = self.judge.judge(leg, trace, end_s, tempo, run)
        if len(self.judge.reps) > before:
            self.out_of_position_s = 0.0
        return faults

    def step(self, obs: Observation) -> CountState:
        """Count one more frame (see :class:`~formcheck.analysis.count.protocol.Counter`)."""
        dt = 0.0 if self._prev_t is None else min(obs.t - self._prev_t, 0.5)
        self._prev_t = obs.t
        if obs.usable and not obs.in_position and not self.lifted():
            self.out_of_position_s += dt
        values = {
            leg: self.counted_value(leg, obs.metrics.get(f"{self.signal}.{leg}", math.nan), obs.in_position)
            for leg in self.legs
        }
        self._hidden.update(obs.t, values, obs.usable)
        new = tuple(self.advance(obs, values))
        return self._state(obs, values, new)

    def _state(self, obs: Observation, values: Mapping[str, float], new: tuple[Fault, ...]) -> CountState:
        """The active leg (the highest), its phase, its time at the top, the cues."""
        finite = {k: v for k, v in values.items() if math.isfinite(v)}
        active = max(finite, key=lambda k: finite[k]) if finite else self.legs[0]
        value, lifted = values[active], self.lifted()
        cues = [f.cue for f in new]
        if lifted:
            cues += self.judge.live_cues(obs.metrics, active)
        target = self.context.exercise.target
        return CountState(
            phase=(Phase.LIFTED if lifted else self.phase(active)).value,
            count=len(self.judge.reps),
            by_side=self.by_side(),
            leg=active,
            target_reached=bool(value >= self.config[target.threshold])
            if target is not None and math.isfinite(value)
            else None,
            hold_s=self._time_at_top(active, obs.t, value),
            cues=tuple(dict.fromkeys(c for c in cues if c)),
            new_faults=new,
            started=self.started(),
        )

    def _time_at_top(self, leg: str, t: float, value: float) -> float:
        """Seconds since the rep under way first reached the top band, while ``value`` is in it (else 0)."""
        trace = self.in_progress(leg)
        if trace is None or not trace.value:
            return 0.0
        level = trace.peak - self.band
        if not value >= level:
            return 0.0
        return t - next(tt for tt, v in zip(trace.t, trace.value, strict=True) if v >= level)

    def by_side(self) -> dict[str, int]:
        """Reps per counted leg (and ``both`` when legs counted on their own moved together)."""
        return self.judge.by_side(self.legs, each=self.legs != ("both",))

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far."""
        return self.judge.reps

    def finish(self, gate_reason: str | None) -> Counted:
        """Judge what waits, and say what was found (see :class:`~formcheck.analysis.count.protocol.Counter`)."""
        self.flush()
        self.revise()
        inferred = inferred_reps(self.judge.reps, self._hidden.finish())
        self.judge.insert_inferred([(r.leg, r.start_s, r.top_s, r.end_s) for r in inferred])
        why = self._why_nothing(gate_reason)
        summary: dict[str, Any] = {"reps_by_side": self.by_side(), "counting_signal": self.signal}
        if self.judge.unchecked:
            summary["unchecked_reps"] = dict(self.judge.unchecked)
        if inferred:
            summary["inferred_reps"] = len(inferred)
        said = [self.judge.unchecked_sentence(), inferred_sentence(inferred)]
        return Counted(
            reps=tuple(self.judge.reps),
            holds=tuple(self.judge.holds),
            faults=tuple(self.judge.faults),
            summary=summary,
            why_nothing=why,
            series_keys=(*(f"{self.signal}.{leg}" for leg in self.legs), *self.context.exercise.series),
            counting_signal=self.signal,
            extra_summary=self._extras(),
            warnings=tuple(w for w in said if w),
        )

    def _why_nothing(self, gate_reason: str | None) -> str | None:
        """Why no rep was counted, with the numbers (None when reps were counted)."""
        if self.judge.reps:
            return None
        if gate_reason is not None:
            return gate_reason
        accept = self.context.exercise.accept
        if self.judge.set_aside and accept is not None:
            return accept.reason.format(n=self.judge.set_aside, limit=float(self.config[accept.threshold]))
        if self._skipped_both:
            return (
                f"no rep: {self._skipped_both} movements of both legs together were seen (getting up, sitting "
                f"down, a squat); this exercise counts one leg at a time"
            )
        unit = " deg" if self.signal.endswith("_deg") else ""
        return self.zero_reason(self.signal.removesuffix("_deg").replace("_", " "), unit)

    def _extras(self) -> dict[str, Any]:
        """Summary values of the declared options: reps set aside, reps at the target, the chosen extras."""
        exercise = self.context.exercise
        out: dict[str, Any] = {}
        if exercise.accept is not None:
            out[exercise.accept.summary_key] = self.judge.set_aside
        at_target = self.judge.reps_at_target()
        if exercise.target is not None and at_target is not None:
            out[exercise.target.reps_key] = at_target
        extras: dict[str, Callable[[], Any]] = {
            "cadence_lifts_per_min": lambda: cadence_per_min([r.top_s for r in self.judge.reps]),
            "legs_relabelled_frames": lambda: self.context.framing.legs_swapped,
        }
        out.update({key: extras[key]() for key in exercise.summary_extras})
        return out


def each_leg(side_mode: str) -> tuple[str, ...]:
    """The legs counted on their own: both, or the one chosen (``--side``)."""
    return tuple(s.value for s in Side) if side_mode == "auto" else (side_mode,)
