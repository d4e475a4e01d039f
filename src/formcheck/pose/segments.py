"""One process, the same poses as the worker processes: a fresh estimator per segment.

:class:`SegmentedEstimator` takes the frames of a whole video in order and estimates each
segment of :func:`~formcheck.pose.parallel.plan_segments` with its own estimator, built
when the segment's warm-up begins (the frames of the warm-up go to both the finishing and the
starting estimator; the delivered pose fades from the finishing one's to the starting one's,
:mod:`formcheck.pose.seams`). A worker process estimating
that segment alone sees exactly the same frames from exactly the same start, so one process
and ``--jobs N`` agree frame for frame (see :mod:`formcheck.pose.parallel`).
"""

from __future__ import annotations

from dataclasses import replace

from formcheck.core.types import Frame, PoseFrame
from formcheck.pose.parallel import Segment
from formcheck.pose.protocol import EstimatorFactory, PoseEstimator, PoseSettings
from formcheck.pose.seams import cross_fade, handover_weight


class SegmentedEstimator:
    """A :class:`~formcheck.pose.protocol.PoseEstimator` that starts afresh at every segment of ``plan``.

    The estimator of a segment is told where the person followed so far stood in the
    segment's first frame (``PoseSettings.follow_first``), so it keeps following them when
    several people are in view.
    """

    def __init__(self, make_estimator: EstimatorFactory, settings: PoseSettings, plan: list[Segment]) -> None:
        self.make_estimator, self.settings, self.plan = make_estimator, settings, plan
        self._current: PoseEstimator = make_estimator(settings)
        self._warming: dict[int, PoseEstimator] = {}
        """Estimators of the segments after the current one whose warm-up has begun, by segment number."""
        self._segment = 0
        self._said: list[str] = []

    @property
    def model(self) -> str:
        """The model of the estimators."""
        return self._current.model

    def estimate(self, frame: Frame) -> PoseFrame:
        """The pose in ``frame`` from the estimator of its segment (warming the next ones up alongside)."""
        while self._segment + 1 < len(self.plan) and frame.index >= self.plan[self._segment + 1].start:
            self._retire()
        pose = delivered = self._current.estimate(frame)
        for later in self.plan[self._segment + 1 :]:
            if later.warm_from > frame.index:
                break
            if later.number not in self._warming:
                self._warming[later.number] = self.make_estimator(self._settings_after(pose))
            warm = self._warming[later.number].estimate(frame)
            weight = handover_weight(frame.index, later)
            if later.number == self._segment + 1 and weight is not None:
                delivered = cross_fade(pose, warm, weight)
        return delivered

    def _settings_after(self, pose: PoseFrame) -> PoseSettings:
        from formcheck.pose.following import pose_box

        where = pose_box(pose)
        return replace(self.settings, follow_first=where.as_tuple() if where is not None else None)

    def _retire(self) -> None:
        """The next segment's estimator takes over; the finished one is closed."""
        if not self._said:
            self._said = self._current.notes()
        self._current.close()
        self._segment += 1
        warmed = self._warming.pop(self._segment, None)  # none only for a segment without a warm-up
        self._current = warmed if warmed is not None else self.make_estimator(self.settings)

    def notes(self) -> list[str]:
        """What the first estimator with something to say said (whom it followed)."""
        return self._said or self._current.notes()

    def close(self) -> None:
        """Close every estimator still open."""
        for estimator in self._warming.values():
            estimator.close()
        self._current.close()

    def __enter__(self) -> SegmentedEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
