"""A person-segmentation mask kept only around the person, 8-bit, read as the whole-picture mask it stands for.

The lower-back measurements read a mask at a few hundred points between the shoulders, hips
and knees. MediaPipe gives it as an ``(H, W)`` float32 picture (8 MB at 1080x1920);
:class:`PersonMask` keeps the box around the person in 1/255 steps (a tenth of that, or
less) and answers the indexing the measurements use with exactly the values the
whole-picture float mask ``steps / 255`` (zero outside the box) would give, so nothing
measured changes while no frame ever allocates or quantises a whole-picture float mask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

LEVELS: npt.NDArray[np.float32] = np.arange(256, dtype=np.float32) / np.float32(255.0)
"""The mask value of each step: ``step / 255`` in float32 (what ``steps.astype(float32) / 255`` gives)."""


def to_steps(part: npt.NDArray[np.floating]) -> npt.NDArray[np.uint8]:
    """Mask values in [0, 1] as 0..255 (rounded half to even)."""
    scaled = np.clip(part, 0.0, 1.0)
    scaled *= 255.0
    np.rint(scaled, out=scaled)
    steps: npt.NDArray[np.uint8] = scaled.astype(np.uint8)
    return steps


@dataclass(frozen=True, slots=True, eq=False)
class PersonMask:
    """An ``shape = (H, W)`` mask holding ``steps`` (``(y1 - y0, x1 - x0)`` uint8) in ``box = (x0, y0, x1, y1)``.

    Indexes like the float32 ``(H, W)`` array it stands for (integers, integer arrays that
    broadcast together, and ``:`` with an array on the other axis), reading ``steps / 255``
    inside the box and 0 outside.
    """

    shape: tuple[int, int]
    box: tuple[int, int, int, int]
    steps: npt.NDArray[np.uint8]

    ndim = 2

    @classmethod
    def around(cls, mask: npt.NDArray[np.floating], box: tuple[int, int, int, int]) -> PersonMask:
        """The part of the float ``(H, W)`` ``mask`` inside ``box``, quantised to 1/255 steps."""
        x0, y0, x1, y1 = box
        return cls((int(mask.shape[0]), int(mask.shape[1])), box, to_steps(mask[y0:y1, x0:x1]))

    def to_array(self) -> npt.NDArray[np.float32]:
        """The whole ``(H, W)`` float32 mask (for code that needs a picture)."""
        x0, y0, x1, y1 = self.box
        whole = np.zeros(self.shape, dtype=np.float32)
        whole[y0:y1, x0:x1] = LEVELS[self.steps]
        return whole

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        whole = self.to_array()
        return whole if dtype is None else whole.astype(dtype)

    def __getitem__(self, key: tuple[Any, Any]) -> Any:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise IndexError("a PersonMask is indexed by (rows, columns)")
        rows, cols = key
        if isinstance(rows, slice) and isinstance(cols, slice):
            return self.to_array()[rows, cols]
        if isinstance(rows, slice):
            if rows == slice(None):
                return self._columns(np.asarray(cols))
            c = np.asarray(cols)
            rows = np.arange(self.shape[0])[rows].reshape((-1,) + (1,) * c.ndim)
        elif isinstance(cols, slice):
            rows = np.asarray(rows)
            rows = rows.reshape((*rows.shape, 1))
            cols = np.arange(self.shape[1])[cols]
        return self._gather(np.asarray(rows), np.asarray(cols))

    def _columns(self, cols: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Whole columns ``cols`` (1-D), ``(H, len(cols))``: ``mask[:, cols]``."""
        if cols.ndim != 1:
            return self._gather(np.arange(self.shape[0]).reshape((-1,) + (1,) * cols.ndim), cols)  # type: ignore[no-any-return]
        height, width = self.shape
        if cols.size and (cols.min() < -width or cols.max() >= width):
            raise IndexError(f"index out of bounds for a mask of shape {self.shape}")
        cols = np.where(cols < 0, cols + width, cols)
        x0, y0, x1, y1 = self.box
        out = np.zeros((height, cols.size), dtype=np.float32)
        inside = (cols >= x0) & (cols < x1)
        out[y0:y1, inside] = LEVELS[self.steps[:, cols[inside] - x0]]
        return out

    def _gather(self, rows: npt.NDArray[Any], cols: npt.NDArray[Any]) -> Any:
        """Values at integer ``rows``, ``cols`` (broadcast together), as the float32 picture would give."""
        height, width = self.shape
        rows, cols = np.broadcast_arrays(rows, cols)
        x0, y0 = self.box[:2]
        h, w = self.steps.shape
        if rows.size and h and w:  # the usual case first: every point inside the kept box
            r, c = rows - y0, cols - x0
            if r.min() >= 0 and r.max() < h and c.min() >= 0 and c.max() < w:
                return LEVELS[self.steps[r, c]]
        if rows.size and (rows.min() < -height or rows.max() >= height or cols.min() < -width or cols.max() >= width):
            raise IndexError(f"index out of bounds for a mask of shape {self.shape}")
        r = np.where(rows < 0, rows + height, rows) - y0
        c = np.where(cols < 0, cols + width, cols) - x0
        inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
        values = LEVELS[self.steps[np.clip(r, 0, max(h - 1, 0)), np.clip(c, 0, max(w - 1, 0))]] if h and w else 0.0
        out = np.where(inside, values, np.float32(0.0)).astype(np.float32, copy=False)
        return out if out.ndim else out[()]


Mask = npt.NDArray[np.floating] | PersonMask
"""A person-segmentation mask as the measurements take it: a float ``(H, W)`` array or a :class:`PersonMask`."""
