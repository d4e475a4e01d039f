"""How a rep exercise is shown when it declares nothing else: the counting signal, its peak, the rules, the tempo."""

from __future__ import annotations

from typing import Any

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
