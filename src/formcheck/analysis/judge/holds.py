"""Holds: time spent in a position, and the part of it in good form, frame by frame; each hold judged when it ends.

:class:`HoldTimer` opens a hold when the position is taken, closes it when the position has
been left for ``exit_grace_s``, and accumulates per frame: total time, time with every check
passing (in form), and for each check the time it failed and its worst value. A frame whose
checks cannot be measured (NaN, with the check's ``missing="fail"``) is not in form: no credit
from guesses. :class:`HoldJudge` turns each closed hold into a record and its faults:

- ``<exercise>.<check fault>`` when a check failed for at least ``max_fault_s`` (measured =
  the median value while it failed, robust to a one-frame spike; limit = the threshold);
- ``<exercise>.short_hold`` when the in-form time is under ``target_s``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from formcheck.analysis.faults import Fault, Rule, Severity
from formcheck.analysis.gaps import HIDDEN_LIMB_S
from formcheck.analysis.results import HoldRecord


@dataclass
class OpenHold:
    """A hold being timed."""

    side: str
    start_s: float
    last_in_s: float
    duration_s: float = 0.0
    in_form_s: float = 0.0
    failed_s: dict[str, float] = field(default_factory=dict)
    failed_values: dict[str, list[float]] = field(default_factory=dict)
    unjudged_s: dict[str, float] = field(default_factory=dict)
    coasting_s: float = 0.0
    """Time unseen since the last frame in position; added to the hold if it goes on, dropped if it ends."""
    last_in_form: bool = True

    def typical_failed(self, fault: str) -> float:
        """Median value of a check while it failed (NaN when never measured failing)."""
        vals = self.failed_values.get(fault, [])
        return float(np.median(vals)) if vals else math.nan


UNSEEN_GRACE_S = HIDDEN_LIMB_S
"""A hold goes on through this long with its body parts unseen (a limb hidden, a flicker of the pose model)."""


class HoldTimer:
    """Times holds from per-frame (in position, side, check values) observations."""

    def __init__(self, checks: tuple[Rule, ...], limits: Mapping[str, float], exit_grace_s: float) -> None:
        self.checks = checks
        self.limits = limits
        self.exit_grace_s = exit_grace_s
        self.current: OpenHold | None = None
        self._prev_t: float | None = None

    def update(
        self,
        t: float,
        side: str | None,
        values: Mapping[str, float],
        skipped: frozenset[str] = frozenset(),
        *,
        unseen: bool = False,
    ) -> OpenHold | None:
        """Advance one frame (``side`` None = not in position); returns a hold that just closed.

        Checks named in ``skipped`` are not judged in this frame (they pass). ``unseen``: the
        body parts were not seen in this frame (hidden, out of the picture): the hold coasts
        for up to ``UNSEEN_GRACE_S``, and that time counts if the position is found again.
        """
        dt = 0.0 if self._prev_t is None else min(max(t - self._prev_t, 0.0), 0.5)
        self._prev_t = t
        closed = None
        cur = self.current
        grace = max(self.exit_grace_s, UNSEEN_GRACE_S) if unseen else self.exit_grace_s
        if cur is not None and (
            (side is not None and side != cur.side) or (side is None and t - cur.last_in_s > grace)
        ):
            closed, self.current = cur, None
        if side is None:
            if unseen and self.current is not None:
                self.current.coasting_s += dt
            return closed
        if self.current is None:
            self.current = OpenHold(side, t, t)
            dt = 0.0
        cur = self.current
        cur.last_in_s = t
        cur.duration_s += dt + cur.coasting_s
        if cur.last_in_form:
            cur.in_form_s += cur.coasting_s
        cur.coasting_s = 0.0
        ok = True
        for c in self.checks:
            v = values.get(c.fault, math.nan)
            if c.fault in skipped:
                cur.unjudged_s[c.fault] = cur.unjudged_s.get(c.fault, 0.0) + dt
                continue
            if not c.passes(v, self.limits[c.threshold]):
                ok = ok and not c.costs_hold
                cur.failed_s[c.fault] = cur.failed_s.get(c.fault, 0.0) + dt
                if math.isfinite(v):
                    cur.failed_values.setdefault(c.fault, []).append(v)
        if ok:
            cur.in_form_s += dt
        cur.last_in_form = ok
        return closed

    def close(self) -> OpenHold | None:
        """End the hold in progress (end of input)."""
        cur, self.current = self.current, None
        return cur


class HoldJudge:
    """Judges the closed holds of one set; holds what was found (holds, faults, checks not judged)."""

    def __init__(self, exercise: str, checks: tuple[Rule, ...], config: Mapping[str, Any], short_hold_message: str):
        self.exercise, self.checks, self.config, self.short_hold_message = exercise, checks, config, short_hold_message
        self.holds: list[HoldRecord] = []
        self.faults: list[Fault] = []
        self.unjudged_s: dict[str, float] = {}
        self.longest_spell_s = 0.0

    def judge(self, hold: OpenHold) -> list[Fault]:
        """Record a closed hold (unless it was a passing spell) and its faults."""
        c = self.config
        self.longest_spell_s = max(self.longest_spell_s, hold.duration_s)
        if hold.duration_s < c["min_hold_s"]:
            return []
        for fault, seconds in hold.unjudged_s.items():
            self.unjudged_s[fault] = self.unjudged_s.get(fault, 0.0) + seconds
        end = hold.last_in_s
        side = None if hold.side == "both" else hold.side
        self.holds.append(
            HoldRecord(hold.start_s, end, hold.duration_s, hold.in_form_s, side, None, c["target_s"] or None)
        )
        faults = []
        for chk in self.checks:
            failed = hold.failed_s.get(chk.fault, 0.0)
            typical = hold.typical_failed(chk.fault)
            if failed >= c["max_fault_s"] and math.isfinite(typical):
                faults.append(
                    Fault(
                        f"{self.exercise}.{chk.fault}",
                        chk.severity,
                        f"{chk.message} for {failed:.1f} s",
                        None,
                        hold.start_s,
                        end,
                        typical,
                        float(c[chk.threshold]),
                        chk.unit,
                        chk.cue,
                    )
                )
        if hold.in_form_s < c["target_s"]:
            faults.append(
                Fault(
                    f"{self.exercise}.short_hold",
                    Severity.WARNING,
                    self.short_hold_message,
                    None,
                    hold.start_s,
                    end,
                    hold.in_form_s,
                    float(c["target_s"]),
                    "s",
                    "hold longer",
                )
            )
        self.faults += faults
        return faults
