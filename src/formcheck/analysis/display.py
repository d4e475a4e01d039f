"""What an exercise shows: HUD readouts, rep-table and hold-table columns, the plotted signal, the programme.

An exercise spec declares any of ``hud``, ``rep_columns``, ``terminal_columns``,
``hold_columns``, ``plot`` and ``programme`` (None = the default of its counting);
:func:`resolve_display` turns them into the exercise's :class:`Display` and names every field
that refers to a metric the exercise does not measure, so a typo fails when the exercise is
registered. Renderers (live HUD, terminal, HTML, plot, programme summary) read only the :class:`Display`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import ConfigDict, with_config

from formcheck.analysis.measure.table import BY_NAME, known_metric, unit_of

UNITS = {"deg": "deg", "s": "s", "ratio": "ratio", "pct": "%"}
"""Metric-name suffix (and metric-table unit) -> unit shown."""
DIGITS = {"deg": 1, "%": 1, "s": 2, "ratio": 2}
"""Decimals a value of each unit is shown with in tables."""
HOLD_FIELDS = ("side", "start_s", "duration_s", "in_form_s", "target_s")
"""What a hold table can show (the fields of a report's hold)."""


def words(metric: str) -> str:
    """``peak_thigh_elevation_deg.{leg}`` -> ``peak thigh elevation``: the name without leg and unit."""
    base = metric.split(".")[0]
    for suffix in UNITS:
        base = base.removesuffix(f"_{suffix}")
    return base.replace("_", " ")


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class Shown:
    """One value shown: a metric under a short label.

    ``metric`` is a frame metric for the HUD (``{leg}``, ``{side}``, ``{other}`` allowed), a
    per-rep metric in rep tables; the unit comes from its name (``_deg``, ``_s`` ...).
    """

    metric: str
    label: str = ""

    @property
    def unit(self) -> str:
        """``deg``, ``s``, ``ratio``, ``%`` or ``""``: the metric table's unit, else the name's suffix."""
        if known_metric(self.metric):
            return UNITS.get(unit_of(self.metric.format(leg="left", side="left", other="right")), "")
        base = self.metric.split(".")[0]
        return next((unit for suffix, unit in UNITS.items() if base.endswith(f"_{suffix}")), "")

    @property
    def text(self) -> str:
        """The label shown: the declared one, else the metric table's, else the name without leg and unit."""
        row = BY_NAME.get(self.metric.split(".")[0])
        return self.label or (row.label if row is not None and row.label else words(self.metric))

    @property
    def digits(self) -> int:
        """Decimals in tables."""
        return DIGITS.get(self.unit, 2)


def shown(metric: str, label: str = "") -> Shown:
    """A :class:`Shown` labelled ``label``, else as :attr:`Shown.text` says."""
    return Shown(metric, Shown(metric, label).text)


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class Plot:
    """The per-frame signal plotted over time and its reference line.

    ``metric`` is a series name without its leg (``thigh_elevation_deg`` plots ``.left``,
    ``.right`` and ``.both`` as present); the reference line is at the config value of
    ``threshold`` when the report's config has it, else at ``level`` (None = no line).
    """

    metric: str
    label: str = ""
    threshold: str = ""
    threshold_label: str = ""
    level: float | None = None


SIGNAL_PLOTS = {
    "thigh_elevation_deg": Plot(
        "thigh_elevation_deg", "thigh elevation (deg, 0 = horizontal)", "knee_above_hip_deg", "knee at hip height", 0.0
    ),
}


def signal_plot(metric: str, thresholds: Collection[str] = ()) -> Plot:
    """The plot of a counting signal; its reference threshold kept only when the config has it."""
    plot = SIGNAL_PLOTS.get(metric)
    if plot is None:
        unit = shown(metric).unit
        return Plot(metric, f"{words(metric)} ({unit})" if unit else words(metric))
    if plot.threshold not in thresholds:
        return Plot(plot.metric, plot.label, "", plot.threshold_label, plot.level)
    return plot


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class Programme:
    """What a training plan asks of one exercise: the targets the report and the training log compare with.

    Attributes:
        reps: reps per set (per leg), low to high; None for holds.
        hold_s: time in good form per hold (per side for one-sided holds), s; None for reps.
        sets: sets per training day.
        sessions_per_week: training days a week.
        source: where the targets come from, readable on its own.

    """

    reps: tuple[int, int] | None = None
    hold_s: tuple[float, float] | None = None
    sets: tuple[int, int] = (3, 4)
    sessions_per_week: tuple[int, int] = (2, 3)
    source: str = ""


COACHING = "the coaching material behind formcheck's exercise catalogue"
DRILL = Programme((8, 10), (2.0, 3.0), (2, 2), (2, 3), f"{COACHING}: drills, 2 sets of 8-10 with a 2-3 s hold")
STRENGTH = Programme(
    (10, 15), None, (3, 4), (2, 3), f"{COACHING}: strength, 2-3 sessions a week of 3-4 sets of 10-15 reps"
)
HOLD = Programme(None, (10.0, 30.0), (3, 4), (2, 3), f"{COACHING}: holds of 10-30 s")
PLANK = Programme(None, (20.0, 30.0), (3, 4), (2, 3), f"{COACHING}: the plank held at least 20-30 s")
L_SIT = Programme(None, (10.0, 30.0), (3, 4), (2, 3), f"{COACHING}: L-sit holds of 10-30 s")
STRETCH = Programme(
    None,
    (30.0, 30.0),
    (1, 2),
    (2, 7),
    f"{COACHING}: mobility may be daily; static stretches held at least 30 s per side",
)


@dataclass(frozen=True)
class Display:
    """Everything a renderer shows of one exercise.

    Attributes:
        counts: what the count is of (``reps`` or ``holds``).
        hud: live/annotated-video readouts (frame metrics).
        rep_columns: HTML rep-table columns after number, side and top time (per-rep metrics);
            a column with no value in any rep of a report is left out.
        terminal_columns: the same for the terminal's rep table, which has less room.
        hold_columns: hold-table columns (:data:`HOLD_FIELDS`).
        plot: the plotted signal (None = nothing to plot).
        programme: the targets the summary compares with.

    """

    counts: Literal["reps", "holds"] = "reps"
    hud: tuple[Shown, ...] = ()
    rep_columns: tuple[Shown, ...] = ()
    terminal_columns: tuple[Shown, ...] = ()
    hold_columns: tuple[str, ...] = HOLD_FIELDS
    plot: Plot | None = None
    programme: Programme = STRENGTH


DECLARED = ("hud", "rep_columns", "terminal_columns", "hold_columns", "plot", "programme")
"""What an exercise may declare about its display (None = the default of its counting)."""


def display_problems(
    d: Display, *, rep_metrics: Collection[str], series: Collection[str], thresholds: Collection[str]
) -> list[str]:
    """What in ``d`` the exercise does not measure, one phrase each naming the field."""
    problems = [f"hud: {s.metric!r} is not measured in each frame" for s in d.hud if not known_metric(s.metric)]
    problems += [
        f"{name}: {s.metric!r} is not a per-rep metric of this exercise (choose from "
        f"{', '.join(sorted(rep_metrics)) or 'none: it counts no reps'})"
        for name, columns in (("rep_columns", d.rep_columns), ("terminal_columns", d.terminal_columns))
        for s in columns
        if s.metric not in rep_metrics
    ]
    problems += [
        f"hold_columns: {c!r} is not one of {', '.join(HOLD_FIELDS)}" for c in d.hold_columns if c not in HOLD_FIELDS
    ]
    if d.plot is not None:
        if not any(k == d.plot.metric or k.startswith(f"{d.plot.metric}.") for k in series):
            problems.append(
                f"plot: {d.plot.metric!r} is not a per-frame series of this exercise (choose from "
                f"{', '.join(sorted({k.split('.')[0] for k in series}))})"
            )
        if d.plot.threshold and d.plot.threshold not in thresholds:
            problems.append(f"plot: threshold {d.plot.threshold!r} is not in the config")
    for what, span in (("reps", d.programme.reps), ("hold_s", d.programme.hold_s)):
        if span is not None and not 0 <= span[0] <= span[1]:
            problems.append(f"programme: {what} {list(span)} is not a range from low to high")
    return problems


def resolve_display(
    declared: Mapping[str, Any],
    default: Display,
    *,
    rep_metrics: Collection[str],
    series: Collection[str],
    thresholds: Collection[str],
) -> tuple[Display, list[str]]:
    """The exercise's :class:`Display`: the ``declared`` fields (not None) over ``default``, and its problems.

    Each problem names the field (see :func:`display_problems`).
    """
    chosen = {name: declared[name] for name in DECLARED if declared.get(name) is not None}
    display = replace(default, **chosen)
    return display, display_problems(display, rep_metrics=rep_metrics, series=series, thresholds=thresholds)
