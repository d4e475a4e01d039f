"""Immutable landmark containers shared by every layer.

Coordinates are image pixels with the image's own axes (x right, y DOWN); geometry
functions convert to y-up. Missing landmarks are NaN, never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from formcheck.core.landmarks import NUM_LANDMARKS
from formcheck.core.person_mask import Mask

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """One frame's pose for one person.

    Attributes:
        index: frame number in the source, from 0.
        t: seconds from the start of the source.
        xy: ``(33, 2)`` pixel coordinates, image axes (y down); NaN when nobody was detected.
        visibility: ``(33,)`` in [0, 1]; 0 when nobody was detected.
        image_size: ``(width, height)`` in pixels.
        world: ``(33, 3)`` metres, hip-centred, when the backend gives it.
        mask: ``(H, W)`` person-segmentation probability in [0, 1], only when requested (a float array,
            or the part around the person as :class:`~formcheck.core.person_mask.PersonMask`).
        num_people: how many people the detector saw (the analysis uses the first).
        back_contours: what the back-contour measurement reads from the mask, read once for every
            way the back can face (:func:`formcheck.analysis.measure.lumbopelvic.read_back_contours`),
            kept instead of the mask when poses are kept for later (``-e auto``).

    """

    index: int
    t: float
    xy: FloatArray
    visibility: FloatArray
    image_size: tuple[int, int]
    world: FloatArray | None = None
    mask: Mask | None = field(default=None, compare=False, repr=False)
    num_people: int = 1
    back_contours: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.xy.shape != (NUM_LANDMARKS, 2):
            raise ValueError(f"xy must have shape (33, 2), got {self.xy.shape}")
        if self.visibility.shape != (NUM_LANDMARKS,):
            raise ValueError(f"visibility must have shape (33,), got {self.visibility.shape}")
        if self.world is not None and self.world.shape != (NUM_LANDMARKS, 3):
            raise ValueError(f"world must have shape (33, 3), got {self.world.shape}")
        if not np.isfinite(self.t):
            raise ValueError(f"t must be finite, got {self.t}")

    @classmethod
    def missing(cls, index: int, t: float, image_size: tuple[int, int]) -> PoseFrame:
        """A frame in which nobody was detected."""
        return cls(
            index=index,
            t=t,
            xy=np.full((NUM_LANDMARKS, 2), np.nan),
            visibility=np.zeros(NUM_LANDMARKS),
            image_size=image_size,
            num_people=0,
        )

    @property
    def detected(self) -> bool:
        """True when a person was detected in this frame."""
        return self.num_people > 0 and bool(np.isfinite(self.xy).any())


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded frame: ``image`` is ``(H, W, 3)`` uint8 BGR, ``t`` seconds from the source start.

    ``prepared``: the pose model's input made from ``image`` ahead of time, on the decoding thread
    (opaque here; see :func:`formcheck.pose.estimator.model_input`), or None.
    """

    index: int
    t: float
    image: npt.NDArray[np.uint8]
    prepared: object | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SourceInfo:
    """What the analysed video was: path, frame rate (float), frame count, duration (s)."""

    path: str
    fps: float
    frames: int
    duration_s: float
    image_size: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        """The ``source`` object of reports and landmark headers."""
        return {
            "path": self.path,
            "fps": self.fps,
            "frames": self.frames,
            "duration_s": round(self.duration_s, 3),
            "image_size": list(self.image_size),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SourceInfo:
        """Inverse of :meth:`to_json`."""
        w, h = d["image_size"]
        return cls(str(d["path"]), float(d["fps"]), int(d["frames"]), float(d["duration_s"]), (int(w), int(h)))
