"""The rate poses are estimated at: every frame up to about 30 fps, every second frame of a 60 fps video.

A hip-flexor rep takes a second or more and the counters, holds and faults work on
timestamps (never on frame counts), so 30 poses a second sample every phase of a rep many
times over; a 60 fps phone video estimated on every frame pays twice for the same verdicts.
:func:`pose_stride` says which frames are estimated: those whose index in the video is a
multiple of the stride. That depends on the video alone (never on how it is cut into
segments or how many processes estimate it), and the frames keep their real timestamps.
"""

from __future__ import annotations

import math

POSE_FPS = 30.0
"""Poses a second the counting needs (the rate most cameras record at)."""


def pose_stride(fps: float, *, every_frame: bool = False) -> int:
    """Estimate every ``pose_stride(fps)``-th frame of a ``fps`` video: ``round(fps / 30)``, at least 1.

    24-44 fps: 1 (every frame); 45-74 fps (50, 59.94, 60): 2; 120 fps: 4. ``every_frame``
    forces 1 (an annotated video draws every frame). An unknown rate (0, NaN) gives 1.
    """
    if every_frame or not math.isfinite(fps) or fps <= 0:
        return 1
    return max(1, round(fps / POSE_FPS))


def is_estimated(index: int, stride: int) -> bool:
    """True when frame ``index`` (0-based, in the whole video) is one whose pose is estimated."""
    return index % stride == 0


def rate_sentence(fps: float, stride: int) -> str:
    """What the report says of the rate, e.g. "poses estimated on every 2nd frame (30 a second) of the 60 fps video"."""
    if stride <= 1:
        return f"poses estimated on every frame ({fps:.3g} a second)"
    return f"poses estimated on every {_ordinal(stride)} frame ({fps / stride:.3g} a second) of the {fps:.3g} fps video"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
