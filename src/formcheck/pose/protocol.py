"""What the rest of formcheck needs from a pose estimator, free of any backend import.

Everything that estimates poses (analyze, live, extract, benchmarks) is typed against
:class:`PoseEstimator` and builds one from :class:`PoseSettings` through an
:data:`EstimatorFactory`; the MediaPipe adapter in :mod:`formcheck.pose.estimator` is the
implementation a user meets, a fake one stands in for it in unit tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from formcheck.core.types import Frame, PoseFrame
from formcheck.pose.people import Box, PersonChoice


@dataclass(frozen=True, slots=True)
class PoseSettings:
    """How to build an estimator; plain data, so a worker process can build its own.

    Attributes:
        model: bundled model name (``lite``, ``full``, ``heavy``).
        model_dir: optional folder searched first for the model file.
        with_mask: also estimate the person-segmentation mask (costs time).
        max_people: poses estimated per frame: 1 on the hot path (others are noticed by the
            scout); 2 makes every frame look for a second person (about 40 % slower).
        person: whom to follow when several people are in view (see
            :data:`~formcheck.pose.people.PersonChoice`).
        follow: look for other people and lock on to one (off: the plain one-person estimator).
        follow_first: box (x0, y0, x1, y1 px) of the person to lock on to when several are first
            seen, whatever ``person`` says (a segment worker continuing whom the segment before it
            followed); None: choose by ``person``.
        input_width: pictures wider than this (px) are scaled down to it before the model sees
            them (a live session that cannot keep up); landmarks stay in the picture's pixels.
            None: the picture as it is.

    """

    model: str = "full"
    model_dir: Path | None = None
    with_mask: bool = False
    max_people: int = 1
    person: PersonChoice = "auto"
    follow: bool = True
    follow_first: tuple[float, float, float, float] | None = None
    input_width: int | None = None


class PoseEstimator(Protocol):
    """Frames in (strictly increasing ``t``), one person's :class:`PoseFrame` out."""

    @property
    def model(self) -> str:
        """Name of the model, recorded in landmark headers."""
        ...

    def estimate(self, frame: Frame) -> PoseFrame:
        """Pose in ``frame``; ``PoseFrame.missing`` when nobody is detected."""
        ...

    def notes(self) -> list[str]:
        """What the estimator has to say about the run so far (whom it followed), one sentence each."""
        ...

    def close(self) -> None:
        """Free the model."""
        ...

    def __enter__(self) -> PoseEstimator: ...

    def __exit__(self, *exc: object) -> None: ...


EstimatorFactory = Callable[[PoseSettings], PoseEstimator]


def open_estimator(settings: PoseSettings) -> PoseEstimator:
    """The MediaPipe Tasks estimator for ``settings`` (imports mediapipe on first use)."""
    from formcheck.pose.estimator import MediaPipePoseEstimator

    hot = MediaPipePoseEstimator(
        settings.model,
        model_dir=settings.model_dir,
        with_mask=settings.with_mask,
        max_people=settings.max_people,
        input_width=settings.input_width,
    )
    if not settings.follow or settings.max_people != 1:
        return hot
    from formcheck.pose.following import FollowingEstimator
    from formcheck.pose.scout import PeopleScout

    try:
        scout = PeopleScout(settings.model_dir)
    except BaseException:
        hot.close()
        raise
    first = Box(*settings.follow_first) if settings.follow_first is not None else None
    return FollowingEstimator(hot, scout, settings.person, first=first)
