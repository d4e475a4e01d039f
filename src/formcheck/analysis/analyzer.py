"""The one analyzer: runs any exercise spec, frame by frame (``step``), then says what it found (``finish``).

Batch analysis is a fold over :meth:`ExerciseAnalyzer.step` (the frame loop is
:mod:`formcheck.pipeline`), so a live session and a file analysis agree frame for frame on the
same landmarks. Everything that differs between exercises is in the spec: what to measure and
gate on (:class:`~formcheck.analysis.observe.Observer`), how to count (the spec's counting
strategy) and what to judge (its rules).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import BaseModel

from formcheck.analysis.calibration import evidence
from formcheck.analysis.count.protocol import CountingContext
from formcheck.analysis.count.second_opinion import second_opinion
from formcheck.analysis.display import Display
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.judge.noise import CONTOUR_FAULT, CONTOUR_METRIC, contour_check, withdraw_unsure
from formcheck.analysis.observe import Observer
from formcheck.analysis.results import ExerciseResult, FrameResult, RepRecord
from formcheck.analysis.series import readouts
from formcheck.core.types import PoseFrame


class SetAnalyzer(Protocol):
    """What the frame loop and a live session need of an analyzer.

    An :class:`ExerciseAnalyzer`, or one that recognises the exercise first
    (:class:`~formcheck.analysis.recognise.online.RecognisingAnalyzer`).
    """

    @property
    def title(self) -> str:
        """The exercise's title."""

    @property
    def display(self) -> Display:
        """What a renderer shows."""

    @property
    def uses_mask(self) -> bool:
        """The segmentation mask is needed."""

    def step(self, pose: PoseFrame) -> FrameResult:
        """Analyse one frame."""

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far."""

    def finish(self) -> ExerciseResult:
        """Everything found in the frames stepped so far."""


class ExerciseAnalyzer:
    """Analyses one set of one exercise.

    Args:
        spec: the exercise.
        config: its thresholds (an instance of the spec's config model; None: the defaults).
        side: ``auto`` (every leg the exercise counts), ``left`` or ``right``.

    """

    def __init__(self, spec: ExerciseSpec, config: BaseModel | None = None, *, side: str = "auto") -> None:
        resolved = resolve(spec)
        self.spec = spec
        self.config = config if config is not None else resolved.config_model()
        if not isinstance(self.config, resolved.config_model):
            raise TypeError(f"{spec.name} needs a {resolved.config_model.__name__}, got {type(self.config).__name__}")
        self.side_mode = side
        self.thresholds: dict[str, Any] = self.config.model_dump()
        self.display: Display = resolved.display
        self.observer = Observer(spec)
        context = CountingContext(spec, self.thresholds, side, self.observer.series, self.observer.framing)
        self.counter = spec.counting.start(context)
        self._hud = tuple(s.metric for s in self.display.hud)

    @property
    def name(self) -> str:
        """The exercise's name."""
        return self.spec.name

    @property
    def title(self) -> str:
        """The exercise's title."""
        return self.spec.title

    @property
    def uses_mask(self) -> bool:
        """The segmentation mask is needed."""
        return self.spec.uses_mask

    def step(self, pose: PoseFrame) -> FrameResult:
        """Analyse one frame (frames in increasing time); what a live display shows now."""
        obs = self.observer.observe(pose)
        state = self.counter.step(obs)
        return FrameResult(
            t=obs.t,
            phase=state.phase,
            rep_count=state.count,
            reps_by_side=state.by_side,
            metrics=readouts(self._hud, obs.metrics, state.leg),
            knee_above_hip=state.target_reached,
            hold_s=state.hold_s,
            cues=state.cues,
            guidance=self.observer.guidance(obs.body, obs.in_position and state.started),
            in_view=obs.usable,
            new_faults=state.new_faults,
        )

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far (rep thumbnails while the video is read)."""
        return self.counter.reps_so_far()

    def finish(self) -> ExerciseResult:
        """Close open reps and holds; everything found in the frames stepped so far."""
        observer = self.observer
        counted = self.counter.finish(observer.gate_reason())
        why = counted.why_nothing
        summary = {**counted.summary, **observer.framing_summary(), **counted.extra_summary}
        if why:
            summary["why_nothing_counted"] = why
        opinion = second_opinion(observer.series, len(counted.reps)) if self.spec.counts == "reps" else None
        if opinion is not None:
            summary["second_opinion"] = opinion.summary
        series = observer.series.report(observer.reported(counted.series_keys))
        good = next((e.median for e in evidence(self.spec.name) if e.fault == CONTOUR_FAULT), 0.0)
        contour = contour_check(observer.series.report((CONTOUR_METRIC,)), self.thresholds, good)
        faults, reps = withdraw_unsure(contour, counted.faults, counted.reps)
        if contour is not None and not contour.sure:
            summary["back_contour"] = {
                "verdict": "unsure", "noise_deg": round(contour.noise, 2), "margin_deg": round(contour.margin, 2),
            }  # fmt: skip
        return ExerciseResult(
            exercise=self.spec.name,
            title=self.spec.title,
            expected_view=self.spec.view,
            side_mode=self.side_mode,
            reps=reps,
            holds=counted.holds,
            faults=faults,
            warnings=(
                *([why] if why else []),
                *observer.warnings(),
                *counted.warnings,
                *([opinion.warning] if opinion is not None and opinion.warning else []),
                *([contour.warning()] if contour is not None and not contour.sure else []),
            ),
            summary=summary,
            config=self.thresholds,
            display=self.display,
            counting_signal=counted.counting_signal,
            frames_with_person=observer.framing.frames_detected,
            series=series,
            view=observer.framing.detected_view(),
        )


def analyzer_for(name: str, config: BaseModel | None = None, *, side: str = "auto") -> ExerciseAnalyzer:
    """The analyzer of the registered exercise ``name``."""
    from formcheck.analysis.registry import get

    return ExerciseAnalyzer(get(name), config, side=side)
