"""The hand-over between two segments' estimators: a cross-fade over the warm-up frames."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from formcheck.core.landmarks import NUM_LANDMARKS
from formcheck.core.types import PoseFrame
from formcheck.pose.parallel import Segment
from formcheck.pose.seams import cross_fade, handover_weight


def pose(index: int, dx: float = 0.0, *, seen: bool = True) -> PoseFrame:
    rng = np.random.default_rng(3)
    xy = rng.uniform(200, 400, size=(NUM_LANDMARKS, 2)) + [dx, 0.0]
    if not seen:
        return PoseFrame.missing(index, index / 30, (640, 480))
    return PoseFrame(index, index / 30, xy, np.full(NUM_LANDMARKS, 0.9), (640, 480), world=np.zeros((NUM_LANDMARKS, 3)))


def test_the_weight_rises_over_the_warm_up_and_is_none_outside() -> None:
    segment = Segment(1, warm_from=70, start=100, stop=None)
    weights = [handover_weight(i, segment) for i in range(70, 100)]
    assert weights[0] == pytest.approx(1 / 31) and weights[-1] == pytest.approx(30 / 31)
    assert all(b > a for a, b in itertools.pairwise(weights))  # type: ignore[operator]
    assert handover_weight(69, segment) is None and handover_weight(100, segment) is None


def test_cross_fade_moves_the_landmarks_linearly_and_keeps_the_rest() -> None:
    finishing, starting = pose(80), pose(80, dx=10.0)
    half = cross_fade(finishing, starting, 0.5)
    assert np.allclose(half.xy, finishing.xy + [5.0, 0.0])
    assert half.index == 80 and half.num_people == finishing.num_people
    assert cross_fade(finishing, starting, 0.0).xy.tolist() == finishing.xy.tolist()


def test_nothing_is_blended_with_nobody_or_with_somebody_else() -> None:
    finishing = pose(80)
    assert cross_fade(finishing, pose(80, seen=False), 0.5) is finishing
    far = pose(80, dx=1000.0)  # another person, far to the side
    assert cross_fade(finishing, far, 0.5) is finishing
    assert cross_fade(pose(80, seen=False), finishing, 0.5).num_people == 0
