"""Input/output at the edge: video sources (cv2) and landmark files (pure JSON)."""

PREFETCH = 3
"""Frames a video source decodes ahead on its own thread (each also carries the model's input made
from it, so a few are enough to keep the inference fed and memory flat)."""


def prefetch_for(cores: int) -> int:
    """Frames to decode ahead for an analysis given ``cores``: none on one core (nothing to overlap with)."""
    return PREFETCH if cores > 1 else 0
