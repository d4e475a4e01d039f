"""Reps of a leg hidden for a moment in an alternating set: counted from the rhythm of the leg that was seen.

In high knees, scissor kicks or mountain climbers the legs take turns. When one leg is hidden
for up to :data:`~formcheck.analysis.gaps.HIDDEN_LIMB_S` (behind furniture or the other leg) and
the other leg, seen, does two reps in a row with the hidden leg's turn between them, the hidden
leg's rep is counted there: **inferred**, never measured or checked, and said in the report.

Nothing is inferred without evidence of the rhythm: the set must alternate elsewhere
(:data:`MIN_ALTERNATIONS` turns, :data:`MIN_ALTERNATING_SHARE` of the consecutive reps), and
the two reps of the seen leg must be one cycle apart (:data:`CYCLE_RANGE` times the set's own
median time between turns), so a pause or a set done one leg after the other infers nothing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.results import RepRecord

MIN_ALTERNATIONS = 3
"""Consecutive reps of different legs seen (away from the hidden moments) before any rep is inferred."""
MIN_ALTERNATING_SHARE = 0.75
"""...and at least this share of the consecutive pairs away from them alternate."""
CYCLE_RANGE = (1.4, 2.8)
"""Two reps of the seen leg leave room for one rep of the other when they are this many turns apart
(the set's median time between consecutive reps): 2 in a steady rhythm."""


@dataclass(frozen=True)
class HiddenSpan:
    """A leg unseen while the body and the other leg were seen, seconds."""

    leg: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class InferredRep:
    """A rep of ``leg`` counted from the rhythm between two reps of the other leg, seconds."""

    leg: str
    start_s: float
    top_s: float
    end_s: float
    hidden: HiddenSpan


class HiddenLegSpans:
    """Collects, frame by frame, when each leg was unseen while the other was seen."""

    def __init__(self, legs: Sequence[str]) -> None:
        self.legs = tuple(legs)
        self.spans: list[HiddenSpan] = []
        self._open: dict[str, float] = {}
        self._last_t = math.nan

    def update(self, t: float, values: dict[str, float], body_seen: bool) -> None:
        """One frame: ``values`` per leg (NaN where unseen); ``body_seen``: the person was in view."""
        seen = {leg: math.isfinite(values.get(leg, math.nan)) for leg in self.legs}
        for leg in self.legs:
            hidden = body_seen and not seen[leg] and any(seen[o] for o in self.legs if o != leg)
            if hidden and leg not in self._open:
                self._open[leg] = t
            elif not hidden and leg in self._open:
                self.spans.append(HiddenSpan(leg, self._open.pop(leg), t))
        self._last_t = t

    def finish(self) -> list[HiddenSpan]:
        """Every span, the ones still open closed at the last frame."""
        for leg, start in self._open.items():
            self.spans.append(HiddenSpan(leg, start, self._last_t))
        self._open.clear()
        return sorted(self.spans, key=lambda s: s.start_s)


def _touches(span: HiddenSpan, a: RepRecord, b: RepRecord) -> bool:
    return span.start_s < b.top_s and span.end_s > a.top_s


def inferred_reps(reps: Sequence[RepRecord], hidden: Sequence[HiddenSpan]) -> list[InferredRep]:
    """The reps of a briefly hidden leg its partner's rhythm leaves room for (module docstring)."""
    short = [s for s in hidden if s.end_s - s.start_s <= HIDDEN_LIMB_S]
    timeline = sorted((r for r in reps if r.side in ("left", "right")), key=lambda r: r.top_s)
    if len(timeline) < 3 or not short:
        return []
    pairs = list(itertools.pairwise(timeline))
    clear = [(a, b) for a, b in pairs if not any(_touches(s, a, b) for s in hidden)]
    alternating = [b.top_s - a.top_s for a, b in clear if a.side != b.side]
    if len(alternating) < MIN_ALTERNATIONS or len(alternating) < MIN_ALTERNATING_SHARE * len(clear):
        return []
    turn_s = float(np.median(alternating))
    if not turn_s > 0:
        return []
    out: list[InferredRep] = []
    for a, b in pairs:
        if a.side != b.side:
            continue
        other = "right" if a.side == "left" else "left"
        spans = [s for s in short if s.leg == other and _touches(s, a, b)]
        if spans and CYCLE_RANGE[0] <= (b.top_s - a.top_s) / turn_s <= CYCLE_RANGE[1]:
            top = 0.5 * (a.top_s + b.top_s)
            start, end = max(a.top_s, top - turn_s / 2), min(b.top_s, top + turn_s / 2)
            out.append(InferredRep(other, start, top, end, spans[0]))
    return out


def inferred_sentence(reps: Sequence[InferredRep]) -> str | None:
    """One sentence for the report about the inferred reps (None when there are none)."""
    if not reps:
        return None
    where = ", ".join(
        f"{r.leg} leg at {r.top_s:.1f} s (hidden {r.hidden.start_s:.1f}-{r.hidden.end_s:.1f} s)" for r in reps
    )
    n = len(reps)
    return (
        f"{n} rep{'s' if n > 1 else ''} counted from the rhythm of the other leg while a leg was hidden, not measured "
        f"or checked: {where}"
    )
