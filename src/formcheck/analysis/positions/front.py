"""Which way the person's front faces: from the start position when lying or in a plank, else from the head.

Angles with a sign (hip flexion, trunk lean) need to know where the person's front is. Upright,
the head tells it (nose ahead of the ears), voted over the frames in the start position; lying on
the back the front faces up, in a plank down, so the line from the shoulders to the hips tells it.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from formcheck.analysis.measure.tracker import BodyFrame, nanmean2
from formcheck.analysis.positions.postures import Posture
from formcheck.core.landmarks import Lm
from formcheck.core.types import FloatArray

FACING_VOTES = 60
"""Frames (about 2 s) of head votes kept."""


def forward_sign(posture: Posture, xy_mid_shoulder: FloatArray, xy_mid_hip: FloatArray, upright_sign: float) -> float:
    """+1 when the person's front faces image right *in the upright frame* (see ``geometry.signed_flexion``).

    Lying on the back: the front faces up; rotating an upright figure that faces +x so that
    it lies face-up puts the head on the left, so the sign is +1 when the head is left of the
    hips. Plank (face down): +1 when the head is right of the hips. Upright positions use
    the tracker's facing estimate (nose/ears, toes/heels).
    """
    dx = float(xy_mid_hip[0] - xy_mid_shoulder[0])
    if posture is Posture.SUPINE:
        return float(np.sign(dx)) if math.isfinite(dx) and dx != 0 else math.nan
    if posture is Posture.PLANK:
        return float(-np.sign(dx)) if math.isfinite(dx) and dx != 0 else math.nan
    return upright_sign if upright_sign != 0 else math.nan


class Facing:
    """The facing of one set: head votes over the frames in the start position (see the module docstring)."""

    def __init__(self) -> None:
        self.sign = 0.0
        self._votes: deque[float] = deque(maxlen=FACING_VOTES)

    def vote(self, body: BodyFrame) -> None:
        """Count one frame in the start position: the nose ahead of the ears.

        The tracker's own estimate also votes with the toes, which point up or back when the
        legs are raised (hanging leg raise, L-sit); the head keeps facing forward.
        """
        xy = body.measure_xy
        ears = nanmean2(xy[Lm.LEFT_EAR], xy[Lm.RIGHT_EAR])
        dx = float(xy[Lm.NOSE, 0] - ears[0])
        torso = float(
            np.linalg.norm(
                nanmean2(xy[Lm.LEFT_SHOULDER], xy[Lm.RIGHT_SHOULDER]) - nanmean2(xy[Lm.LEFT_HIP], xy[Lm.RIGHT_HIP])
            )
        )
        if math.isfinite(dx) and math.isfinite(torso) and abs(dx) > 0.03 * torso:
            self._votes.append(float(np.sign(dx)))
        total = sum(self._votes)
        self.sign = float(np.sign(total)) if total else body.forward_sign

    def front(self, posture: Posture | None, body: BodyFrame, mid_shoulder: FloatArray, mid_hip: FloatArray) -> float:
        """+1 / -1 / NaN: where the front faces now, given the start position (None: the body's own facing)."""
        if posture is None:
            return body.forward_sign if body.forward_sign != 0 else math.nan
        return forward_sign(posture, mid_shoulder, mid_hip, self.sign or body.forward_sign)


FACE_VOTES = 150
"""Frames (about 5 s) of face-up/face-down votes kept: a set is done on the back or face down throughout."""
BEND_CLEAR = 0.5
"""``front_up_bend`` at least this far from 0 votes (about one joint bent 40 deg the way it says)."""
HEAD_WEIGHT = 0.5
"""A clear head (nose above or below the ears) counts half a vote: the head turns, the joints bend one way only."""
VOTE_MAX_INCLINE_DEG = 60.0
"""Only frames with the trunk flatter than this vote (upright, face up or down means nothing)."""


class FaceUpDown:
    """Whether the body's front faces up or down over the set, from the joint bends and the head.

    Each frame with the trunk near the horizontal votes: the bends of the hips and knees
    (``front_up_bend``: hips flex toward the front, knees toward the back) a whole vote, the
    head (``nose_above_ears_ratio`` beyond ``face_ratio``) half a vote; the sign of the votes of
    the last ``FACE_VOTES`` frames is the answer. An oblique or portrait view that hides the
    face still shows how the legs bend.
    """

    def __init__(self, face_ratio: float) -> None:
        self.face_ratio = face_ratio
        self._votes: deque[float] = deque(maxlen=FACE_VOTES)

    def update(self, m: dict[str, float]) -> float:
        """Add this frame's votes; +1 face up, -1 face down, 0 not known yet."""
        incline = m.get("trunk_incline_deg", math.nan)
        if incline <= VOTE_MAX_INCLINE_DEG:
            vote = 0.0
            bend = m.get("front_up_bend", math.nan)
            if abs(bend) >= BEND_CLEAR:
                vote += math.copysign(1.0, bend)
            head = m.get("nose_above_ears_ratio", math.nan)
            if abs(head) >= self.face_ratio:
                vote += math.copysign(HEAD_WEIGHT, head)
            if vote:
                self._votes.append(vote)
        total = sum(self._votes)
        return float(np.sign(total)) if total else 0.0
