"""What an exercise looks like, declared in its spec (``looks``), for recognising it (``-e auto``).

Each field is a property of the movement, not of a clip: the position it starts in comes from
the spec's ``start_position``; what moves, from its counting signal; the rest is declared here.
A field left out says nothing (it neither helps nor hurts the exercise). Angles in deg, times in s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from pydantic import ConfigDict, with_config

LegUse = Literal["one", "both", "alternating"]
INF = math.inf
"""No limit on that side."""
NO_LIMIT = (-INF, INF)


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, kw_only=True)
class Looks:
    """How the exercise moves.

    Attributes:
        signal: the per-leg metric whose movement is the exercise (None: the counting signal).
        legs: how the legs move in a rep (``one``, ``both``, ``alternating``); empty: from the
            counting strategy (a leg pair with ``both_legs_together``: any; without: one or
            alternating; a rise from the low: both; fixed levels: one or alternating).
        still: the position is held (None: the strategy counts holds).
        range_deg: how far the signal moves in a rep (5th to 95th percentile of the leg moving most);
            for a hold, its upper end is how far a leg may move on its own (default 22 deg).
        top_deg: the signal's top (95th percentile) is in this range.
        knee_deg: the knee angle at the top of a rep (or the more bent knee in a hold) is in this range.
        cycle_s: the time from one rep of a leg to its next is in this range.
        trunk_range_deg: how far the trunk's incline moves (a V-up folds the trunk up; a leg raise keeps it down).
        words: the movement in a few words, for the evidence sentence ("knees driven up in turn").

    """

    signal: str | None = None
    legs: tuple[LegUse, ...] = ()
    still: bool | None = None
    range_deg: tuple[float, float] = (25.0, INF)
    top_deg: tuple[float, float] = NO_LIMIT
    knee_deg: tuple[float, float] = NO_LIMIT
    cycle_s: tuple[float, float] = NO_LIMIT
    trunk_range_deg: tuple[float, float] = NO_LIMIT
    words: str = ""


NO_LOOKS = Looks()
"""A spec that declares nothing: recognised from its start position and counting signal alone."""
