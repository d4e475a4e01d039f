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


@dataclass(frozen=True, slots=True)
class PoseSettings:
    """How to build an estimator; plain data, so a worker process can build its own.

    Attributes:
        model: bundled model name (``lite``, ``full``, ``heavy``).
        model_dir: optional folder searched first for the model file.
        with_mask: also estimate the person-segmentation mask (costs time).
        max_people: poses looked for per frame (a second one is only reported, to warn).

    """

    model: str = "full"
    model_dir: Path | None = None
    with_mask: bool = False
    max_people: int = 2


class PoseEstimator(Protocol):
    """Frames in (strictly increasing ``t``), one person's :class:`PoseFrame` out."""

    @property
    def model(self) -> str:
        """Name of the model, recorded in landmark headers."""
        ...

    def estimate(self, frame: Frame) -> PoseFrame:
        """Pose in ``frame``; ``PoseFrame.missing`` when nobody is detected."""
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

    return MediaPipePoseEstimator(settings.model, model_dir=settings.model_dir, with_mask=settings.with_mask,
                                  max_people=settings.max_people)
