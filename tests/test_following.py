"""The following estimator's schedule (no model): when the scout looks, when its answer counts,
and how often the hot path runs in an empty picture.

Fakes stand in for the two MediaPipe models so the schedule is known; the same estimator with
the real models is run in test_parallel.py (two people side by side, segment parity).
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import numpy as np

from formcheck.core.types import Frame, PoseFrame
from formcheck.pose.following import IDLE_AFTER_S, IDLE_STRIDE, FollowingEstimator
from formcheck.pose.people import Box

FPS = 30.0
IMAGE = np.zeros((360, 640, 3), dtype=np.uint8)


class FakeHot:
    """Finds a person (landmarks in a 100x300 px box) in the frames listed in ``present``."""

    model = "fake"

    def __init__(self, present: set[int]) -> None:
        self.present = present
        self.tried: list[int] = []

    def estimate(self, frame: Frame, region: tuple[int, int] | None = None) -> PoseFrame:
        self.tried.append(frame.index)
        if frame.index not in self.present:
            return PoseFrame.missing(frame.index, frame.t, (640, 360))
        xy = np.column_stack([np.linspace(200, 300, 33), np.linspace(30, 330, 33)])
        return PoseFrame(frame.index, frame.t, xy, np.ones(33), (640, 360))

    def close(self) -> None:
        pass


class FakeScout:
    """Sees one person in the frames listed in ``present`` (answers at once)."""

    def __init__(self, present: set[int]) -> None:
        self.present = present
        self.looked_at: list[int] = []
        self.seen_person = False
        self._index = 0

    def submit(self, image: Any) -> Future[list[Box]]:
        answer: Future[list[Box]] = Future()
        found = [Box(200, 30, 300, 330)] if self._index in self.present else []
        self.seen_person = self.seen_person or bool(found)
        answer.set_result(found)
        return answer

    def close(self) -> None:
        pass


def run(present: set[int], frames: int, scout_present: set[int] | None = None) -> tuple[FakeHot, list[PoseFrame]]:
    hot, scout = FakeHot(present), FakeScout(present if scout_present is None else scout_present)
    estimator = FollowingEstimator(hot, scout)  # type: ignore[arg-type]
    poses = []
    for index in range(frames):
        scout._index = index
        poses.append(estimator.estimate(Frame(index, index / FPS, IMAGE)))
    return hot, poses


def test_an_empty_picture_is_tried_every_third_frame_after_a_second_and_a_person_is_found_within_two() -> None:
    arrives = 95
    hot, poses = run(set(range(arrives, 150)), 150)
    idle_from = round(IDLE_AFTER_S * FPS)
    assert hot.tried[: idle_from + 1] == list(range(idle_from + 1))  # the first second: every frame
    skipped = [i for i in range(arrives) if i not in hot.tried]
    assert skipped and all(i % IDLE_STRIDE and i > idle_from for i in skipped)
    first_found = next(p.index for p in poses if p.detected)
    assert arrives <= first_found < arrives + IDLE_STRIDE
    assert hot.tried[-(150 - first_found) :] == list(range(first_found, 150))  # then every frame again
    assert all(not poses[i].detected for i in skipped)


def test_a_person_the_scout_sees_keeps_the_hot_path_trying_every_frame() -> None:
    # The hot path misses the person for two seconds (lying down, say) while the scout sees them.
    hot, _ = run(set(range(90, 120)), 120, scout_present=set(range(120)))
    assert hot.tried == list(range(120))


def test_a_person_present_throughout_is_estimated_on_every_frame() -> None:
    hot, poses = run(set(range(100)), 100)
    assert hot.tried == list(range(100)) and all(p.detected for p in poses)
