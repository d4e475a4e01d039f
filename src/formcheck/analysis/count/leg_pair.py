"""Counting a pair of legs: one leg at a time, both together, or alternating (:class:`LegPair`).

Each leg's signal rises from its own low (as in :mod:`~formcheck.analysis.count.rise_from_low`),
and the difference between the legs tells a single-leg movement from a both-legs one
(:class:`~formcheck.analysis.signal.pair.LegPairCounter`). With a leg chosen (``--side left``)
only that leg is counted, on its own counter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import ConfigDict, with_config

from formcheck.analysis.count.protocol import CountingContext, Observation
from formcheck.analysis.count.rep_counting import RepCounting
from formcheck.analysis.count.rise_from_low import FromLow, FromLowCounting, OwnLegs, adaptive_thresholds
from formcheck.analysis.faults import Fault
from formcheck.analysis.signal.pair import LegPairCounter, PairEvents
from formcheck.analysis.signal.traces import Phase


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, kw_only=True)
class LegPair(FromLow):
    """Count each leg's ``signal`` rising from its own low, one leg, both together or alternating.

    ``both_legs_together``: whether both legs rising together is a rep (a double leg raise);
    False for one-leg-at-a-time exercises, where it is getting up, sitting down or a squat.
    ``relative_to_rest``: as :class:`~formcheck.analysis.count.rise_from_low.RiseFromLow`'s.
    """

    strategy: Literal["leg-pair"] = "leg-pair"
    signal: str
    both_legs_together: bool = True
    relative_to_rest: bool = False

    def start(self, context: CountingContext) -> RepCounting:
        """The counter of one set: the pair, or the chosen leg alone."""
        if context.side_mode != "auto":
            return OwnLegs(self, context, legs=(context.side_mode,))
        return PairCounting(self, context)


class PairCounting(FromLowCounting):
    """Both legs through a :class:`LegPairCounter`; reps found to be both legs are relabelled."""

    def __init__(self, strategy: LegPair, context: CountingContext) -> None:
        super().__init__(strategy, context, ("left", "right"))
        self.pair = LegPairCounter(adaptive_thresholds(self.config))
        self.counters = self.pair.legs
        self.both_legs_together = strategy.both_legs_together
        self._rep_of_movement: dict[int, int] = {}

    def lifted(self) -> bool:
        """A movement is under way or waiting to be judged."""
        return self.pair.phase is Phase.LIFTED

    def advance(self, obs: Observation, values: Mapping[str, float]) -> list[Fault]:
        """Advance the pair; judge the movements it finished, relabel earlier ones found to be both legs."""
        going = obs.countable or (obs.usable and self.pair.phase is Phase.LIFTED)
        fed = {leg: v if going else math.nan for leg, v in values.items()}
        events = self.pair.update(obs.t, fed["left"], fed["right"], usable={"left": True, "right": True, "gap": True})
        return self._judge_events(events)

    def flush(self) -> list[Fault]:
        """A single-leg movement whose top was seen and confirmed when the input ended counts."""
        return self._judge_events(self.pair.flush(self._prev_t)) if self._prev_t is not None else []

    def _judge_events(self, events: PairEvents) -> list[Fault]:
        for number in events.now_both:
            index = self._rep_of_movement.get(number)
            if index is not None:
                self.judge.relabel(index, "both")
        faults: list[Fault] = []
        for movement in events.added:
            if movement.side == "both" and not self.both_legs_together:
                self._skipped_both += 1
                continue
            self._rep_of_movement[movement.number] = len(self.judge.reps)
            faults += self.finished(movement.side, movement.trace)
        return faults
