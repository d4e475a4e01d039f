"""Counting the movements of a pair of legs: one leg, both together, or alternating.

One per-leg signal each (thigh elevation, hip flexion, knee angle), one
:class:`~formcheck.analysis.reps.AdaptiveCounter` per leg plus one on the gap between the
legs, ``|left - right|``:

- a **single-leg** movement (one leg up while the other stays, or legs alternating as in
  scissor kicks and mountain climbers) is a rise of the gap. The gap does not care which
  leg MediaPipe calls left or right (it swaps them now and then in side views, most often
  as the legs cross), and it doubles the signal of alternating legs, whose far leg is
  often half hidden;
- a **both-legs** movement (a double leg raise) leaves the gap small (under
  ``SINGLE_LEG_SHARE`` of the legs' own rise); it is two per-leg reps over nearly the same
  time (their intervals overlap by ``together_overlap`` of their joint span).

Each movement is reported once: a gap rep that overlaps a both-legs rep already counted is
the same movement, and the other way round. When the gap cannot be measured (the far leg
out of the picture), a per-leg rep stands on its own. The leg of a single-leg movement is
the one higher at the gap's peak.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from formcheck.analysis.reps import AdaptiveCounter, AdaptiveThresholds, Phase, RepTrace

SINGLE_LEG_SHARE = 0.5
"""A gap rep is a single-leg movement when the gap rose by at least this share of that leg's own
rise (one leg up, the other still or going the other way); less is a both-legs movement in
which one leg lagged."""
HISTORY_S = 30.0
"""Seconds of per-frame values kept to rebuild a leg's trace for a gap rep."""


@dataclass(frozen=True)
class Movement:
    """One counted movement: ``side`` is ``left``, ``right`` or ``both``; ``trace`` of that side's signal."""

    number: int
    side: str
    trace: RepTrace


@dataclass
class PairEvents:
    """What one frame changed: movements counted, and earlier movements now known to be both legs."""

    added: list[Movement] = field(default_factory=list)
    now_both: list[int] = field(default_factory=list)


def _overlaps(a: RepTrace, b: RepTrace) -> bool:
    """Each rep's top lies inside the other's low-to-low interval."""
    return a.start_s <= b.top_s <= a.end_s and b.start_s <= a.top_s <= b.end_s


def _iou(a: RepTrace, b: RepTrace) -> float:
    inter = min(a.end_s, b.end_s) - max(a.start_s, b.start_s)
    union = max(a.end_s, b.end_s) - min(a.start_s, b.start_s)
    return inter / union if union > 0 else 0.0


class LegPairCounter:
    """Feeds both legs' values each frame; see the module docstring."""

    def __init__(self, thresholds: AdaptiveThresholds, *, together_overlap: float = 0.6) -> None:
        self.legs = {"left": AdaptiveCounter(thresholds), "right": AdaptiveCounter(thresholds)}
        self.gap = AdaptiveCounter(thresholds)
        self.together_overlap = together_overlap
        self.movements: list[Movement] = []
        self._candidates: dict[str, RepTrace | None] = {"left": None, "right": None}
        self._history: deque[tuple[float, float, float]] = deque()

    @property
    def phase(self) -> Phase:
        """LIFTED while any movement is under way, else the gap counter's phase."""
        if any(c.phase is Phase.LIFTED for c in (*self.legs.values(), self.gap)):
            return Phase.LIFTED
        return self.gap.phase

    def update(self, t: float, left: float, right: float, *, usable: dict[str, bool]) -> PairEvents:
        """Advance one frame. ``usable`` per counter (``left``, ``right``, ``gap``): in view and in position."""
        self._history.append((t, left, right))
        while self._history and self._history[0][0] < t - HISTORY_S:
            self._history.popleft()
        events = PairEvents()
        for leg, value in (("left", left), ("right", right)):
            trace = self.legs[leg].update(t, value, usable=usable[leg])
            if trace is not None:
                self._leg_rep(leg, trace, events)
        gap = abs(left - right) if math.isfinite(left) and math.isfinite(right) else math.nan
        trace = self.gap.update(t, gap, usable=usable["gap"])
        if trace is not None:
            self._gap_rep(trace, events)
        return events

    def _emit(self, side: str, trace: RepTrace, events: PairEvents) -> None:
        movement = Movement(len(self.movements) + 1, side, trace)
        self.movements.append(movement)
        events.added.append(movement)

    def _leg_rep(self, leg: str, trace: RepTrace, events: PairEvents) -> None:
        other = "right" if leg == "left" else "left"
        partner = self._candidates[other]
        if partner is not None and _iou(partner, trace) >= self.together_overlap:
            self._candidates[other] = None
            both = self._both_trace(partner, trace)
            for m in reversed(self.movements[-3:]):
                if _overlaps(m.trace, both):
                    if m.side != "both":
                        self.movements[m.number - 1] = Movement(m.number, "both", m.trace)
                        events.now_both.append(m.number)
                    return
            self._emit("both", both, events)
            return
        self._candidates[leg] = trace
        if self._gap_coverage(trace) < 0.5 and not any(_overlaps(m.trace, trace) for m in self.movements[-3:]):
            self._emit(leg, trace, events)  # the gap was not measurable: this leg's rep stands alone

    def _gap_rep(self, trace: RepTrace, events: PairEvents) -> None:
        if any(_overlaps(m.trace, trace) for m in self.movements[-3:]):
            return  # already counted (as both legs, or from a leg alone)
        side, own = self._leg_trace(trace)
        own_rise = max(own.value) - min(own.value) if own.value else math.nan
        gap_rise = trace.peak - min(trace.value)
        if gap_rise < SINGLE_LEG_SHARE * own_rise:
            return  # both legs moved and one lagged: the gap is a by-product of a both-legs movement
        self._emit(side, own, events)

    def _window(self, start_s: float, end_s: float) -> list[tuple[float, float, float]]:
        return [h for h in self._history if start_s <= h[0] <= end_s]

    def _gap_coverage(self, trace: RepTrace) -> float:
        rows = self._window(trace.start_s, trace.end_s)
        if not rows:
            return 0.0
        return sum(math.isfinite(a) and math.isfinite(b) for _, a, b in rows) / len(rows)

    def _leg_trace(self, gap_trace: RepTrace) -> tuple[str, RepTrace]:
        """The leg higher at the gap's peak, and its own values over the gap rep."""
        at_top = [h for h in self._history if h[0] == gap_trace.top_s]
        _, left, right = at_top[0] if at_top else (0.0, math.nan, math.nan)
        side = "left" if not right > left else "right"
        col = 1 if side == "left" else 2
        out = RepTrace(start_s=gap_trace.start_s, end_s=gap_trace.end_s)
        for row in self._window(gap_trace.start_s, gap_trace.end_s):
            if math.isfinite(row[col]):
                out.t.append(row[0])
                out.value.append(row[col])
        if not out.value:
            out.t, out.value = list(gap_trace.t), list(gap_trace.value)
        return side, out

    def _both_trace(self, a: RepTrace, b: RepTrace) -> RepTrace:
        """Mean of both legs' values from the earlier start to the later end."""
        out = RepTrace(start_s=min(a.start_s, b.start_s), end_s=max(a.end_s, b.end_s))
        for t, left, right in self._window(out.start_s, out.end_s):
            vals = [v for v in (left, right) if math.isfinite(v)]
            if vals:
                out.t.append(t)
                out.value.append(sum(vals) / len(vals))
        return out
