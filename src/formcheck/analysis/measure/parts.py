"""The one table of body parts: the names exercises and metrics use for what must be seen."""

from __future__ import annotations

from typing import Literal

BodyPart = Literal["head", "shoulders", "arms", "hips", "knees", "feet"]
"""A body part, as :data:`BODY_PARTS` names it."""

BODY_PARTS: dict[BodyPart, tuple[str, ...]] = {
    "head": ("ear",),
    "shoulders": ("shoulder",),
    "arms": ("elbow", "wrist"),
    "hips": ("hip",),
    "knees": ("knee",),
    "feet": ("ankle",),
}
"""The one table of body parts: each names its landmarks of one side (``side_lm(side, name)``)."""
WHOLE_BODY_PARTS: tuple[BodyPart, ...] = ("head", "shoulders", "hips", "knees", "feet")
"""The parts the framing check wants in view for the whole body."""
