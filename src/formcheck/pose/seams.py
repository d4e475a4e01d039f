"""Where one segment's estimator hands over to the next: a cross-fade over the warm-up, not a jump.

Two MediaPipe runs that start at different frames do not give the same landmarks (the tracker
carries its own history), so a hard cut between segments puts a small jump into every signal,
and a jump at the wrong moment of a rep can count as a movement. Both estimators see the frames
of the next segment's warm-up (:data:`~formcheck.pose.parallel.OVERLAP_S`); over those frames
the delivered pose moves linearly from the finishing estimator's to the starting one's, reaching
it at the segment's first frame. One process and worker processes blend the same poses with the
same weights, so they still agree frame for frame.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from formcheck.core.types import PoseFrame

if TYPE_CHECKING:
    from formcheck.pose.parallel import Segment

MIN_BOX_OVERLAP = 0.5
"""Two estimators whose landmark boxes overlap less than this follow different people: no blending."""


def handover_weight(index: int, segment: Segment) -> float | None:
    """How far frame ``index`` is handed over to ``segment``'s estimator (0-1), None outside its warm-up."""
    if not segment.warm_from <= index < segment.start:
        return None
    return (index - segment.warm_from + 1) / (segment.start - segment.warm_from + 1)


def cross_fade(finishing: PoseFrame, starting: PoseFrame, weight: float) -> PoseFrame:
    """``finishing``'s pose moved ``weight`` of the way to ``starting``'s (landmarks, visibility, world).

    The mask and the people count stay the finishing estimator's. Nothing is blended when either
    saw nobody or when they follow different people (their boxes overlap less than
    :data:`MIN_BOX_OVERLAP`); a landmark only one of them placed keeps the finishing one's value.
    """
    from formcheck.pose.following import pose_box

    if not (finishing.detected and starting.detected):
        return finishing
    a, b = pose_box(finishing), pose_box(starting)
    if a is None or b is None or a.overlap(b) < MIN_BOX_OVERLAP:
        return finishing
    both = np.isfinite(finishing.xy) & np.isfinite(starting.xy)
    xy = np.where(both, finishing.xy + weight * (starting.xy - finishing.xy), finishing.xy)
    visibility = finishing.visibility + weight * (starting.visibility - finishing.visibility)
    world = finishing.world
    if finishing.world is not None and starting.world is not None:
        world = finishing.world + weight * (starting.world - finishing.world)
    return replace(finishing, xy=xy, visibility=visibility, world=world)
