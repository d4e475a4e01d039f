"""The exercise spec: one frozen, typed declaration of everything formcheck knows about an exercise.

A Python module (``src/formcheck/analysis/exercises/*.py``) and a TOML file build the same
:class:`ExerciseSpec`; both are checked by one function (:func:`formcheck.analysis.exercise_spec.check.problems`)
before the exercise is registered, and every problem names the field. The TOML schema is this
class's fields (``formcheck exercises --schema`` prints it from here). The one generic analyzer
(:mod:`formcheck.analysis.analyzer`) runs any spec.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, with_config

from formcheck.analysis.count.fixed_levels import FixedLevels
from formcheck.analysis.count.hold import Hold
from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.display import Plot, Programme, Shown
from formcheck.analysis.faults import Rule
from formcheck.analysis.judge.options import RepGate, RepTarget, SummaryExtra
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.measure.parts import WHOLE_BODY_PARTS, BodyPart
from formcheck.analysis.measure.table import parts_needed
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.recognise.looks import NO_LOOKS, Looks
from formcheck.analysis.thresholds import Threshold

View = Literal["side", "front", "any"]
LowerBack = Literal["off", "landmarks", "contour"]
"""How the lower back and pelvis are measured: not at all; landmark proxies only (standing: the hands
rest on the hips over the lumbar curve); or also the back contour of the segmentation mask."""
Counting = Annotated[FixedLevels | RiseFromLow | LegPair | Hold, Field(discriminator="strategy")]
"""The counting strategies, told apart by their ``strategy`` name."""
DEFAULT_CAMERA = "side-on, at hip height, about 3 m away, whole body in the picture"


HOLD_PARTS: tuple[BodyPart, ...] = ("shoulders", "hips", "knees", "feet")
"""What a hold without its own ``required_parts`` needs in view: the body from the shoulders to the feet."""


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, kw_only=True)
class ExerciseSpec:
    """Everything about one exercise.

    Attributes:
        name: the ``--exercise`` name: lower case, digits and dashes.
        title: shown in reports.
        summary: what is counted and checked, one line.
        about: how the exercise is done, for ``formcheck exercises --show``.
        view: where the camera should be (``side``, ``front`` or ``any``).
        setup, camera, measures: set-up, camera placement and what is measured, in words.
        start_position: the position counting and holds wait for (None: the counter's own start).
        required_parts: body parts that must be in view for a frame to count; None: those the counting
            signal is measured from (the metric table's parts), or :data:`HOLD_PARTS` for a hold. Checks
            that need other parts are skipped (and reported) while those are not seen.
        whole_body_in_picture: instead, the whole body in view with both sides inside the picture.
        settle_s: the required parts must be in view this long before a frame is used, s.
        start_guidance: what to do to start, shown while waiting (default: get into the start position).
        counting: the counting strategy and its signal (:mod:`formcheck.analysis.count`).
        thresholds: the exercise's limits, and new defaults for its strategy's settings.
        rep_metrics: per-rep numbers from the frame series (reps only).
        rules: faults: per-rep metrics against thresholds (reps), frame metrics on every held frame (holds).
        live_checks: frame checks while a rep is under way: a cue at once; a top hold is in form only
            where all pass (reps only).
        accept: which reps count at all (reps only; None: every rep the counter finds).
        target: the counting signal's target height (reps only).
        top_hold: report each rep's time at the top as a hold: the threshold with its target (reps only).
        summary_extras: optional summary values (reps only).
        series: further frame metrics kept per frame in the report.
        lower_back: how the lower back and pelvis are measured (:data:`LowerBack`).
        hud, rep_columns, terminal_columns, hold_columns, plot, programme: what is shown; None: the
            counting strategy's default (:mod:`formcheck.analysis.display`).
        short_hold_message: the fault message of a hold shorter than its target (holds).
        looks: how the exercise moves, for recognising it (:class:`~formcheck.analysis.recognise.looks.Looks`).
        declared_in: the file the spec was read from (TOML exercises).

    """

    name: str
    title: str
    summary: str
    about: str = ""
    view: View = "side"
    setup: str = ""
    camera: str = DEFAULT_CAMERA
    measures: str = ""
    start_position: Posture | None = None
    required_parts: tuple[BodyPart, ...] | None = None
    whole_body_in_picture: bool = False
    settle_s: float = 0.1
    start_guidance: str = ""
    counting: Counting
    thresholds: tuple[Threshold, ...] = ()
    rep_metrics: tuple[RepMetric, ...] = ()
    rules: tuple[Rule, ...] = ()
    live_checks: tuple[Rule, ...] = ()
    accept: RepGate | None = None
    target: RepTarget | None = None
    top_hold: str | None = None
    summary_extras: tuple[SummaryExtra, ...] = ()
    series: tuple[str, ...] = ()
    lower_back: LowerBack = "off"
    hud: tuple[Shown, ...] | None = None
    rep_columns: tuple[Shown, ...] | None = None
    terminal_columns: tuple[Shown, ...] | None = None
    hold_columns: tuple[str, ...] | None = None
    plot: Plot | None = None
    programme: Programme | None = None
    short_hold_message: str = "hold in good form shorter than the target"
    looks: Looks = NO_LOOKS
    declared_in: str = ""

    @property
    def uses_mask(self) -> bool:
        """The segmentation mask is needed (the back contour is measured)."""
        return self.lower_back == "contour"

    @property
    def counts(self) -> str:
        """``reps`` or ``holds``."""
        return self.counting.counts

    @property
    def parts(self) -> tuple[BodyPart, ...]:
        """The body parts a frame needs in view."""
        if self.whole_body_in_picture:
            return WHOLE_BODY_PARTS
        if self.required_parts is not None:
            return self.required_parts
        signal = getattr(self.counting, "signal", None)
        return parts_needed([signal, f"{signal}.{{leg}}"]) if signal else HOLD_PARTS


SPEC_FIELDS = tuple(f.name for f in fields(ExerciseSpec))
"""The spec's fields, in order (the TOML schema's keys)."""
