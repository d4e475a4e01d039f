"""Couch stretch (back foot up a wall or bench), side view: hold at least 30 s per side."""

from __future__ import annotations

from formcheck.analysis.count.hold import Hold
from formcheck.analysis.display import STRETCH
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercises._kneeling import (
    ARCH_CHECK,
    CONTOUR_CHECK,
    FORWARD_CHECK,
    KNEELING_CAMERA,
    KNEELING_THRESHOLDS,
)
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import Looks

SPEC = ExerciseSpec(
    name="couch-stretch",
    looks=Looks(knee_deg=(0, 60), words="held with the back foot up"),
    title="Couch stretch",
    summary="Hold time per side in good form (trunk upright, no arching) against 30 s.",
    about="Back knee down, back foot up a wall or bench; neutral spine, core braced; 30 s per side.",
    setup="Back knee at the wall or bench, back foot up against it, front foot flat; trunk upright, core braced.",
    camera=KNEELING_CAMERA,
    measures="trunk lean (arching proxy / forward lean) each frame with the back foot raised",
    start_position=Posture.HALF_KNEELING,
    lower_back="contour",
    counting=Hold(side="back leg, foot raised"),
    programme=STRETCH,
    thresholds=KNEELING_THRESHOLDS,
    rules=(ARCH_CHECK, CONTOUR_CHECK, FORWARD_CHECK),
    short_hold_message="stretch held in good form under 30 s on this side",
)
