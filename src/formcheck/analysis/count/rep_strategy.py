"""What the rep strategies declare alike: a per-leg counting signal, its peak and tempo, the default display."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from formcheck.analysis.display import HOLD_FIELDS, STRENGTH, Display, shown, signal_plot

TEMPO_COLUMNS = ("hold_s", "lift_s", "lower_s")


def rep_display(exercise: Any, signal: str, thresholds: set[str]) -> Display:
    """The default rep display of ``exercise`` counted on ``signal`` (its ``rep_metrics``, ``rules``, ``top_hold``).

    The signal on the HUD and plotted; the HTML rep table shows its peak, every declared rep
    metric, every metric a rule judges, then the tempo (hold, lift, lower); the terminal's the
    peak and the tempo.
    """
    judged = [r.metric for r in exercise.rules if r.metric not in (*TEMPO_COLUMNS, "alternating")]
    columns = dict.fromkeys((f"peak_{signal}", *(m.name for m in exercise.rep_metrics), *judged, *TEMPO_COLUMNS))
    return Display(
        "reps",
        hud=(shown(f"{signal}.{{leg}}"),),
        rep_columns=tuple(shown(c) for c in columns),
        terminal_columns=tuple(shown(c) for c in (f"peak_{signal}", *TEMPO_COLUMNS)),
        hold_columns=HOLD_FIELDS if exercise.top_hold is not None else (),
        plot=signal_plot(signal, thresholds),
        programme=STRENGTH,
    )


class RepStrategy:
    """The declarations every rep strategy shares (subclasses are frozen dataclasses with a ``signal`` field).

    ``tempo`` names the per-rep timing numbers the strategy's counter measures.
    """

    counts: ClassVar[str] = "reps"
    tempo: ClassVar[tuple[str, ...]]
    signal: str

    def rep_metric_names(self) -> tuple[str, ...]:
        """The signal's peak and the tempo."""
        return f"peak_{self.signal}", *self.tempo

    def frame_metrics(self) -> tuple[str, ...]:
        """The counting signal, per leg."""
        return (f"{self.signal}.{{leg}}",)

    def series_keys(self, exercise: Any) -> tuple[str, ...]:
        """The counting signal of every leg."""
        return tuple(f"{self.signal}.{leg}" for leg in ("left", "right", "both"))

    def problems(self, config: Mapping[str, float]) -> list[str]:
        """What is wrong with the thresholds taken together (default: nothing)."""
        return []

    def default_display(self, exercise: Any, thresholds: set[str]) -> Display:
        """The rep display (:func:`rep_display`)."""
        return rep_display(exercise, self.signal, thresholds)
