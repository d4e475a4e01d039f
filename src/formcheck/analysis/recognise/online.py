"""``live -e auto``: the exercise recognised as the set goes, then analysed as that exercise from its first frame.

:class:`RecognisingAnalyzer` stands in for an :class:`~formcheck.analysis.analyzer.ExerciseAnalyzer`:
it keeps the poses and, every :data:`RETRY_S` once :data:`MIN_S` have been seen, recognises
what they show. When the same exercise is named for sure twice in a row, that exercise's
analyzer is made and every kept pose replayed through it, so the set is analysed as ``-e NAME``
would have analysed it; from then on each frame goes straight to it. A set that ends before
(too short, or never sure) is analysed as the exercise recognised on all of it, said so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from formcheck.analysis.analyzer import ExerciseAnalyzer
from formcheck.analysis.display import Display
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.recognise.recognise import Recognition, recognise
from formcheck.analysis.recognise.trace import Tracer
from formcheck.analysis.results import ExerciseResult, FrameResult, RepRecord
from formcheck.core.types import PoseFrame

MIN_S = 3.0
"""Frames seen before the first try, s."""
RETRY_S = 1.0
"""Time between tries, s."""
UNMEASURED_BACK = (
    "back contour not measured: a live session that recognises its exercise runs without the segmentation "
    "mask; name the exercise with -e to measure it"
)
WAITING = "recognising the exercise: start your set (a couple of reps, or hold the position)"


class RecognisingAnalyzer:
    """Recognises the exercise of a live set, then analyses it as that exercise (see the module docstring).

    Args:
        make: the analyzer of an exercise by name (with the session's options).
        specs: the exercises to choose from.

    """

    name = "auto"
    uses_mask = False

    def __init__(self, make: Callable[[str], ExerciseAnalyzer], specs: Sequence[ExerciseSpec]) -> None:
        self.make, self.specs = make, list(specs)
        self.tracer = Tracer()
        self.kept: list[PoseFrame] = []
        self.inner: ExerciseAnalyzer | None = None
        self.recognition: Recognition | None = None
        self.recognised_at_s: float | None = None
        self._candidate: str | None = None
        self._next_try_s: float | None = None

    @property
    def title(self) -> str:
        """The exercise's title once recognised."""
        return self.inner.title if self.inner is not None else "Recognising the exercise"

    @property
    def display(self) -> Display:
        """The exercise's display once recognised (a plain one before)."""
        return self.inner.display if self.inner is not None else Display()

    def step(self, pose: PoseFrame) -> FrameResult:
        """One frame: analysed by the exercise once recognised; kept (and a try at recognising) before."""
        if self.inner is not None:
            return self.inner.step(pose)
        self.kept.append(pose)
        self.tracer.add(pose)
        first_t = self.kept[0].t
        if self._next_try_s is None:
            self._next_try_s = first_t + MIN_S
        if pose.t >= self._next_try_s:
            self._next_try_s = pose.t + RETRY_S
            found = recognise(self.tracer.trace(), self.specs)
            if found.level == "sure" and found.exercise == self._candidate:
                return self._commit(found, pose.t)
            self._candidate = found.exercise if found.level == "sure" else None
        return FrameResult(pose.t, "unknown", 0, {}, {}, guidance=WAITING, in_view=pose.detected)

    def _commit(self, found: Recognition, t: float) -> FrameResult:
        """Analyse as ``found`` from the first kept frame; the result of the last."""
        self.recognition, self.recognised_at_s = found, t
        self.inner = self.make(found.exercise)
        result = FrameResult(t, "unknown", 0, {}, {})
        for kept in self.kept:
            result = self.inner.step(kept)
        self.kept = []
        return result

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far (none before the exercise is known)."""
        return self.inner.reps_so_far() if self.inner is not None else ()

    def finish(self) -> ExerciseResult:
        """The set's result as its exercise, with ``summary.recognition`` (and a warning when not sure)."""
        if self.inner is None:
            found = recognise(self.tracer.trace(), self.specs)
            end_t = self.kept[-1].t if self.kept else 0.0
            self._commit(found, end_t)
        assert self.inner is not None and self.recognition is not None
        result = self.inner.finish()
        found = self.recognition
        summary = {**found.to_json(), "recognised_at_s": round(self.recognised_at_s or 0.0, 2)}
        warnings = result.warnings
        if found.level != "sure":
            warnings = (f"exercise not recognised for sure ({found.level}): {found.sentence}", *warnings)
        if self.inner.uses_mask:
            warnings = (*warnings, UNMEASURED_BACK)
        return replace(result, summary={**result.summary, "recognition": summary}, warnings=warnings)
