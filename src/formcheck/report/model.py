"""The typed ``formcheck.report/1`` document: :class:`Report` and its parts, read from and written to JSON.

``Report.to_json()`` gives the JSON contract of :mod:`formcheck.report.build` key for key;
``Report.from_json(doc)`` reads it back (``from_json(r.to_json()).to_json() == r.to_json()``)
and raises :class:`ReportError` naming the part of a document that is not a report. Numbers
are kept as the JSON has them: rounded, None where a value could not be measured. What to
show (``display``: columns, plot, programme) is not in the JSON; it is the exercise's
declaration (:mod:`formcheck.analysis.display`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from formcheck.analysis.display import HOLD, STRENGTH, Display, Shown, shown, signal_plot
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.core.types import SourceInfo
from formcheck.errors import FormcheckError
from formcheck.report.parts import (
    InputInfo,
    ReportError,
    ReportFault,
    ReportHold,
    ReportRep,
    ViewInfo,
    integer,
    items,
    mapping,
    part,
    strings,
    text,
)

SCHEMA = "formcheck.report/1"


@dataclass(frozen=True)
class Report:
    """One analysed set (see :mod:`formcheck.report.build` for every key's meaning).

    ``live`` and ``previous_sets`` are there for live sessions only (None elsewhere);
    ``frames`` is empty for reports kept in the training log (it keeps no per-frame series),
    ``measurement_kinds`` for reports written before it existed.
    """

    formcheck: str
    exercise: str
    title: str
    status: str
    source: SourceInfo
    input: InputInfo
    view: ViewInfo
    side: str
    reps_by_side: Mapping[str, int]
    reps: tuple[ReportRep, ...]
    holds: tuple[ReportHold, ...]
    faults: tuple[ReportFault, ...]
    warnings: tuple[str, ...]
    summary: Mapping[str, Any]
    config: Mapping[str, Any]
    frames: Mapping[str, Sequence[float | None]]
    measurement_kinds: Mapping[str, str]
    display: Display = field(default=Display(), compare=False)
    live: Mapping[str, Any] | None = None
    previous_sets: tuple[Report, ...] | None = None

    @property
    def rep_count(self) -> int:
        """Reps counted (all legs)."""
        return len(self.reps)

    @property
    def counts_holds(self) -> bool:
        """True for an exercise counted in holds (a plank, a stretch): reported in holds, never as missing reps."""
        return self.display.counts == "holds"

    def own_holds(self) -> list[ReportHold]:
        """Holds that are not the top hold of a rep."""
        return [h for h in self.holds if h.rep is None]

    def with_values(self, columns: Sequence[Shown]) -> tuple[Shown, ...]:
        """The ``columns`` that have a value in at least one rep (no column empty for every rep)."""
        return tuple(c for c in columns if any(r.metrics.get(c.metric) is not None for r in self.reps))

    def rep_faults(self, number: int) -> list[ReportFault]:
        """The faults of rep ``number``."""
        return [f for f in self.faults if f.rep == number]

    def to_json(self) -> dict[str, Any]:
        """The ``formcheck.report/1`` document, keys in the contract's order."""
        doc: dict[str, Any] = {
            "schema": SCHEMA,
            "formcheck": self.formcheck,
            "exercise": self.exercise,
            "title": self.title,
            "status": self.status,
            "source": self.source.to_json(),
            "input": self.input.to_json(),
            "view": self.view.to_json(),
            "side": self.side,
            "rep_count": self.rep_count,
            "reps_by_side": dict(self.reps_by_side),
            "reps": [r.to_json() for r in self.reps],
            "holds": [h.to_json() for h in self.holds],
            "faults": [f.to_json() for f in self.faults],
            "warnings": list(self.warnings),
            "summary": dict(self.summary),
            "config": dict(self.config),
            "frames": {k: list(v) for k, v in self.frames.items()},
            "measurement_kinds": dict(self.measurement_kinds),
        }
        if self.live is not None:
            doc["live"] = dict(self.live)
        if self.previous_sets is not None:
            doc["previous_sets"] = [r.to_json() for r in self.previous_sets]
        return doc

    @classmethod
    def from_json(cls, doc: object, display: Display | None = None) -> Report:
        """Read a report document; ``display`` None = the exercise's declared one (:func:`display_for`).

        Raises :class:`ReportError` (a ValueError) naming what is missing or of the wrong type.
        """
        if not isinstance(doc, Mapping) or doc.get("schema") != SCHEMA:
            found = doc.get("schema") if isinstance(doc, Mapping) else type(doc).__name__
            raise ReportError(f"expected schema {SCHEMA!r}, got {found!r}")
        report = part(lambda: _read(doc, display), "report")
        return replace(report, display=display if display is not None else display_for(report))


def _read(d: Mapping[str, Any], display: Display | None) -> Report:
    """The report in ``d`` (its display still the generic one)."""
    reps = items(d, "reps", ReportRep.from_json)
    if integer(d, "rep_count") != len(reps):
        raise ValueError(f"rep_count is {d['rep_count']} but {len(reps)} reps are listed")
    return Report(
        formcheck=text(d, "formcheck"),
        exercise=text(d, "exercise"),
        title=text(d, "title"),
        status=text(d, "status"),
        source=part(lambda: SourceInfo.from_json(d["source"]), "source"),
        input=part(lambda: InputInfo.from_json(d["input"]), "input"),
        view=part(lambda: ViewInfo.from_json(d["view"]), "view"),
        side=text(d, "side"),
        reps_by_side=mapping(d, "reps_by_side", int),
        reps=reps,
        holds=items(d, "holds", ReportHold.from_json),
        faults=items(d, "faults", ReportFault.from_json),
        warnings=strings(d, "warnings"),
        summary=mapping(d, "summary"),
        config=mapping(d, "config"),
        frames=mapping(d, "frames", list) if "frames" in d else {},
        measurement_kinds=mapping(d, "measurement_kinds", str) if "measurement_kinds" in d else {},
        live=mapping(d, "live") if "live" in d else None,
        previous_sets=items(d, "previous_sets", lambda p: Report.from_json(p, display))
        if "previous_sets" in d
        else None,
    )


def exercise_spec(name: str) -> ExerciseSpec | None:
    """The exercise registered under ``name``; None when it is unknown here (an exercise file not loaded)."""
    from formcheck.analysis.registry import get

    try:
        return get(name)
    except FormcheckError:
        return None


def display_for(report: Report) -> Display:
    """The exercise's declared :class:`Display`, else (an exercise unknown here) one made from what the report holds."""
    from formcheck.analysis.exercise_spec.resolved import resolve

    spec = exercise_spec(report.exercise)
    return resolve(spec).display if spec is not None else inferred_display(report)


def inferred_display(report: Report) -> Display:
    """A display for a report of an exercise unknown here.

    Every per-rep metric in the rep table, the counting signal (else the first series)
    plotted, the strength programme for reps, the hold one for holds.
    """
    metrics = dict.fromkeys(k for r in report.reps for k in r.metrics)
    counting = report.summary.get("counting_signal")
    series = [k.split(".")[0] for k in report.frames if k != "t"]
    plotted = counting if isinstance(counting, str) else (series[0] if series else None)
    holds = bool(report.holds) and not report.reps
    columns = tuple(shown(k) for k in metrics)
    return Display(
        "holds" if holds else "reps",
        rep_columns=columns,
        terminal_columns=columns,
        plot=signal_plot(plotted, report.config.keys()) if plotted else None,
        programme=HOLD if holds else STRENGTH,
    )
