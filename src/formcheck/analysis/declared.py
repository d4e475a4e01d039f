"""Exercises declared in a TOML file: start position, counting signal, thresholds, fault rules, cues.

A file describes one exercise over one of the two families::

    name = "glute-bridge"                 # the --exercise name
    title = "Glute bridge"
    family = "reps"                       # or "hold"
    view = "side"
    posture = "lying on the back"         # a start position of formcheck.analysis.posture
    summary = "Reps; hips up to a straight line from shoulders to knees."
    setup = "Lie on the back, knees bent, feet flat."      # optional: setup, camera, measures
    signal = "hip_extension_deg"          # reps: a per-leg frame metric
    legs = "both"                         # reps: "each" or "both"
    required_parts = ["shoulders", "hips", "knees", "feet"]   # optional
    hold_columns = ["side", "duration_s", "in_form_s"]         # hold: hold-table columns (optional)

    [thresholds.min_excursion]            # the family's own settings can be given new defaults
    value = 25
    [thresholds.min_top_deg]              # and new thresholds added, with unit, range and source
    value = -10
    unit = "deg"
    description = "Lowest peak hip extension: hips up to the line."
    source = "starting value"
    ge = -90
    le = 90

    [[rep_metrics]]                       # reps: per-rep numbers from frame metrics
    name = "curl_deg"
    source = "trunk_incline_deg"
    reduce = "range"                      # max, min, range, mean, max_abs or extreme
    window = "rep"                        # rep, top, before or around

    [[rules]]                             # faults: a metric against a threshold
    fault = "hips_low"
    metric = "peak_hip_extension_deg"     # reps: a per-rep metric; hold: a frame metric
    threshold = "min_top_deg"
    kind = "min"
    severity = "warning"                  # info, warning or error
    message = "hips did not come up to the line"
    unit = "deg"
    cue = "hips up"

    [[rep_columns]]                       # what is shown; each optional (absent: the family's default)
    metric = "peak_hip_extension_deg"     # HTML rep-table column: a per-rep metric
    label = "hip ext"                     # optional: from the metric name
    [[terminal_columns]]                  # terminal rep-table column (it has less room)
    metric = "peak_hip_extension_deg"
    [[hud]]                               # live/annotated-video readout: a frame metric
    metric = "hip_extension_deg.{leg}"
    [plot]                                # the signal plotted over time
    metric = "hip_extension_deg"
    threshold = "min_top_deg"             # optional reference line, and its label
    threshold_label = "the line"
    [programme]                           # summary targets: reps = [low, high], hold_s = [low, high]
    reps = [8, 12]
    source = "physio's plan"

:func:`load_exercise_file` checks every field and raises :class:`~formcheck.errors.ConfigError`
naming it; the class it builds is then checked like any Python exercise (metrics measured,
thresholds in the config) and registered.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any, cast, get_args

import tomllib
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from formcheck.analysis.base import Analyzer
from formcheck.analysis.display import Plot, Programme, shown, signal_plot
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldExercise, HoldFamilyConfig
from formcheck.analysis.posture import Posture
from formcheck.analysis.registry import register, registered
from formcheck.analysis.rep_family import Reduce, RepExercise, RepFamilyConfig, RepMetric, Window
from formcheck.errors import ConfigError

FAMILIES: dict[str, tuple[type[Analyzer], type[BaseModel]]] = {
    "reps": (RepExercise, RepFamilyConfig),
    "hold": (HoldExercise, HoldFamilyConfig),
}


class _Threshold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: float
    unit: str = ""
    description: str = ""
    source: str = "declared in the exercise file"
    ge: float | None = None
    le: float | None = None


class _Metric(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    source: str
    reduce: str = "max"
    window: str = "rep"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fault: str
    metric: str
    threshold: str
    kind: str
    severity: str = "warning"
    message: str
    unit: str = ""
    cue: str = ""


class _Shown(BaseModel):
    model_config = ConfigDict(extra="forbid")
    metric: str
    label: str = ""


class _Plot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    metric: str
    label: str = ""
    threshold: str = ""
    threshold_label: str = ""
    level: float | None = None


class _Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    family: str
    view: str = "side"
    posture: str
    summary: str = ""
    setup: str = ""
    camera: str = ""
    measures: str = ""
    signal: str | None = None
    legs: str = "each"
    required_parts: list[str] | None = None
    thresholds: dict[str, _Threshold] = Field(default_factory=dict)
    rep_metrics: list[_Metric] = Field(default_factory=list)
    rules: list[_Rule] = Field(default_factory=list)
    hud: list[_Shown] | None = None
    rep_columns: list[_Shown] | None = None
    terminal_columns: list[_Shown] | None = None
    hold_columns: list[str] | None = None
    plot: _Plot | None = None
    programme: Programme | None = None


def _choice(value: str, allowed: list[str], where: str) -> str:
    if value not in allowed:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _config_model(decl: _Exercise, base: type[BaseModel], path: Path) -> type[BaseModel]:
    """The family's config with the file's new defaults and new thresholds (unit, range, source)."""
    fields: dict[str, Any] = {}
    for key, th in decl.thresholds.items():
        if key in base.model_fields:  # a family setting: a new default, its range and meaning kept
            field = copy.copy(base.model_fields[key])
            field.default = th.value
            extra = dict(cast(dict[str, Any], field.json_schema_extra or {}))
            field.json_schema_extra = {**extra, "source": th.source}
            fields[key] = (float, field)
        else:
            fields[key] = (
                float,
                Field(
                    th.value,
                    description=th.description or key,
                    ge=th.ge,
                    le=th.le,
                    json_schema_extra={"unit": th.unit, "source": th.source},
                ),
            )
    try:
        model: type[BaseModel] = create_model(f"{decl.title.replace(' ', '')}Config", __base__=base, **fields)
        model(**{k: th.value for k, th in decl.thresholds.items()})  # every given value within its range
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ConfigError(f"{path}: [thresholds]:\n" + "\n".join(lines)) from None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: [thresholds]: {exc}") from None
    return model


def _display_attrs(decl: _Exercise) -> dict[str, Any]:
    """The class attributes of what the file says is shown (those it leaves out: the family's defaults)."""
    attrs: dict[str, Any] = {}
    for name, columns in (
        ("hud", decl.hud),
        ("rep_columns", decl.rep_columns),
        ("terminal_columns", decl.terminal_columns),
    ):
        if columns is not None:
            attrs[name] = tuple(shown(s.metric, s.label) for s in columns)
    if decl.hold_columns is not None:
        attrs["hold_columns"] = tuple(decl.hold_columns)
    if (p := decl.plot) is not None:
        attrs["plot"] = Plot(p.metric, p.label or signal_plot(p.metric).label, p.threshold, p.threshold_label, p.level)
    if decl.programme is not None:
        attrs["programme"] = replace(decl.programme, source=decl.programme.source or "declared in the exercise file")
    return attrs


def build_exercise(decl: _Exercise, path: Path) -> type[Analyzer]:
    """The analyzer class a declaration describes (checked and registered)."""
    family, config_base = FAMILIES[_choice(decl.family, list(FAMILIES), f"{path}: family")]
    posture = Posture(_choice(decl.posture, [p.value for p in Posture], f"{path}: posture"))
    _choice(decl.view, ["side", "front", "any"], f"{path}: view")
    attrs: dict[str, Any] = {
        "__doc__": decl.summary or decl.title,
        "__module__": __name__,
        "name": decl.name,
        "title": decl.title,
        "view": decl.view,
        "summary_text": decl.summary,
        "setup": decl.setup,
        "camera": decl.camera or "side-on, whole body in the picture",
        "measures": decl.measures,
        "posture": posture,
        "declared_in": str(path.resolve()),
        "config_model": _config_model(decl, config_base, path),
        **_display_attrs(decl),
    }
    if decl.required_parts is not None:
        attrs["required_parts"] = tuple(decl.required_parts)
    rules = []
    for i, r in enumerate(decl.rules):
        where = f"{path}: rules[{i}] ({r.fault})"
        rules.append(
            Rule(
                r.fault,
                r.metric,
                r.threshold,
                cast(Any, _choice(r.kind, ["min", "max"], f"{where} kind")),
                Severity[_choice(r.severity.upper(), ["INFO", "WARNING", "ERROR"], f"{where} severity")],
                r.message,
                r.unit,
                r.cue,
                missing="fail" if decl.family == "hold" else "pass",
            )
        )
    if decl.family == "reps":
        if decl.signal is None:
            raise ConfigError(f"{path}: signal: a reps exercise needs a counting signal")
        attrs.update(
            signal=decl.signal,
            legs=_choice(decl.legs, ["each", "both"], f"{path}: legs"),
            rules=tuple(rules),
            rep_metrics=tuple(
                RepMetric(
                    m.name,
                    m.source,
                    cast(Any, _choice(m.reduce, list(get_args(Reduce)), f"{path}: rep_metrics {m.name} reduce")),
                    cast(Any, _choice(m.window, list(get_args(Window)), f"{path}: rep_metrics {m.name} window")),
                )
                for m in decl.rep_metrics
            ),
        )
    else:
        attrs["checks"] = tuple(rules)
    try:
        cls = type(decl.title.replace(" ", ""), (family,), attrs)
    except TypeError as exc:  # the family's own check: a metric or threshold that does not exist
        raise ConfigError(f"{path}: {exc}") from None
    existing = registered(decl.name)
    if existing is not None and getattr(existing, "declared_in", None) == str(path.resolve()):
        return existing  # the same file loaded again
    try:
        return register(cast(type[Analyzer], cls))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc} (another exercise already has this name)") from None


def load_exercise_file(path: Path) -> type[Analyzer]:
    """Read, check and register the exercise declared in ``path``. Raises ConfigError naming the bad field."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such exercise file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    try:
        decl = _Exercise(**raw)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ConfigError(f"{path}: invalid exercise declaration:\n" + "\n".join(lines)) from None
    return build_exercise(decl, path)
