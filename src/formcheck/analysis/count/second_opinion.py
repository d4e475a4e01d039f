"""The second opinion beside the rule counter: the periodicity count, and what the report says when they disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from formcheck.analysis.count.periodicity import count_periods
from formcheck.analysis.observe import IN_POSITION_KEY
from formcheck.analysis.series import FrameSeries

DISAGREE_BY = 1
"""The counts differ by more than this: the report says so, with both numbers."""


@dataclass(frozen=True)
class SecondOpinion:
    """The periodicity counter's count next to the rule counter's ``rule_count``."""

    count: int
    estimate: float
    rule_count: int
    spans: tuple[tuple[float, float], ...]

    @property
    def disagrees(self) -> bool:
        """The two counts differ by more than :data:`DISAGREE_BY`."""
        return abs(self.count - self.rule_count) > DISAGREE_BY

    @property
    def summary(self) -> dict[str, Any]:
        """The report's ``second_opinion`` entry."""
        return {
            "method": "pose self-similarity, dominant frequency integrated over the time in the start position",
            "count": self.count,
            "estimate": self.estimate,
            "rule_count": self.rule_count,
            "disagrees": self.disagrees,
            "spans_s": [[round(a, 2), round(b, 2)] for a, b in self.spans],
        }

    @property
    def warning(self) -> str | None:
        """One sentence when the counts disagree (None when they agree)."""
        if not self.disagrees:
            return None
        return (
            f"a second, exercise-agnostic counter (how often the pose repeats) found {self.count} reps where the "
            f"rules counted {self.rule_count}: worth a look at the video"
        )


def second_opinion(series: FrameSeries, rule_count: int) -> SecondOpinion:
    """The periodicity count of the frames in the start position of ``series``."""
    active = [frame.get(IN_POSITION_KEY, 0.0) == 1.0 for frame in series.frames]
    found = count_periods(series, active)
    return SecondOpinion(found.count, found.estimate, rule_count, found.spans)
