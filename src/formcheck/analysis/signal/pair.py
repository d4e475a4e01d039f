"""Counting the movements of a pair of legs: one leg, both together, or alternating.

One per-leg signal each (thigh elevation, hip flexion, knee angle), one
:class:`~formcheck.analysis.signal.adaptive.AdaptiveCounter` per leg, and a
:class:`~formcheck.analysis.signal.swing.SwingCounter` on the difference between the legs,
``left - right``:

- a **single-leg** movement (one leg up while the other stays, or legs alternating as in
  scissor kicks and mountain climbers) is a turning point of the difference at which one
  leg clearly leads the other (``LEAD_FRACTION``). Alternating legs swing the difference
  from one leg's top to the other's, so even a half-hidden far leg that rises little
  gives a large swing; a swap of MediaPipe's leg labels as the legs cross (common in side
  views) turns the difference back where neither leg leads, and is not counted;
- a **both-legs** movement (a double leg raise) leaves the gap small (under
  ``SINGLE_LEG_SHARE`` of the legs' own rise); it is two per-leg reps of comparable size
  (``BOTH_RISE_SHARE``) over nearly the same time (their intervals overlap by
  ``together_overlap`` of their joint span).

Each movement is reported once: a gap rep that overlaps a both-legs rep already counted is
the same movement, and the other way round. When the gap cannot be measured (the far leg
out of the picture or hidden for a moment, over the rep or on its way down), a per-leg rep
stands on its own, and a leg hidden while the other rose is compared by its top. The leg of
a single-leg movement is the one higher at the gap's peak; a second peak of the same leg
before it came back down extends its movement, and a movement whose top was confirmed when
the input ends (:meth:`LegPairCounter.flush`) counts.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

from formcheck.analysis.signal.adaptive import AdaptiveCounter, AdaptiveThresholds
from formcheck.analysis.signal.swing import SwingCounter, Turn
from formcheck.analysis.signal.traces import Phase, RepTrace

LEAD_FRACTION = 0.2
"""At a single-leg movement's top the moving leg leads the other by at least this share of the
swing into it (and half the minimum excursion): a swap of the leg labels as the legs cross
turns the difference back without either leg leading, and is no movement."""
SINGLE_LEG_SHARE = 0.5
"""A gap rep is a single-leg movement when the gap rose by at least this share of that leg's own
rise (one leg up, the other still or going the other way); less is a both-legs movement in
which one leg lagged."""
START_FRACTION = 0.1
"""A single-leg movement starts at the last moment the leg was within this share of its rise above its low."""
BOTH_RISE_SHARE = 0.5
"""Two legs' reps over the same time are one both-legs movement only when they rose comparably: in a
dead bug the resting knee opens 25-30 deg while the other leg extends 80."""
COLUMN = {"left": 1, "right": 2}
"""A leg's column in the history rows ``(t, left, right)``."""
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


def _rise(trace: RepTrace) -> float:
    return max(trace.value) - min(trace.value) if trace.value else 0.0


def _comparable(a: RepTrace, b: RepTrace) -> bool:
    """Both legs rose about as far (the smaller rise at least ``BOTH_RISE_SHARE`` of the larger)."""
    return min(_rise(a), _rise(b)) >= BOTH_RISE_SHARE * max(_rise(a), _rise(b))


def _iou(a: RepTrace, b: RepTrace) -> float:
    inter = min(a.end_s, b.end_s) - max(a.start_s, b.start_s)
    union = max(a.end_s, b.end_s) - min(a.start_s, b.start_s)
    return inter / union if union > 0 else 0.0


class LegPairCounter:
    """Feeds both legs' values each frame; see the module docstring."""

    def __init__(self, thresholds: AdaptiveThresholds, *, together_overlap: float = 0.6) -> None:
        self.legs = {"left": AdaptiveCounter(thresholds), "right": AdaptiveCounter(thresholds)}
        self.gap = SwingCounter(thresholds)
        self.together_overlap = together_overlap
        self.min_lead = thresholds.min_excursion / 2
        self._pending: list[tuple[str, Turn]] = []
        self.movements: list[Movement] = []
        self._candidates: dict[str, RepTrace | None] = {"left": None, "right": None}
        self._history: deque[tuple[float, float, float]] = deque()

    @property
    def phase(self) -> Phase:
        """LIFTED while any movement is under way or waiting to be judged."""
        if self._pending or any(c.phase is Phase.LIFTED for c in self.legs.values()):
            return Phase.LIFTED
        return Phase.REST if self.gap.active else Phase.UNKNOWN

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
        diff = left - right if math.isfinite(left) and math.isfinite(right) else math.nan
        turn = self.gap.update(t, diff, usable=usable["gap"])
        if turn is not None:
            self._turned(turn, t, events)
        still: list[tuple[str, Turn]] = []
        for side, waiting in self._pending:
            own = left if side == "left" else right
            if self._back_down(side, waiting, own):
                self._single_leg(side, waiting, t, events)
            else:
                still.append((side, waiting))
        self._pending = still
        return events

    def flush(self, t: float) -> PairEvents:
        """The end of the input at ``t``: the movements waiting for their leg to come down count.

        Their top was seen and confirmed by the gap turning back; each ends where that was confirmed
        (what follows may be another movement, such as sitting up).
        """
        events = PairEvents()
        for side, waiting in self._pending:
            self._single_leg(side, waiting, min(t, waiting.confirmed_t), events)
        self._pending = []
        return events

    def _turned(self, turn: Turn, t: float, events: PairEvents) -> None:
        """A turning point of the gap: a movement of the leg that leads there, if one clearly does.

        A turn where neither leg leads (the other leg blipping, labels swapping) leaves the movements
        under way alone. A second top of the same leg before it came back down is the same movement,
        higher: it replaces the first, from the first one's start.
        """
        lead = turn.sign * turn.value  # how far the turning leg is above the other (< 0: below it)
        if lead < max(self.min_lead, LEAD_FRACTION * turn.swing):
            return
        side = "left" if turn.sign > 0 else "right"
        for side_, turn_ in self._pending:
            if side_ == side:
                turn = replace(turn, previous_t=turn_.previous_t, swing=max(turn.swing, turn_.swing))
            else:
                self._single_leg(side_, turn_, t, events)
        self._pending = [(side, turn)]

    def _back_down(self, side: str, turn: Turn, own: float) -> bool:
        """The leg of a pending movement has come back most of the way from its top."""
        vals = [r[COLUMN[side]] for r in self._window(turn.previous_t, turn.t) if math.isfinite(r[COLUMN[side]])]
        if not vals or not math.isfinite(own):
            return False
        low, top = min(vals), max(vals)
        return own <= low + self.legs[side].th.exit_fraction * (top - low)

    def _emit(self, side: str, trace: RepTrace, events: PairEvents) -> None:
        movement = Movement(len(self.movements) + 1, side, trace)
        self.movements.append(movement)
        events.added.append(movement)

    def _leg_rep(self, leg: str, trace: RepTrace, events: PairEvents) -> None:
        other = "right" if leg == "left" else "left"
        partner = self._candidates[other]
        if partner is not None and self._together(partner, other, trace, leg):
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
        unjudged = (
            self._gap_coverage(trace.start_s, trace.end_s) < 0.5 or self._gap_coverage(trace.top_s, trace.end_s) < 0.5
        )
        if unjudged and not any(m.side in (leg, "both") and _overlaps(m.trace, trace) for m in self.movements[-3:]):
            self._emit(leg, trace, events)  # the gap was not measurable (or not on the way down): it stands alone

    def _together(self, a: RepTrace, a_leg: str, b: RepTrace, b_leg: str) -> bool:
        """Two legs' reps are one both-legs movement: over nearly the same time, rising comparably.

        A leg hidden while the other rose has a low that was not seen (its rise is unknown): the two
        are then compared by their tops, close in time and comparable above the lower of the two lows
        (both legs measure the same angle).
        """
        if _iou(a, b) < self.together_overlap:
            return False
        if not (self._hidden_between(a_leg, b.start_s, b.top_s) or self._hidden_between(b_leg, a.start_s, a.top_s)):
            return _comparable(a, b)
        union = max(a.end_s, b.end_s) - min(a.start_s, b.start_s)
        if not (a.value and b.value) or abs(a.top_s - b.top_s) > (1 - self.together_overlap) * union:
            return False  # the tops apart: legs taking turns (one hidden for a moment), not rising together
        low = min(min(a.value), min(b.value))  # the lower leg's low stands for both (the hidden one's unseen)
        return min(a.peak, b.peak) - low >= BOTH_RISE_SHARE * (max(a.peak, b.peak) - low)

    def _hidden_between(self, leg: str, start_s: float, end_s: float) -> bool:
        """``leg`` was unseen at some frame from ``start_s`` to ``end_s``."""
        return any(not math.isfinite(r[COLUMN[leg]]) for r in self._window(start_s, end_s))

    def _single_leg(self, side: str, turn: Turn, end_s: float, events: PairEvents) -> None:
        rise = self._own_trace(side, turn.previous_t, turn.t)
        if not rise.value:
            return
        i_low = rise.value.index(min(rise.value))  # the leg's own low before its top
        low, top = rise.value[i_low], max(rise.value[i_low:])
        own_rise = top - low
        # the movement starts when the leg last left its low (a pause at the bottom is not part of it)
        near_low = [i for i in range(i_low, len(rise.value)) if rise.value[i] <= low + START_FRACTION * own_rise]
        th = self.legs[side].th
        top_s = rise.t[i_low + rise.value[i_low:].index(top)]
        down_s = self._back_down_s(side, top_s, low + th.exit_fraction * own_rise, end_s)
        own = self._own_trace(side, rise.t[near_low[-1]], down_s)
        if own.end_s - own.start_s < th.min_rep_s or own_rise < th.min_excursion:
            return  # too short, or this leg itself hardly rose: not a movement of its own
        if turn.swing < SINGLE_LEG_SHARE * (max(own.value) - min(own.value)):
            return  # both legs moved and one lagged: a by-product of a both-legs movement
        if any(m.side in (side, "both") and _overlaps(m.trace, own) for m in self.movements[-3:]):
            return  # already counted (as both legs, or from this leg alone)
        self._emit(side, own, events)

    def _back_down_s(self, side: str, top_s: float, level: float, end_s: float) -> float:
        """When the leg first came back under ``level`` after its top at ``top_s``, else ``end_s``.

        A movement whose turn was confirmed late (the other leg hidden for a moment) ends where its own leg
        came down, not where the next turn was seen.
        """
        return next((r[0] for r in self._window(top_s, end_s) if r[COLUMN[side]] <= level), end_s)

    def _window(self, start_s: float, end_s: float) -> list[tuple[float, float, float]]:
        return [h for h in self._history if start_s <= h[0] <= end_s]

    def _gap_coverage(self, start_s: float, end_s: float) -> float:
        """Share of the frames from ``start_s`` to ``end_s`` with both legs measured."""
        rows = self._window(start_s, end_s)
        if not rows:
            return 0.0
        return sum(math.isfinite(a) and math.isfinite(b) for _, a, b in rows) / len(rows)

    def _own_trace(self, side: str, start_s: float, end_s: float) -> RepTrace:
        """One leg's own values from ``start_s`` to ``end_s``."""
        col = COLUMN[side]
        out = RepTrace(start_s=start_s, end_s=end_s)
        for row in self._window(start_s, end_s):
            if math.isfinite(row[col]):
                out.t.append(row[0])
                out.value.append(row[col])
        return out

    def _both_trace(self, a: RepTrace, b: RepTrace) -> RepTrace:
        """Mean of both legs' values from the earlier start to the later end."""
        out = RepTrace(start_s=min(a.start_s, b.start_s), end_s=max(a.end_s, b.end_s))
        for t, left, right in self._window(out.start_s, out.end_s):
            vals = [v for v in (left, right) if math.isfinite(v)]
            if vals:
                out.t.append(t)
                out.value.append(sum(vals) / len(vals))
        return out
