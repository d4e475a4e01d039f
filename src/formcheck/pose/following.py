"""One person's pose per frame at single-person cost, locked on to that person when others appear.

:class:`FollowingEstimator` wraps the one-pose MediaPipe estimator (the hot path) and a
:class:`~formcheck.pose.scout.PeopleScout` that looks for people about once a second on its
own thread. When the scout sees several people, a :class:`~formcheck.pose.people.PersonLock`
narrows what the hot path sees to a band around the followed person, so it cannot hop.

While nobody is in view (the hot path found nobody for :data:`IDLE_AFTER_S` and the scout's
latest look saw nobody either), the hot path tries only every :data:`IDLE_STRIDE`-th frame:
a person who steps in is found at most ``IDLE_STRIDE - 1`` frames late, and an empty title
card or a walk to the camera costs a third of the detector runs.

Deterministic by construction: the scout looks at the first frame of each ``every_s`` slot of
stream time, and its answer is used from ``lag_frames`` frames later (at once until it has
seen anybody; waiting for it if need be), so the same video gives the same poses however
busy the machine is, and a worker process that starts mid-video looks at the same frames as
a single process would.
"""

from __future__ import annotations

import math
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, replace

from formcheck.core.types import Frame, PoseFrame
from formcheck.pose.estimator import MediaPipePoseEstimator
from formcheck.pose.people import Box, PersonChoice, PersonLock
from formcheck.pose.scout import PeopleScout

IDLE_AFTER_S = 1.0
"""Nobody found for this long (s) by the hot path and the scout: the picture counts as empty."""
IDLE_STRIDE = 3
"""In an empty picture the hot path tries frames whose index is a multiple of this."""


@dataclass
class _Look:
    use_from: int
    t: float
    answer: Future[list[Box]]
    followed: Box | None


def pose_box(pose: PoseFrame, min_visibility: float = 0.5) -> Box | None:
    """Box (px) around the landmarks of ``pose`` seen with at least ``min_visibility``."""
    seen = pose.visibility >= min_visibility
    if not pose.detected or seen.sum() < 4:
        return None
    xy = pose.xy[seen]
    return Box(float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))


class FollowingEstimator:
    """A :class:`~formcheck.pose.protocol.PoseEstimator` that follows one person (see the module docstring)."""

    def __init__(
        self,
        hot: MediaPipePoseEstimator,
        scout: PeopleScout,
        choice: PersonChoice = "auto",
        *,
        every_s: float = 1.0,
        lag_frames: int = 8,
        first: Box | None = None,
    ) -> None:
        self.hot, self.scout = hot, scout
        self.lock = PersonLock(choice, first=first)
        self.every_s, self.lag_frames = every_s, lag_frames
        self._looks: deque[_Look] = deque()
        self._slot: int | None = None
        self._followed: Box | None = first
        self._nobody_since: float | None = None

    @property
    def model(self) -> str:
        """The hot path's model name."""
        return self.hot.model

    def estimate(self, frame: Frame) -> PoseFrame:
        """The followed person's pose in ``frame``."""
        width = frame.image.shape[1]
        slot = math.floor(frame.t / self.every_s + 1e-9)
        if slot != self._slot:
            # Until the scout has seen anybody its answer is awaited at once (see PeopleScout.seen_person).
            lag = self.lag_frames if self.scout.seen_person else 0
            self._slot = slot
            look = _Look(frame.index + lag, frame.t, self.scout.submit(frame.image), self._followed)
            self._looks.append(look)
        while self._looks and self._looks[0].use_from <= frame.index:
            look = self._looks.popleft()
            self.lock.update(look.t, look.answer.result(), look.followed, width)
        if self._empty_picture(frame) and frame.index % IDLE_STRIDE:
            height, width = frame.image.shape[:2]
            return PoseFrame.missing(frame.index, frame.t, (width, height))
        pose = self.hot.estimate(frame, self.lock.region)
        box = pose_box(pose)
        if box is not None:
            self._followed = box
        if pose.detected:
            self._nobody_since = None
        elif self._nobody_since is None:
            self._nobody_since = frame.t
        return replace(pose, num_people=max(self.lock.people_now, int(pose.detected)))

    def _empty_picture(self, frame: Frame) -> bool:
        """True when neither the hot path nor the scout has seen anybody for :data:`IDLE_AFTER_S`."""
        since = self._nobody_since
        return since is not None and frame.t - since >= IDLE_AFTER_S - 1e-9 and self.lock.people_now == 0

    def notes(self) -> list[str]:
        """Whom the run followed, when several people were seen."""
        said = self.lock.describe()
        return [said] if said else []

    def close(self) -> None:
        """Stop the scout and free both models."""
        for look in self._looks:
            look.answer.cancel()
        self.scout.close()
        self.hot.close()

    def __enter__(self) -> FollowingEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
