"""The one interface every counting strategy implements: :class:`Counter`, and what flows in and out of it.

The generic analyzer (:mod:`formcheck.analysis.analyzer`) measures each frame into an
:class:`Observation` and hands it to the exercise's counter; the counter says what to show now
(:class:`CountState`) and, at the end, what it found (:class:`Counted`). A strategy is the
declaration an exercise spec carries (``counting=LegPair("hip_flexion_deg")``): its
:meth:`~CountingStrategy.start` makes the counter of one set. Rep strategies (fixed levels,
rise from the person's low, a pair of legs) and the hold strategy are the same kind of thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from formcheck.analysis.display import Display
from formcheck.analysis.faults import Fault
from formcheck.analysis.judge.reps import RepRules
from formcheck.analysis.measure.framing import FramingLog
from formcheck.analysis.measure.tracker import BodyFrame
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.results import HoldRecord, RepRecord
from formcheck.analysis.series import FrameSeries
from formcheck.analysis.thresholds import Threshold


@dataclass(frozen=True)
class Observation:
    """One frame as measured for an exercise.

    Attributes:
        t: seconds.
        body: the tracked body.
        metrics: every metric of the frame (:mod:`formcheck.analysis.measure.table`).
        usable: the body parts the exercise needs are in view (and have been for its settle time).
        in_position: usable and in the exercise's start position (always, without one).
        position_unknown: not in the position only because a leg seen in it a moment ago is hidden
            now (the position cannot be told; holds coast through it).
        settling: in view and in the position, but not yet for the framing's settle time (the first
            frames of a clip, or after the body was out of view): rep counters follow the movement
            already, so a set filmed from its first frame keeps its first rep.

    """

    t: float
    body: BodyFrame
    metrics: Mapping[str, float]
    usable: bool
    in_position: bool
    position_unknown: bool = False
    settling: bool = False

    @property
    def countable(self) -> bool:
        """Reps may start now: in the position (or settling in it), or out of it only because a leg is hidden."""
        return (self.usable and (self.in_position or self.position_unknown)) or self.settling


@dataclass(frozen=True)
class CountState:
    """What a counter says about the frame just counted (for the live display).

    Attributes:
        phase: ``unknown``, ``rest``, ``lifted``, ``hold`` or ``out of position``.
        count: reps (or holds) so far.
        by_side: reps per leg.
        leg: the leg the display is about now (``left``, ``right`` or ``both``).
        target_reached: the active leg is at the exercise's target height now (None: no target / unmeasured).
        hold_s: the time at the top of the rep under way, or the hold's time in form, seconds.
        cues: corrections to show or say now.
        new_faults: faults completed in this frame.
        started: the counter has seen its start (False: the set-up guidance stays on screen).

    """

    phase: str
    count: int
    by_side: Mapping[str, int]
    leg: str
    target_reached: bool | None = None
    hold_s: float = 0.0
    cues: tuple[str, ...] = ()
    new_faults: tuple[Fault, ...] = ()
    started: bool = True


@dataclass(frozen=True)
class Counted:
    """What a counter found in a whole set.

    ``summary`` and ``warnings`` are the counter's own (the analyzer adds the framing's);
    ``why_nothing`` says why nothing was counted (None when something was).
    """

    reps: tuple[RepRecord, ...]
    holds: tuple[HoldRecord, ...]
    faults: tuple[Fault, ...]
    summary: Mapping[str, Any]
    warnings: tuple[str, ...] = ()
    why_nothing: str | None = None
    series_keys: tuple[str, ...] = ()
    counting_signal: str | None = None
    extra_summary: Mapping[str, Any] = field(default_factory=dict)


class ExerciseRules(RepRules, Protocol):
    """What a counter reads of its exercise (an ``ExerciseSpec`` is one)."""

    @property
    def start_position(self) -> Posture | None: ...  # noqa: D102
    @property
    def summary_extras(self) -> tuple[str, ...]: ...  # noqa: D102
    @property
    def short_hold_message(self) -> str: ...  # noqa: D102
    @property
    def series(self) -> tuple[str, ...]: ...  # noqa: D102


@dataclass(frozen=True)
class CountingContext:
    """What the counter of one set works with: its exercise, thresholds, leg choice, frames and framing."""

    exercise: ExerciseRules
    config: Mapping[str, Any]
    side_mode: str
    series: FrameSeries
    framing: FramingLog


class Counter(Protocol):
    """Counts one set, frame by frame."""

    def step(self, obs: Observation) -> CountState:
        """Count one more frame."""

    def finish(self, gate_reason: str | None) -> Counted:
        """Close what is open and say what was found; ``gate_reason``: why the frames never qualified, if so."""

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps counted so far (rep thumbnails while the video is read)."""


class CountingStrategy(Protocol):
    """A counting strategy as an exercise declares it (a frozen dataclass with a ``strategy`` name)."""

    @property
    def strategy(self) -> str: ...  # noqa: D102
    @property
    def counts(self) -> str: ...  # noqa: D102

    def thresholds(self) -> tuple[Threshold, ...]:
        """Its settings with their defaults (an exercise may give them new defaults)."""

    def threshold_names(self) -> tuple[str, ...]:
        """Every config key it reads (each must be a threshold of the exercise)."""

    def rep_metric_names(self) -> tuple[str, ...]:
        """The per-rep numbers it measures (``hold_s``, ``lift_s`` ...; none for holds)."""

    def series_keys(self, exercise: Any) -> tuple[str, ...]:
        """The per-frame values it reports (the counting signal of every leg; the side held)."""

    def frame_metrics(self) -> tuple[str, ...]:
        """The frame metrics it reads (each must be in the metric table)."""

    def problems(self, config: Mapping[str, float]) -> list[str]:
        """What is wrong with a set of threshold values taken together (each value in range on its own)."""

    def default_display(self, exercise: Any, thresholds: set[str]) -> Display:
        """How an exercise counted this way is shown when it declares nothing else."""

    def start(self, context: CountingContext) -> Counter:
        """The counter of one set."""
