"""Options of a rep exercise beyond counting: which reps count, the target height, summary extras."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import ConfigDict, with_config

from formcheck.analysis.faults import Rule, Severity

SummaryExtra = Literal["cadence_lifts_per_min", "legs_relabelled_frames"]
"""Optional summary values: reps per minute within runs (:func:`cadence_per_min`), and the frames
whose leg labels the tracker exchanged to keep them consistent."""
CADENCE_MAX_GAP_S = 2.0
"""Tops further apart than this are a pause between sets, not part of the cadence."""


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class RepGate:
    """A rep counts only when its per-rep ``metric`` passes the config field ``threshold`` (``kind`` as a rule's).

    An unmeasured value fails. Reps that fail are set aside, not judged, and counted in the
    summary as ``summary_key``; when only such reps were seen, ``reason`` says why nothing
    was counted (``{n}``: how many were set aside, ``{limit}``: the threshold's value).
    """

    metric: str
    threshold: str
    kind: Literal["min", "max"]
    summary_key: str
    reason: str

    @property
    def rule(self) -> Rule:
        """The gate as a rule (a violated rule sets the rep aside)."""
        return Rule(
            self.summary_key, self.metric, self.threshold, self.kind, Severity.INFO, self.reason, "", "", missing="fail"
        )

    def passes(self, metrics: Mapping[str, float], config: Mapping[str, Any]) -> bool:
        """Whether a rep with these per-rep metrics counts."""
        return self.rule.passes(metrics.get(self.metric, float("nan")), float(config[self.threshold]))


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class RepTarget:
    """The counting signal's target height: the config field ``threshold`` (signal units).

    Gives the live ``knee_above_hip`` flag (the active leg at or above it now), the summary's
    ``reps_key`` (how many reps peaked at or above it) and, with top holds, the in-form part of
    each hold at the top.
    """

    threshold: str
    reps_key: str


def cadence_per_min(tops: list[float]) -> float | None:
    """Reps per minute within runs: 60 / the median time between consecutive tops (s) under ``CADENCE_MAX_GAP_S``.

    None without two tops that close.
    """
    gaps = np.diff(sorted(tops)) if len(tops) > 1 else np.zeros(0)
    gaps = gaps[gaps < CADENCE_MAX_GAP_S]
    return round(60.0 / float(np.median(gaps)), 1) if gaps.size else None
