"""Start positions recognised from body orientation.

Standing, seated, hanging, lying on the back, plank, half-kneeling, supported sit (L-sit)
and standing on one leg. Every predicate reads the facing-independent metrics of
the metric table (``trunk_incline_deg``, ``shoulder_above_support_ratio`` ...)
plus knee angles and thigh elevations, so it works whichever way the person faces. Limits
are module constants with their reasons; they are deliberately wide (they only decide
*where* to look, the exercise thresholds judge form). A NaN metric makes a predicate
False: no guessing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from enum import StrEnum

import numpy as np

from formcheck.core.landmarks import Side, side_lm
from formcheck.core.types import FloatArray


class Posture(StrEnum):
    """Start positions an exercise can wait for."""

    STANDING = "standing"
    SEATED = "seated"
    HANGING = "hanging"
    SUPINE = "lying on the back"
    PLANK = "plank"
    HALF_KNEELING = "half-kneeling"
    SUPPORT_SIT = "supported sit (L-sit)"
    ONE_LEG_STAND = "standing on one leg"


UPRIGHT_MIN_INCLINE_DEG = 50.0
"""Trunk steeper than this against the horizontal is upright (standing, seated, hanging, kneeling)."""
LYING_MAX_INCLINE_DEG = 35.0
"""Trunk flatter than this is lying or in a plank (plank bodies slope 5-20 deg)."""
HANG_MIN_WRIST_RATIO = 0.5
"""Hanging: a wrist at least half a torso length above the shoulders."""
HANG_MIN_ELBOW_RATIO = 0.2
"""Hanging with the hands out of the picture: an elbow at least this many torso lengths above the shoulders."""
SUPINE_MAX_INCLINE_DEG = 55.0
"""Lying on the back propped on the elbows or hands, or on an incline bench, slopes the trunk up to this."""
PLANK_MAX_INCLINE_DEG = 60.0
"""A plank with the hips piked slopes the trunk up to this (a downward dog is about 45-60 deg)."""
FACE_RATIO = 0.03
"""Nose this many torso lengths above (below) the ears: face up (down). Real clips: supine +0.06..+0.28,
planks and mountain climbers -0.13..-0.33 (10th-90th percentiles of ten labelled clips)."""
LSIT_STRAIGHT_KNEE_DEG = 140.0
"""L-sit: a leg at least this straight is held out, whatever its height."""
LSIT_MAX_ANKLE_DROP = 0.6
"""L-sit: ankles at most this many thigh lengths below the hips (a chair's hanging shins drop about one)."""
PLANK_MIN_SUPPORT_RATIO = 0.35
"""Plank: shoulders at least this many torso lengths above the lower elbow/wrist (forearm plank ~0.6)."""
KNEE_ON_FLOOR_RATIO = 0.45
"""Half-kneeling: back knee at most this many thigh lengths above the front ankle (the floor)."""


def _f(m: Mapping[str, float], key: str) -> float:
    return m.get(key, math.nan)


def _leg(m: Mapping[str, float], key: str, side: Side) -> float:
    return m.get(f"{key}.{side.value}", math.nan)


def _upright(m: Mapping[str, float]) -> bool:
    return _f(m, "trunk_incline_deg") >= UPRIGHT_MIN_INCLINE_DEG and _f(m, "shoulder_above_hip_ratio") > 0


def _straight_down(m: Mapping[str, float], side: Side) -> bool:
    return _leg(m, "thigh_elevation_deg", side) <= -60 and _leg(m, "knee_angle_deg", side) >= 145


def is_standing(m: Mapping[str, float], xy: FloatArray) -> bool:
    """Upright, a straight leg under the hip, hands not overhead."""
    return (
        _upright(m)
        and any(_straight_down(m, s) for s in Side)
        and not _f(m, "wrist_above_shoulder_ratio") >= HANG_MIN_WRIST_RATIO
    )


def is_seated(m: Mapping[str, float], xy: FloatArray) -> bool:
    """Upright trunk, the lower thigh about horizontal (-35..+30 deg) with the knee bent (50-140 deg)."""
    if not _upright(m) or _f(m, "wrist_above_shoulder_ratio") >= HANG_MIN_WRIST_RATIO:
        return False
    elev = {s: _leg(m, "thigh_elevation_deg", s) for s in Side}
    finite = [s for s in Side if math.isfinite(elev[s])]
    if not finite:
        return False
    low = min(finite, key=lambda s: elev[s])
    return -35 <= elev[low] <= 30 and 50 <= _leg(m, "knee_angle_deg", low) <= 140


def _arms_up(m: Mapping[str, float]) -> bool:
    """A wrist well above the shoulders, or the arms reaching out of the top of the picture (a bar above it)."""
    return (
        _f(m, "wrist_above_shoulder_ratio") >= HANG_MIN_WRIST_RATIO
        or _f(m, "elbow_above_shoulder_ratio") >= HANG_MIN_ELBOW_RATIO
        or _f(m, "arms_above_frame") >= 1
    )


def is_hanging(m: Mapping[str, float], xy: FloatArray) -> bool:
    """Shoulders above hips, arms up (or out of the top of the picture), and feet (when seen) below the hips.

    The feet condition tells hanging from the top of a V-up or sit-up, where the arms also
    reach up but the legs are raised.
    """
    if not (_f(m, "shoulder_above_hip_ratio") > 0.5 and _arms_up(m)):
        return False
    hip_y = float(np.nanmean(xy[[int(side_lm(s, "hip")) for s in Side], 1]))
    ankles_y = xy[[int(side_lm(s, "ankle")) for s in Side], 1]
    if not np.isfinite(ankles_y).any():
        return True
    return bool(np.nanmax(ankles_y) > hip_y)  # image y is down: an ankle below the hips


def _face(m: Mapping[str, float]) -> int:
    """+1 face up, -1 face down, 0 not clear: the set's vote (``face_up_vote``) when it has one, else the head."""
    vote = _f(m, "face_up_vote")
    if vote in (1.0, -1.0):
        return int(vote)
    face = _f(m, "nose_above_ears_ratio")
    if face >= FACE_RATIO:
        return 1
    if face <= -FACE_RATIO:
        return -1
    return 0


def is_supine(m: Mapping[str, float], xy: FloatArray) -> bool:
    """On the back: flat on the floor, propped on the elbows or hands, or on a bench.

    The trunk is flatter than ``SUPINE_MAX_INCLINE_DEG`` and the face is up; when the face is
    not clear, the shoulders must not be propped on the arms (that would be a plank).
    """
    incline = _f(m, "trunk_incline_deg")
    if not incline <= SUPINE_MAX_INCLINE_DEG:
        return False
    if incline > LYING_MAX_INCLINE_DEG and any(_straight_down(m, s) for s in Side):
        return False  # propped up with a leg straight under the hip: standing bent forward
    face = _face(m)
    if face:
        return face > 0
    return (
        _f(m, "trunk_incline_deg") <= LYING_MAX_INCLINE_DEG
        and not _f(m, "shoulder_above_support_ratio") >= PLANK_MIN_SUPPORT_RATIO
    )


PLANK_MIN_KNEE_DEG = 140.0
"""Plank: a support leg this straight; on the knees (wahoo plank.mp4 getting down: 45-85 deg) is not a plank."""


def is_plank(m: Mapping[str, float], xy: FloatArray) -> bool:
    """Face down, shoulders propped on elbows or hands, a straight support leg; hips level, high or low.

    The trunk may slope up to ``PLANK_MAX_INCLINE_DEG`` so that a plank with the hips high
    (or a pike) stays in the position and is judged as a fault rather than lost.
    """
    return (
        _f(m, "trunk_incline_deg") <= PLANK_MAX_INCLINE_DEG
        and _f(m, "shoulder_above_support_ratio") >= PLANK_MIN_SUPPORT_RATIO
        and _face(m) <= 0
        and any(_leg(m, "knee_angle_deg", s) >= PLANK_MIN_KNEE_DEG for s in Side)
    )


def back_leg(m: Mapping[str, float], xy: FloatArray) -> Side | None:
    """Half-kneeling: the leg whose knee is on the floor (None when not half-kneeling).

    The front leg's ankle marks the floor; the back knee must be near it, its shin on the
    floor or raised (ankle not half a thigh below the knee: that is a standing leg), the
    front thigh near horizontal (-45..+30 deg) and the front knee bent (45-135 deg).
    """
    if not _upright(m):
        return None
    for back in Side:
        front = back.other
        knee = xy[int(side_lm(back, "knee"))]
        ankle = xy[int(side_lm(front, "ankle"))]
        thigh = float(np.linalg.norm(xy[int(side_lm(front, "knee"))] - xy[int(side_lm(front, "hip"))]))
        if not (np.isfinite(knee).all() and np.isfinite(ankle).all() and thigh > 0):
            continue
        knee_up = (ankle[1] - knee[1]) / thigh  # image y is down
        back_ankle = xy[int(side_lm(back, "ankle"))]
        shin_down = (back_ankle[1] - knee[1]) / thigh  # a standing leg's ankle is far below its knee
        if (
            knee_up <= KNEE_ON_FLOOR_RATIO
            and not shin_down > 0.5
            and -45 <= _leg(m, "thigh_elevation_deg", front) <= 30
            and 45 <= _leg(m, "knee_angle_deg", front) <= 135
            and _leg(m, "thigh_elevation_deg", back) < _leg(m, "thigh_elevation_deg", front)
        ):
            return back
    return None


def is_half_kneeling(m: Mapping[str, float], xy: FloatArray) -> bool:
    """One knee on the floor, the other foot in front (see :func:`back_leg`)."""
    return back_leg(m, xy) is not None


def is_support_sit(m: Mapping[str, float], xy: FloatArray) -> bool:
    """L-sit, straight or tucked: upright trunk, hands down, thighs raised (above -45 deg), feet off the floor.

    Each leg is straight-ish (knee >= ``LSIT_STRAIGHT_KNEE_DEG``, legs out even when they
    drop below parallel) or tucked with the foot off the floor (ankle at most
    ``LSIT_MAX_ANKLE_DROP`` thigh lengths below the hip); a chair's bent knees with the
    shins hanging down are neither. Bent knees are the ``knees_bent`` fault of the L-sit,
    not another position.
    """
    if not _upright(m) or _f(m, "wrist_above_shoulder_ratio") >= 0:
        return False
    if not all(_leg(m, "thigh_elevation_deg", s) >= -45 for s in Side):
        return False
    return all(
        _leg(m, "knee_angle_deg", s) >= LSIT_STRAIGHT_KNEE_DEG
        or _leg(m, "ankle_below_hip_ratio", s) <= LSIT_MAX_ANKLE_DROP
        for s in Side
    )


def lifted_leg(m: Mapping[str, float], xy: FloatArray) -> Side | None:
    """Standing on one straight leg with the other thigh raised above -35 deg: the raised leg."""
    if not _upright(m):
        return None
    for lifted in Side:
        if _straight_down(m, lifted.other) and _leg(m, "thigh_elevation_deg", lifted) >= -35:
            return lifted
    return None


def is_one_leg_stand(m: Mapping[str, float], xy: FloatArray) -> bool:
    """See :func:`lifted_leg`."""
    return lifted_leg(m, xy) is not None


PREDICATES: dict[Posture, Callable[[Mapping[str, float], FloatArray], bool]] = {
    Posture.HANGING: is_hanging,
    Posture.PLANK: is_plank,
    Posture.SUPINE: is_supine,
    Posture.HALF_KNEELING: is_half_kneeling,
    Posture.ONE_LEG_STAND: is_one_leg_stand,
    Posture.STANDING: is_standing,
    Posture.SUPPORT_SIT: is_support_sit,
    Posture.SEATED: is_seated,
}
"""In the order :func:`classify` tries them (most specific first)."""


def classify(m: Mapping[str, float], xy: FloatArray) -> Posture | None:
    """The first posture whose predicate holds, or None."""
    for posture, pred in PREDICATES.items():
        if pred(m, xy):
            return posture
    return None
