"""The one check every exercise spec goes through, from Python or TOML: each problem names the field.

:func:`problems` lists what is wrong: a metric the metric table does not measure, a rule on a
per-rep number nobody computes, a threshold that does not exist or whose default is outside its
range, a display column of something never measured, options that only make sense for reps on
a hold. An empty list means the spec can run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.faults import Rule
from formcheck.analysis.measure.parts import BODY_PARTS
from formcheck.analysis.measure.table import BY_NAME, known_metric, row_of

NAME = re.compile(r"^[a-z][a-z0-9-]*$")
REP_ONLY = ("rep_metrics", "live_checks", "accept", "target", "top_hold", "summary_extras")
"""Fields that only a rep exercise may set."""


def problems(spec: ExerciseSpec, thresholds: Iterable[str], threshold_problems: Iterable[str]) -> list[str]:
    """Everything wrong with ``spec`` whose resolved config has the keys ``thresholds`` (empty: it can run)."""
    names = set(thresholds)
    out = list(threshold_problems)
    if not NAME.match(spec.name):
        out.append(f"name: {spec.name!r} must be lower case letters, digits and dashes, starting with a letter")
    out += [f"required_parts: {p!r} is not a body part ({', '.join(BODY_PARTS)})" for p in spec.required_parts or ()
            if p not in BODY_PARTS]  # fmt: skip
    out += _counting(spec, names)
    out += [f"series: {k!r} is not measured by the metric table" for k in spec.series if not known_metric(k)]
    if spec.counts == "holds":
        out += _hold_only(spec, names)
    else:
        out += _reps(spec, names)
    return out


def _counting(spec: ExerciseSpec, names: set[str]) -> list[str]:
    strategy = spec.counting
    out = [f"counting: threshold {n!r} is not in the config" for n in strategy.threshold_names() if n not in names]
    for key in strategy.frame_metrics():
        row = row_of(key)
        if row is None or not row.per_leg:
            per_leg = ", ".join(m.name for m in BY_NAME.values() if m.per_leg)
            out.append(f"counting.signal: {key.split('.')[0]!r} is not a per-leg metric ({per_leg})")
    return out


def _rule(where: str, rule: Rule, metrics: set[str] | None, names: set[str]) -> list[str]:
    """One rule's problems; ``metrics`` None: its metric must be a frame metric of the table."""
    out = []
    if metrics is None:
        if not known_metric(rule.metric):
            out.append(f"{where}: frame metric {rule.metric!r} is not measured by the metric table")
    elif rule.metric not in metrics:
        out.append(f"{where}: metric {rule.metric!r} is not measured (choose from {', '.join(sorted(metrics))})")
    if rule.threshold not in names:
        out.append(f"{where}: threshold {rule.threshold!r} is not in the config")
    if rule.unless and (metrics is None or rule.unless not in metrics):
        out.append(f"{where}: unless {rule.unless!r} is not measured")
    return out


def rep_metric_names(spec: ExerciseSpec) -> set[str]:
    """Every per-rep number of a rep exercise: the strategy's and the declared ones."""
    return {*spec.counting.rep_metric_names(), *(m.name for m in spec.rep_metrics)}


def _reps(spec: ExerciseSpec, names: set[str]) -> list[str]:
    per_rep = rep_metric_names(spec)
    out = []
    for i, rule in enumerate(spec.rules):
        out += _rule(f"rules[{i}] ({rule.fault})", rule, per_rep, names)
    for i, rule in enumerate(spec.live_checks):
        out += _rule(f"live_checks[{i}] ({rule.fault})", rule, None, names)
    if spec.accept is not None:
        out += _rule("accept", spec.accept.rule, per_rep, names)
    out += [f"rep_metrics[{i}] ({m.name}): frame metric {m.source!r} is not measured by the metric table"
            for i, m in enumerate(spec.rep_metrics) if not known_metric(m.source)]  # fmt: skip
    if spec.target is not None and spec.target.threshold not in names:
        out.append(f"target: threshold {spec.target.threshold!r} is not in the config")
    if spec.top_hold is not None and spec.top_hold not in names:
        out.append(f"top_hold: threshold {spec.top_hold!r} is not in the config")
    return out


def _hold_only(spec: ExerciseSpec, names: set[str]) -> list[str]:
    out = [f"{field}: a hold counts no reps" for field in REP_ONLY if getattr(spec, field)]
    if spec.start_position is None:
        out.append("start_position: a hold needs the position it times")
    for i, rule in enumerate(spec.rules):
        out += _rule(f"rules[{i}] ({rule.fault})", rule, None, names)
    return out
