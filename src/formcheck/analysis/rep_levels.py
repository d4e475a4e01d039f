"""Rep counting at fixed levels of the signal: a :class:`~formcheck.analysis.reps.LiftCounter` per leg.

The rep family's alternative to adaptive counting (:class:`FixedLevels`, declared as
``counting``), for signals whose rest and lift have a known place: a thigh hangs at -75 to
-90 deg when standing and reaches -35 deg or higher in any knee lift. The counter itself
only starts from the rest level, so no start position is needed. It ends a rep at the rest
level, before the leg is fully down; tempo is timed to :data:`~formcheck.analysis.rep_tempo.RISE_FRACTION`
above the rep's resting value (:func:`~formcheck.analysis.rep_tempo.resting_tempo`), so a
finished rep waits until the leg is that far down (or ``SETTLE_WAIT_S``, a new lift or loss
of view) before it is measured.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from formcheck.analysis.reps import LiftCounter, LiftThresholds, Phase, RepTrace

LEVEL_TEMPO_METRICS = ("lift_s", "hold_s", "lower_s")
"""Per-rep tempo metrics with fixed levels (:func:`~formcheck.analysis.rep_tempo.resting_tempo`)."""
SETTLE_WAIT_S = 1.0
"""A finished rep is measured at the latest this long after the counter ended it."""
RESTING_WINDOW_S = 1.0
"""The rep's resting value is the lowest signal in this many seconds before it started."""


@dataclass(frozen=True)
class FixedLevels:
    """Count at fixed levels: the names of the config fields that hold them (signal units).

    A rep starts when the signal rises above ``lift_enter`` and ends when it is back below
    ``rest_enter`` (hysteresis); the config's ``min_dwell_s`` and ``min_rep_s`` time it.
    """

    lift_enter: str
    rest_enter: str

    def thresholds(self, config: Mapping[str, float]) -> LiftThresholds:
        """The counter settings from a config dict."""
        return LiftThresholds(
            config[self.lift_enter], config[self.rest_enter], config["min_dwell_s"], config["min_rep_s"]
        )

    def zero_reason(self, seen: list[float], config: Mapping[str, float], name: str, unit: str) -> str:
        """Why no rep was counted, from the signal values seen in view."""
        if not seen:
            return f"the counting signal ({name}) was never measurable while the body was in view"
        return (
            f"no rep: the counting signal ({name}) in view ranged {min(seen):.0f} to {max(seen):.0f}{unit}; "
            f"a rep starts from below {config[self.rest_enter]:.0f}{unit} (at rest) and must rise above "
            f"{config[self.lift_enter]:.0f}{unit}"
        )


class LevelCounting:
    """One :class:`LiftCounter` per leg; finished reps wait until their leg has settled (module docstring)."""

    def __init__(self, thresholds: LiftThresholds, legs: tuple[str, ...]) -> None:
        self.counters = {leg: LiftCounter(thresholds) for leg in legs}
        self._pending: dict[str, RepTrace] = {}

    def update(
        self,
        t: float,
        values: Mapping[str, float],
        going: Mapping[str, bool],
        low_level: Callable[[str, RepTrace], float],
    ) -> list[tuple[str, RepTrace]]:
        """Advance each leg by one frame; the reps that settled in it, to be measured up to ``t``.

        ``values``: each leg's signal; ``going``: whether it is counted in this frame;
        ``low_level(leg, trace)``: the level the leg must come back down to
        (:func:`~formcheck.analysis.rep_tempo.resting_level`).
        """
        settled = []
        for leg, counter in self.counters.items():
            value = values[leg]
            trace = counter.update(t, value if going[leg] else math.nan)
            if trace is not None:
                self._pending[leg] = trace
            pending = self._pending.get(leg)
            if pending is not None and (
                not math.isfinite(value)
                or value <= low_level(leg, pending)
                or t - pending.end_s >= SETTLE_WAIT_S
                or counter.phase is not Phase.REST
            ):
                settled.append((leg, self._pending.pop(leg)))
        return settled

    def flush(self) -> list[tuple[str, RepTrace]]:
        """The finished reps still waiting (end of input), in the order they finished."""
        out = list(self._pending.items())
        self._pending.clear()
        return out
