"""Couch stretch (back foot up a wall or bench), side view: hold at least 30 s per side."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import BaseModel

from formcheck.analysis.display import STRETCH
from formcheck.analysis.exercises._kneeling import (
    ARCH_CHECK,
    CONTOUR_CHECK,
    FORWARD_CHECK,
    KNEELING_CAMERA,
    KneelingStretchConfig,
)
from formcheck.analysis.hold_family import HoldExercise
from formcheck.analysis.posture import Posture, back_leg
from formcheck.analysis.registry import register
from formcheck.core.landmarks import Side
from formcheck.core.types import FloatArray

BACK_KNEE_MAX_DEG = 80.0
"""Couch stretch: the back knee is folded (foot up the wall); a flat-shin kneel is 90-130 deg."""


def elevated_back_leg(m: Mapping[str, float], xy: FloatArray) -> Side | None:
    """The back leg when half-kneeling with that foot raised (knee folded under 80 deg)."""
    back = back_leg(m, xy)
    if back is None or not m.get(f"knee_angle_deg.{back.value}", float("nan")) <= BACK_KNEE_MAX_DEG:
        return None
    return back


@register
class CouchStretch(HoldExercise):
    """Back knee down, back foot up a wall or bench; neutral spine, core braced; 30 s per side."""

    name = "couch-stretch"
    title = "Couch stretch"
    view = "side"
    summary_text = "Hold time per side in good form (trunk upright, no arching) against 30 s."
    setup = "Back knee at the wall or bench, back foot up against it, front foot flat; trunk upright, core braced."
    camera = KNEELING_CAMERA
    measures = "trunk lean (arching proxy / forward lean) each frame with the back foot raised"
    uses_mask = True
    posture = Posture.HALF_KNEELING
    per_side = True
    side_of = staticmethod(elevated_back_leg)
    config_model: ClassVar[type[BaseModel]] = KneelingStretchConfig
    programme = STRETCH
    checks = (ARCH_CHECK, CONTOUR_CHECK, FORWARD_CHECK)
    short_hold_message = "stretch held in good form under 30 s on this side"
