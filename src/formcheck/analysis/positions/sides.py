"""Which side a one-sided hold works, frame by frame (half-kneeling stretches, the single-leg test)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from formcheck.analysis.positions.postures import back_leg, lifted_leg
from formcheck.core.landmarks import Side
from formcheck.core.types import FloatArray

BACK_KNEE_MAX_DEG = 80.0
"""Couch stretch: the back knee is folded (foot up the wall); a flat-shin kneel is 90-130 deg."""

HoldSide = Literal["back leg", "back leg, foot raised", "lifted leg"]
"""How a one-sided hold names its side: the kneeling leg, the kneeling leg with its foot up a wall or
bench, or the raised leg of a single-leg stance."""


def raised_back_leg(m: Mapping[str, float], xy: FloatArray) -> Side | None:
    """The back leg when half-kneeling with that foot raised (knee folded under ``BACK_KNEE_MAX_DEG``)."""
    back = back_leg(m, xy)
    if back is None or not m.get(f"knee_angle_deg.{back.value}", float("nan")) <= BACK_KNEE_MAX_DEG:
        return None
    return back


SIDE_OF: dict[HoldSide, Callable[[Mapping[str, float], FloatArray], Side | None]] = {
    "back leg": back_leg,
    "back leg, foot raised": raised_back_leg,
    "lifted leg": lifted_leg,
}
"""The side worked in a frame (None: not in the position), by :data:`HoldSide`."""
