"""What to change next time: two or three corrections from the faults seen, in the exercise's own cues.

The first lines of the terminal report and of the HTML say them, before any table. A fault's
cue is its rule's (``hips up, brace``); faults that share a cue are one correction. Corrections
are ordered by severity (errors first), then by how often they were seen, then by when.
"""

from __future__ import annotations

from dataclasses import dataclass

from formcheck.report.model import Report, exercise_spec
from formcheck.report.parts import ReportFault
from formcheck.report.wording import counted

MOST = 3
"""At most this many corrections: more is not something a person changes in one set."""
COUNTER_CUES = {"short_hold": "hold longer"}
"""Cues of the faults a counter raises itself (not from one of the exercise's rules)."""
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Correction:
    """One thing to change: the cue, and the faults behind it (``message``, where it was seen)."""

    cue: str
    message: str
    where: str

    def sentence(self) -> str:
        """``Hips up, brace: lower back sagged (2 of 3 reps).``."""
        return f"{self.cue[:1].upper()}{self.cue[1:]}: {self.message} ({self.where})."


def _cues(report: Report) -> dict[str, str]:
    """Fault name (the code's last part) to cue, from the exercise's rules."""
    spec = exercise_spec(report.exercise)
    rules = () if spec is None else (*spec.rules, *spec.live_checks)
    return {**COUNTER_CUES, **{r.fault: r.cue for r in rules if r.cue}}


def _where(report: Report, faults: list[ReportFault]) -> str:
    """How often: ``2 of 3 reps``, ``the hold``, ``2 of 3 holds``, ``twice``."""
    reps = {f.rep for f in faults if f.rep is not None}
    if reps and report.rep_count:
        return f"{len(reps)} of {counted(report.rep_count, 'rep')}" if report.rep_count > 1 else "the rep"
    holds = report.own_holds()
    if report.counts_holds and holds:
        within = {
            i for i, h in enumerate(holds) for f in faults if h.start_s is not None and f.start_s == h.start_s
        } or {0}
        return "the hold" if len(holds) == 1 else f"{len(within)} of {counted(len(holds), 'hold')}"
    return "once" if len(faults) == 1 else f"{len(faults)} times"


def next_time(report: Report, most: int = MOST) -> list[Correction]:
    """Up to ``most`` corrections for the next set, the most important first (none without faults)."""
    cues = _cues(report)
    by_cue: dict[str, list[ReportFault]] = {}
    for fault in report.faults:
        name = fault.code.rsplit(".", 1)[-1]
        by_cue.setdefault(cues.get(name, ""), []).append(fault)

    def rank(item: tuple[str, list[ReportFault]]) -> tuple[int, int, float]:
        faults = item[1]
        worst = min(SEVERITY_RANK.get(f.severity, 3) for f in faults)
        return (worst, -len(faults), min(f.start_s if f.start_s is not None else 0.0 for f in faults))

    out = []
    for cue, faults in sorted(by_cue.items(), key=rank)[:most]:
        messages = list(dict.fromkeys(f.message for f in faults))
        message = messages[0] if len(messages) == 1 else f"{messages[0]} (and {len(messages) - 1} more)"
        out.append(Correction(cue or "watch for this", message, _where(report, faults)))
    return out
