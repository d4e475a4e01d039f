"""What follows from a spec: its thresholds merged over its strategy's, its config model, its display, its problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from formcheck.analysis.display import DECLARED, Display, resolve_display, shown, signal_plot
from formcheck.analysis.exercise_spec.check import problems, rep_metric_names
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.measure.table import LUMBOPELVIC_KEYS
from formcheck.analysis.thresholds import Threshold, merged


@dataclass(frozen=True)
class Resolved:
    """A spec's derived parts (see the module docstring); ``problems`` empty when it can run."""

    thresholds: tuple[Threshold, ...]
    config_model: type[BaseModel]
    display: Display
    series: tuple[str, ...]
    problems: tuple[str, ...]


@cache
def resolve(spec: ExerciseSpec) -> Resolved:
    """The derived parts of ``spec`` (computed once per spec)."""
    thresholds = merged(spec.counting.thresholds(), spec.thresholds)
    declared = [t.name for t in spec.thresholds]
    twice = sorted({n for n in declared if declared.count(n) > 1})
    threshold_problems = [f"thresholds: {n!r} declared more than once" for n in twice]
    threshold_problems += [p for t in thresholds for p in t.problems()]
    names = {t.name for t in thresholds}
    found = problems(spec, names, threshold_problems)
    series = (*spec.counting.series_keys(spec), *spec.series, *(LUMBOPELVIC_KEYS if spec.lower_back != "off" else ()))
    default = spec.counting.default_display(spec, names)
    rep_metrics = rep_metric_names(spec) if spec.counts == "reps" else set()
    display, display_problems = resolve_display(
        _declared_display(spec), default, rep_metrics=rep_metrics, series=series, thresholds=names
    )
    model = _config_model(spec, thresholds) if not found else _config_model(spec, ())
    return Resolved(thresholds, model, display, series, (*found, *display_problems))


def _declared_display(spec: ExerciseSpec) -> dict[str, Any]:
    """What the spec says is shown, labels and plot label filled in, the programme's source named."""
    out: dict[str, Any] = {name: getattr(spec, name) for name in DECLARED}
    for name in ("hud", "rep_columns", "terminal_columns"):
        if out[name] is not None:
            out[name] = tuple(shown(s.metric, s.label) for s in out[name])
    if out["plot"] is not None and not out["plot"].label:
        out["plot"] = replace(out["plot"], label=signal_plot(out["plot"].metric).label)
    if out["programme"] is not None and not out["programme"].source:
        out["programme"] = replace(out["programme"], source=f"declared by the exercise {spec.name}")
    return out


def _config_model(spec: ExerciseSpec, thresholds: tuple[Threshold, ...]) -> type[BaseModel]:
    """A frozen pydantic model whose fields are the thresholds (default, unit, meaning, range, source)."""
    fields: dict[str, Any] = {
        t.name: (
            float,
            Field(
                t.value,
                description=t.description,
                ge=t.ge,
                gt=t.gt,
                le=t.le,
                lt=t.lt,
                json_schema_extra={"unit": t.unit or "", "source": t.source or ""},
            ),
        )
        for t in thresholds
    }
    strategy = spec.counting

    def together(model: BaseModel) -> BaseModel:
        """The thresholds taken together (each is in range on its own)."""
        found = strategy.problems(model.model_dump())
        if found:
            raise ValueError("; ".join(found))
        return model

    title = "".join(part.capitalize() for part in spec.name.split("-")) + "Config"
    model: type[BaseModel] = create_model(
        title,
        __config__=ConfigDict(frozen=True, extra="forbid"),
        __validators__=cast(dict[str, Callable[..., Any]], {"together": model_validator(mode="after")(together)}),
        **fields,
    )
    return model
