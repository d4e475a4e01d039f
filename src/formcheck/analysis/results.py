"""What an analysis gives: per frame (:class:`FrameResult`, for live feedback) and at the end (:class:`ExerciseResult`).

Nothing here prints or renders; the report layer does (:mod:`formcheck.report`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formcheck.analysis.display import Display
from formcheck.analysis.faults import Fault


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
