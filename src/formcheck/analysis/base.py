"""The analyzer contract: streaming ``step(pose) -> FrameResult``, then ``finish() -> ExerciseResult``.

Batch analysis is a fold over ``step`` (:func:`analyze`), so a live session and a file
analysis agree frame for frame on the same landmarks.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel

from formcheck.analysis.display import Display, Plot, Programme, Shown
from formcheck.analysis.faults import Fault
from formcheck.core.types import PoseFrame

View = Literal["side", "front", "any"]
SideMode = Literal["auto", "left", "right"]


@dataclass(frozen=True)
class FrameResult:
    """What a live display needs after one frame.

    Attributes:
        t: seconds.
        phase: counter phase of the active leg ("unknown", "rest", "lifted", "hold", ...).
        rep_count: reps completed so far (all legs).
        reps_by_side: reps per leg/side, e.g. ``{"left": 3, "right": 2}``.
        metrics: current values, e.g. ``{"thigh_elevation_deg": 12.0}``.
        knee_above_hip: the active knee is above the hip now (None = not measurable).
        hold_s: running hold time of the current hold or top hold, seconds.
        cues: short corrections for faults active now ("knee higher").
        guidance: set-up instruction while analysis cannot start ("step back ...").
        in_view: the whole body is in view.
        new_faults: faults completed in this frame.

    """

    t: float
    phase: str
    rep_count: int
    reps_by_side: Mapping[str, int]
    metrics: Mapping[str, float]
    knee_above_hip: bool | None = None
    hold_s: float = 0.0
    cues: tuple[str, ...] = ()
    guidance: str = ""
    in_view: bool = False
    new_faults: tuple[Fault, ...] = ()


@dataclass(frozen=True)
class RepRecord:
    """One counted rep: when, which leg/side, its metrics (units in the names) and fault codes."""

    number: int
    side: str
    start_s: float
    top_s: float
    end_s: float
    metrics: Mapping[str, float]
    faults: tuple[str, ...] = ()


@dataclass(frozen=True)
class HoldRecord:
    """One hold: total duration and the part of it in good form, seconds."""

    start_s: float
    end_s: float
    duration_s: float
    in_form_s: float
    side: str | None = None
    rep: int | None = None
    target_s: float | None = None


@dataclass(frozen=True)
class ExerciseResult:
    """Everything an analysis found, and what the exercise is; the report layer renders it, nothing here prints.

    Attributes:
        title, expected_view, display: the exercise's title, camera view and :class:`Display`.
        counting_signal: the per-leg metric that was counted (``thigh_elevation_deg``), None for holds.
        frames_with_person: frames in which a person was detected.
        view: the camera view detected.

    """

    exercise: str
    title: str
    expected_view: str
    side_mode: str
    reps: tuple[RepRecord, ...]
    holds: tuple[HoldRecord, ...]
    faults: tuple[Fault, ...]
    warnings: tuple[str, ...]
    summary: Mapping[str, Any]
    config: Mapping[str, Any]
    display: Display
    counting_signal: str | None
    frames_with_person: int
    series: Mapping[str, list[float | None]] = field(default_factory=dict)
    view: str = "unknown"


class Analyzer(ABC):
    """Base of every exercise analyzer.

    Subclasses set the class attributes and implement :meth:`step` and :meth:`finish`.
    ``config_model`` is a frozen pydantic model whose field defaults are the documented
    thresholds (``formcheck exercises --show NAME`` prints them).
    """

    name: ClassVar[str]
    title: ClassVar[str]
    view: ClassVar[View]
    summary_text: ClassVar[str]
    config_model: ClassVar[type[BaseModel]]
    uses_mask: ClassVar[bool] = False
    setup: ClassVar[str] = ""
    """How to set up for the exercise (``exercises --show``)."""
    camera: ClassVar[str] = ""
    """Where to put the camera."""
    measures: ClassVar[str] = ""
    """What is measured, in words."""
    hud: ClassVar[tuple[Shown, ...] | None] = None
    """Live/annotated-video readouts (None: the family's; see :mod:`formcheck.analysis.display`)."""
    rep_columns: ClassVar[tuple[Shown, ...] | None] = None
    """HTML rep-table columns (per-rep metrics)."""
    terminal_columns: ClassVar[tuple[Shown, ...] | None] = None
    """Terminal rep-table columns (fewer: less room)."""
    hold_columns: ClassVar[tuple[str, ...] | None] = None
    """Hold-table columns."""
    plot: ClassVar[Plot | None] = None
    """The signal plotted over time."""
    programme: ClassVar[Programme | None] = None
    """The programme targets."""
    display: ClassVar[Display] = Display()
    """All of the above resolved and checked when the class is defined."""

    def __init__(self, config: BaseModel | None = None, *, side: SideMode = "auto") -> None:
        self.config = config if config is not None else self.config_model()
        if not isinstance(self.config, self.config_model):
            raise TypeError(f"{self.name} needs a {self.config_model.__name__}, got {type(self.config).__name__}")
        self.side_mode: SideMode = side

    @property
    def thresholds(self) -> dict[str, Any]:
        """The config as a plain dict."""
        return self.config.model_dump()

    @abstractmethod
    def step(self, pose: PoseFrame) -> FrameResult:
        """Analyse one frame (frames in increasing time)."""

    def reps_so_far(self) -> Sequence[RepRecord]:
        """Reps completed so far, while running (rep thumbnails); default: none exposed."""
        return ()

    @abstractmethod
    def finish(self) -> ExerciseResult:
        """Close open reps/holds and return the result of everything stepped so far."""

    def readouts(self, values: Mapping[str, float], leg: str) -> dict[str, float]:
        """The HUD values of this frame: each ``display.hud`` metric (key as declared) for ``leg``, NaN when absent."""
        other = {"left": "right", "right": "left"}.get(leg, leg)
        return {
            s.metric: values.get(s.metric.format(leg=leg, side=leg, other=other), math.nan) for s in self.display.hud
        }

    def result(
        self,
        *,
        reps: Sequence[RepRecord],
        holds: Sequence[HoldRecord],
        faults: Sequence[Fault],
        warnings: Sequence[str],
        summary: Mapping[str, Any],
        series: Mapping[str, list[float | None]],
        view: str,
        counting_signal: str | None,
        frames_with_person: int,
    ) -> ExerciseResult:
        """The :class:`ExerciseResult` of what was found, with this exercise's name, title, views and config."""
        return ExerciseResult(
            exercise=self.name,
            title=self.title,
            expected_view=self.view,
            side_mode=self.side_mode,
            reps=tuple(reps),
            holds=tuple(holds),
            faults=tuple(faults),
            warnings=tuple(warnings),
            summary=summary,
            config=self.thresholds,
            display=self.display,
            counting_signal=counting_signal,
            frames_with_person=frames_with_person,
            series=series,
            view=view,
        )


def analyze(poses: Iterable[PoseFrame], analyzer: Analyzer) -> ExerciseResult:
    """Run ``analyzer`` over every pose and return its result."""
    for pose in poses:
        analyzer.step(pose)
    return analyzer.finish()


def describe_config(config: BaseModel) -> list[dict[str, Any]]:
    """Each threshold with its value, unit, description and source, for docs and ``--show``."""
    rows = []
    for name, info in type(config).model_fields.items():
        extra: Mapping[str, Any] = info.json_schema_extra if isinstance(info.json_schema_extra, Mapping) else {}
        rows.append(
            {
                "name": name,
                "value": getattr(config, name),
                "default": info.default,
                "unit": extra.get("unit", ""),
                "description": info.description or "",
                "source": extra.get("source", ""),
            }
        )
    return rows
