"""BlazePose-33 landmark indices, body sides and the skeleton's connections."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from functools import cache


class Lm(IntEnum):
    """Index of each BlazePose landmark in a ``(33, ...)`` array."""

    NOSE = 0
    LEFT_EYE_INNER = 1
    LEFT_EYE = 2
    LEFT_EYE_OUTER = 3
    RIGHT_EYE_INNER = 4
    RIGHT_EYE = 5
    RIGHT_EYE_OUTER = 6
    LEFT_EAR = 7
    RIGHT_EAR = 8
    MOUTH_LEFT = 9
    MOUTH_RIGHT = 10
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_PINKY = 17
    RIGHT_PINKY = 18
    LEFT_INDEX = 19
    RIGHT_INDEX = 20
    LEFT_THUMB = 21
    RIGHT_THUMB = 22
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


NUM_LANDMARKS = 33


class Side(StrEnum):
    """A body side, as the person's own left or right."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@cache
def side_lm(side: Side, part: str) -> Lm:
    """Landmark of ``part`` (e.g. ``"knee"``) on ``side``: ``side_lm(Side.LEFT, "knee") == Lm.LEFT_KNEE``."""
    return Lm[f"{side.value.upper()}_{part.upper()}"]


LEG_PARTS: tuple[str, ...] = ("knee", "ankle", "heel", "foot_index")
"""Leg landmarks below the hip: the ones a left/right swap exchanges in side views."""

SWAP_PAIRS: tuple[tuple[Lm, Lm], ...] = tuple((side_lm(Side.LEFT, p), side_lm(Side.RIGHT, p)) for p in LEG_PARTS)

CONNECTIONS: tuple[tuple[Lm, Lm], ...] = (
    (Lm.LEFT_SHOULDER, Lm.RIGHT_SHOULDER),
    (Lm.LEFT_HIP, Lm.RIGHT_HIP),
    (Lm.LEFT_SHOULDER, Lm.LEFT_HIP),
    (Lm.RIGHT_SHOULDER, Lm.RIGHT_HIP),
    (Lm.LEFT_SHOULDER, Lm.LEFT_ELBOW),
    (Lm.LEFT_ELBOW, Lm.LEFT_WRIST),
    (Lm.RIGHT_SHOULDER, Lm.RIGHT_ELBOW),
    (Lm.RIGHT_ELBOW, Lm.RIGHT_WRIST),
    (Lm.LEFT_HIP, Lm.LEFT_KNEE),
    (Lm.LEFT_KNEE, Lm.LEFT_ANKLE),
    (Lm.LEFT_ANKLE, Lm.LEFT_HEEL),
    (Lm.LEFT_HEEL, Lm.LEFT_FOOT_INDEX),
    (Lm.LEFT_ANKLE, Lm.LEFT_FOOT_INDEX),
    (Lm.RIGHT_HIP, Lm.RIGHT_KNEE),
    (Lm.RIGHT_KNEE, Lm.RIGHT_ANKLE),
    (Lm.RIGHT_ANKLE, Lm.RIGHT_HEEL),
    (Lm.RIGHT_HEEL, Lm.RIGHT_FOOT_INDEX),
    (Lm.RIGHT_ANKLE, Lm.RIGHT_FOOT_INDEX),
    (Lm.NOSE, Lm.LEFT_EYE),
    (Lm.NOSE, Lm.RIGHT_EYE),
    (Lm.LEFT_EYE, Lm.LEFT_EAR),
    (Lm.RIGHT_EYE, Lm.RIGHT_EAR),
)
"""Skeleton edges for drawing."""
