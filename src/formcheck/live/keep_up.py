"""Keeping up with the camera: when too many frames are dropped, step down to a cheaper estimator.

A live session analyses the newest frame and drops the ones that arrived meanwhile. Dropping a
few is harmless (phase times come from the signal's threshold crossings, see
:mod:`formcheck.analysis.signal.tempo`), but a machine that cannot keep up drops half of them
and more, and then a fast movement can fall between two analysed frames. So the session watches
the share of frames dropped (:class:`KeepUp`) and, when it stays above
:data:`MAX_DROPPED_SHARE` for :data:`WINDOW_S` (after a :data:`WARM_UP_S` start-up), switches to
the next :class:`Level`: the lite model (about twice as fast as the full one), then the lite
model on a picture at most :data:`SMALL_INPUT_WIDTH` pixels wide. Each switch is said on the terminal and in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_DROPPED_SHARE = 0.15
"""More than this share of the camera's frames dropped over a window means the estimator cannot keep up."""
WINDOW_S = 1.5
"""Seconds of frames (stream time) judged together; a new window starts after every switch."""
MIN_FRAMES = 15
"""Frames a window needs before it is judged (a camera slower than 10 fps is judged on longer windows)."""
WARM_UP_S = 1.0
"""Seconds not judged after the session starts or switches (the model's first inferences are slow)."""
SMALL_INPUT_WIDTH = 640
"""Width (px) of the picture the estimator sees at the last level (it sees the person at 256x256 either way)."""


@dataclass(frozen=True, slots=True)
class Level:
    """What the estimator runs: ``model`` (``lite``, ``full``, ``heavy``) on pictures at most ``input_width`` wide."""

    model: str
    input_width: int | None = None

    def describe(self) -> str:
        """E.g. "the lite model on 640-pixel-wide pictures"."""
        size = f" on {self.input_width}-pixel-wide pictures" if self.input_width else ""
        return f"the {self.model} model{size}"


def levels(model: str) -> list[Level]:
    """The levels from ``model`` down: the model asked for, the lite model, the lite model on smaller pictures."""
    steps = [Level(model)]
    if model != "lite":
        steps.append(Level("lite"))
    steps.append(Level("lite", SMALL_INPUT_WIDTH))
    return steps


@dataclass(frozen=True, slots=True)
class Switch:
    """A step down at ``t_s`` (stream s) to ``level``, after ``dropped_share`` of a window's frames were dropped."""

    t_s: float
    level: Level
    dropped_share: float

    def to_json(self) -> dict[str, object]:
        """One entry of the report's ``live.switches``."""
        return {
            "t_s": round(self.t_s, 2),
            "model": self.level.model,
            "input_width": self.level.input_width,
            "dropped_share": round(self.dropped_share, 3),
        }


@dataclass
class KeepUp:
    """Decides, frame by frame, whether to step down a level (see the module docstring).

    Feed :meth:`update` after each analysed frame with the stream time and the grabber's running
    counts of frames captured and dropped; it returns the level to switch to, or None.
    """

    steps: list[Level]
    max_dropped_share: float = MAX_DROPPED_SHARE
    window_s: float = WINDOW_S
    min_frames: int = MIN_FRAMES
    warm_up_s: float = WARM_UP_S
    switches: list[Switch] = field(default_factory=list)
    _level: int = 0
    _start: tuple[float, int, int] | None = None
    _ready_at: float | None = None

    @property
    def level(self) -> Level:
        """The level in use."""
        return self.steps[self._level]

    def update(self, t_s: float, captured: int, dropped: int) -> Level | None:
        """The level to switch to now (None: stay); ``captured``/``dropped`` are running totals."""
        if self._ready_at is None:
            self._ready_at = t_s + self.warm_up_s
        if self._start is None:
            if t_s >= self._ready_at:
                self._start = (t_s, captured, dropped)
            return None
        t0, captured0, dropped0 = self._start
        frames = captured - captured0
        if t_s - t0 < self.window_s or frames < self.min_frames:
            return None
        share = (dropped - dropped0) / frames
        self._start = (t_s, captured, dropped)
        if share <= self.max_dropped_share or self._level + 1 >= len(self.steps):
            return None
        self._level += 1
        self.switches.append(Switch(t_s, self.level, share))
        return self.level

    def restart_window(self, t_s: float) -> None:
        """Judge afresh after a warm-up from now (after a switch: the new estimator's start-up drops frames)."""
        self._start, self._ready_at = None, t_s + self.warm_up_s

    def sentences(self, first: Level) -> list[str]:
        """What the report says of each switch, e.g. "the full model could not keep up ... switched to ..."."""
        said, before = [], first
        for s in self.switches:
            said.append(
                f"{before.describe()} could not keep up with the camera ({s.dropped_share:.0%} of the frames "
                f"dropped over {self.window_s:g} s): switched to {s.level.describe()} at {s.t_s:.1f} s"
            )
            before = s.level
        return said
