"""Judging a counted rep: its numbers, whether it counts at all, its faults, and its time at the top as a hold.

Every rep strategy (:mod:`formcheck.analysis.count`) hands the reps it finds to one
:class:`RepJudge`, with the tempo it measured. The judge adds the peak of the counting signal
and the exercise's declared rep metrics, applies the gate (``accept``: a lunge's front leg is
not a knee raise), marks alternating legs (scissors) so that rules which do not apply to them
are left out, checks every rule, and records the top hold when the exercise asks for one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

import numpy as np

from formcheck.analysis.faults import Fault, Rule
from formcheck.analysis.judge.options import RepGate, RepTarget
from formcheck.analysis.judge.rep_metrics import RepMetric, rep_values
from formcheck.analysis.results import HoldRecord, RepRecord
from formcheck.analysis.series import FrameSeries
from formcheck.analysis.signal.tempo import TopRun
from formcheck.analysis.signal.traces import RepTrace

ALTERNATION_GAP_S = 0.5
"""A rep of one leg starting within this time of the other leg's rep ending is alternating."""


class RepRules(Protocol):
    """What the judge reads of an exercise (an :class:`~formcheck.analysis.exercise_spec.model.ExerciseSpec` is one)."""

    @property
    def name(self) -> str: ...  # noqa: D102
    @property
    def rep_metrics(self) -> tuple[RepMetric, ...]: ...  # noqa: D102
    @property
    def rules(self) -> tuple[Rule, ...]: ...  # noqa: D102
    @property
    def live_checks(self) -> tuple[Rule, ...]: ...  # noqa: D102
    @property
    def accept(self) -> RepGate | None: ...  # noqa: D102
    @property
    def target(self) -> RepTarget | None: ...  # noqa: D102
    @property
    def top_hold(self) -> str | None: ...  # noqa: D102


class RepJudge:
    """Measures, gates and judges the reps of one set; holds what was found (reps, top holds, faults)."""

    def __init__(
        self, rules: RepRules, signal: str, config: Mapping[str, Any], series: FrameSeries, *, alternation: bool
    ) -> None:
        self.spec, self.signal, self.config, self.series = rules, signal, config, series
        self.alternation = alternation
        """Mark reps that follow the other leg's (strategies that count each leg on its own)."""
        self.reps: list[RepRecord] = []
        self.holds: list[HoldRecord] = []
        self.faults: list[Fault] = []
        self.set_aside = 0
        self.unchecked: Counter[str] = Counter()
        """Per check (a rule's fault, the gate's summary key): reps it could not be checked on (parts unseen)."""

    def judge(self, leg: str, trace: RepTrace, end_s: float, tempo: Mapping[str, float], run: TopRun) -> list[Fault]:
        """Measure and judge a finished rep (frames up to ``end_s``); record it unless the gate sets it aside."""
        m = {f"peak_{self.signal}": float(trace.peak), **tempo}
        m.update(rep_values(self.spec.rep_metrics, self.series, leg, trace, end_s, run))
        cfg = self.config
        gate = self.spec.accept
        if gate is not None and not math.isfinite(m.get(gate.metric, math.nan)):
            self.unchecked[gate.summary_key] += 1  # its body parts were not seen: counted, said in the report
        elif gate is not None and not gate.passes(m, cfg):
            self.set_aside += 1
            return []
        if self.alternation:
            m["alternating"] = float(self._follows_other_leg(leg, trace))
            if m["alternating"] and self.reps:
                self._revise_as_alternating(len(self.reps) - 1)
        number = len(self.reps) + 1
        self.unchecked.update(
            r.fault
            for r in self.spec.rules
            if not (r.unless and m.get(r.unless, 0.0))
            and not math.isfinite(m.get(r.metric, math.nan))
            and "contour" not in r.metric  # the back contour's absence (no mask) is said on its own
        )
        faults = [
            f
            for r in self.spec.rules
            if (f := r.check(self.spec.name, number, m, cfg, trace.start_s, trace.end_s)) is not None
        ]
        self.reps.append(
            RepRecord(number, leg, trace.start_s, trace.top_s, trace.end_s, m, tuple(f.code for f in faults))
        )
        self.faults += faults
        if self.spec.top_hold is not None:
            self.holds.append(self._top_hold(leg, number, run, float(cfg[self.spec.top_hold])))
        return faults

    def unchecked_sentence(self) -> str | None:
        """Which checks some reps went without because their body parts were not seen (None: every rep checked)."""
        if not self.unchecked or not self.reps:
            return None
        total = len(self.reps)
        parts = ", ".join(f"{name.replace('_', ' ')} on {n} of {total}" for name, n in self.unchecked.most_common())
        return (
            f"checks left out where what they measure was not seen (body parts out of the picture or hidden, a "
            f"view too far off side-on, no segmentation mask): {parts} reps"
        )

    def insert_inferred(self, reps: Sequence[tuple[str, float, float, float]]) -> None:
        """Add reps counted from the rhythm, not measured (``(leg, start_s, top_s, end_s)`` each).

        Every rep is then numbered again in the order of its top, and the faults and top holds follow.
        """
        if not reps:
            return
        unmeasured = {f"peak_{self.signal}": math.nan, "inferred": 1.0}
        added = [RepRecord(0, leg, start, top, end, unmeasured) for leg, start, top, end in reps]
        self._renumber(sorted([*self.reps, *added], key=lambda r: r.top_s))

    def drop(self, indices: Sequence[int]) -> None:
        """Take back the reps at ``indices`` (0-based), with their faults and top holds; number the rest again."""
        if not indices:
            return
        dropped = set(indices)
        gone = {self.reps[i].number for i in dropped}
        self.faults = [f for f in self.faults if f.rep not in gone]
        self.holds = [h for h in self.holds if h.rep not in gone]
        self._renumber([r for i, r in enumerate(self.reps) if i not in dropped])

    def _renumber(self, ordered: Sequence[RepRecord]) -> None:
        """``ordered`` become the reps, numbered 1.. in that order; faults and top holds follow their rep."""
        new_number = {id(r): i for i, r in enumerate(ordered, 1)}
        old_to_new = {r.number: new_number[id(r)] for r in self.reps if id(r) in new_number}
        self.reps = [replace(r, number=new_number[id(r)]) for r in ordered]
        self.faults = [f if f.rep is None else replace(f, rep=old_to_new.get(f.rep, f.rep)) for f in self.faults]
        self.holds = [h if h.rep is None else replace(h, rep=old_to_new.get(h.rep, h.rep)) for h in self.holds]

    def relabel(self, index: int, side: str) -> None:
        """Rep ``index`` (0-based) turned out to be a movement of ``side`` (a leg's rep now known to be both legs)."""
        self.reps[index] = replace(self.reps[index], side=side)

    def live_cues(self, values: Mapping[str, float], leg: str) -> list[str]:
        """Cues of the live checks that fail now for ``leg`` (measured values only)."""
        cfg = self.config
        return [
            c.cue
            for c in self.spec.live_checks
            if math.isfinite(v := values.get(c.metric.format(leg=leg), math.nan)) and c.violated(v, cfg[c.threshold])
        ]

    def by_side(self, legs: tuple[str, ...], *, each: bool) -> dict[str, int]:
        """Reps per leg counted (``legs``), with ``both`` added when ``each`` leg is counted and both moved together."""
        if each and any(r.side == "both" for r in self.reps):
            legs = (*legs, "both")
        return {leg: sum(r.side == leg for r in self.reps) for leg in legs}

    def reps_at_target(self) -> int | None:
        """How many reps peaked at or above the target (None without a target)."""
        if self.spec.target is None:
            return None
        limit = float(self.config[self.spec.target.threshold])
        return sum(r.metrics[f"peak_{self.signal}"] >= limit for r in self.reps)

    def _top_hold(self, leg: str, number: int, run: TopRun, target_s: float) -> HoldRecord:
        """A rep's time at the top as a hold; in form where the signal is at its target and every live check passes."""
        w = self.series.window(run.first_s, run.end_s)
        t = self.series.times(w)
        cfg = self.config
        ok = np.ones(len(t), dtype=bool)
        if self.spec.target is not None:
            ok &= self.series.values(f"{self.signal}.{leg}", w) >= float(cfg[self.spec.target.threshold])
        for check in self.spec.live_checks:
            limit = float(cfg[check.threshold])
            values = self.series.values(check.metric.format(leg=leg), w)
            ok &= np.array([check.passes(v, limit) for v in values], dtype=bool)
        dt = np.diff(np.append(t, run.end_s))
        in_form = float(np.sum(dt[ok]))
        return HoldRecord(run.first_s, run.end_s, run.end_s - run.first_s, in_form, leg, number, target_s or None)

    def _revise_as_alternating(self, index: int) -> None:
        """The rep before an alternating one opened the alternation: drop its faults from rules that do not apply."""
        rep = self.reps[index]
        if rep.metrics.get("alternating"):
            return
        dropped = {f"{self.spec.name}.{r.fault}" for r in self.spec.rules if r.unless == "alternating"}
        self.reps[index] = replace(
            rep, metrics={**rep.metrics, "alternating": 1.0}, faults=tuple(c for c in rep.faults if c not in dropped)
        )
        self.faults = [f for f in self.faults if not (f.rep == rep.number and f.code in dropped)]

    def _follows_other_leg(self, leg: str, trace: RepTrace) -> bool:
        """The rep began while the other leg's rep was ending (alternating legs: scissors, marching)."""
        if not self.reps or leg == "both":
            return False
        last = self.reps[-1]
        return last.side not in (leg, "both") and trace.start_s - last.end_s <= ALTERNATION_GAP_S
