"""Throttling of corrective cues, so they stay readable and do not flicker or nag."""

from __future__ import annotations

from collections.abc import Sequence


class CueThrottle:
    """Chooses the cue to show now from the cues a frame raises.

    A cue stays up at least ``min_show_s``; the same cue is not shown again within
    ``repeat_after_s`` of when it was last put up. Times are seconds on any clock.
    """

    def __init__(self, *, min_show_s: float = 1.5, repeat_after_s: float = 4.0) -> None:
        self.min_show_s = min_show_s
        self.repeat_after_s = repeat_after_s
        self.current = ""
        self._shown_at = -1e9
        self._last_shown: dict[str, float] = {}

    def update(self, now: float, candidates: Sequence[str]) -> str:
        """The cue to display at ``now`` ('' for none)."""
        if self.current and now - self._shown_at < self.min_show_s:
            return self.current
        for cue in candidates:
            if cue and now - self._last_shown.get(cue, -1e9) >= self.repeat_after_s:
                self.current, self._shown_at = cue, now
                self._last_shown[cue] = now
                return cue
        self.current = ""
        return ""
