"""The segmentation mask as formcheck keeps it: around the person only, in 1/255 steps.

The lower-back measurements sample the mask between the shoulders, hips and knees, so only
the part around the person's landmarks matters; keeping that part, 8-bit, lets a worker
process send it cheaply (:class:`PackedMask`) and gives one process
exactly the values the workers' masks arrive with.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from formcheck.core.types import PoseFrame

MARGIN = 0.35
"""Room kept around the landmarks' box, as a fraction of its size (plus 20 px)."""


def person_box(shape: tuple[int, int], pose: PoseFrame, margin: float = MARGIN) -> tuple[int, int, int, int]:
    """``(x0, y0, x1, y1)`` px of the mask kept for ``pose`` in a ``(H, W)`` mask (the whole mask when unseen)."""
    height, width = shape
    xy = pose.xy[np.isfinite(pose.xy).all(axis=1)]
    if len(xy) == 0:
        return (0, 0, width, height)
    (ax, ay), (bx, by) = xy.min(axis=0), xy.max(axis=0)
    gx, gy = margin * (bx - ax) + 20, margin * (by - ay) + 20
    return (max(int(ax - gx), 0), max(int(ay - gy), 0), min(int(bx + gx) + 1, width), min(int(by + gy) + 1, height))


def to_steps(part: npt.NDArray[np.float32]) -> npt.NDArray[np.uint8]:
    """Mask values in [0, 1] as 0..255."""
    steps: npt.NDArray[np.uint8] = np.rint(np.clip(part, 0.0, 1.0) * 255.0).astype(np.uint8)
    return steps


def from_steps(
    steps: npt.NDArray[np.uint8],
    shape: tuple[int, int],
    box: tuple[int, int, int, int],
) -> npt.NDArray[np.float32]:
    """The ``(H, W)`` float mask holding ``steps`` in ``box``, zero elsewhere."""
    x0, y0, x1, y1 = box
    whole = np.zeros(shape, dtype=np.float32)
    whole[y0:y1, x0:x1] = steps.astype(np.float32) / 255.0
    return whole


def keep_near_person(mask: npt.NDArray[np.float32], pose: PoseFrame) -> npt.NDArray[np.float32]:
    """``mask`` kept around ``pose`` in 1/255 steps, zero elsewhere (what a worker's packed mask reads back as)."""
    box = person_box((int(mask.shape[0]), int(mask.shape[1])), pose)
    x0, y0, x1, y1 = box
    return from_steps(to_steps(mask[y0:y1, x0:x1]), (int(mask.shape[0]), int(mask.shape[1])), box)


@dataclass(frozen=True, slots=True)
class PackedMask:
    """A segmentation mask cut to the rows/columns ``[y0, y1) x [x0, x1)``, 8-bit, zlib-compressed."""

    shape: tuple[int, int]
    box: tuple[int, int, int, int]
    data: bytes

    @classmethod
    def pack(cls, mask: npt.NDArray[np.float32], pose: PoseFrame) -> PackedMask:
        """Keep the part of ``mask`` around the person (see :func:`~formcheck.pose.masks.person_box`)."""
        shape = (int(mask.shape[0]), int(mask.shape[1]))
        box = person_box(shape, pose)
        x0, y0, x1, y1 = box
        return cls(shape, box, zlib.compress(to_steps(mask[y0:y1, x0:x1]).tobytes(), 1))

    def unpack(self) -> npt.NDArray[np.float32]:
        """The ``(H, W)`` mask, zero outside the kept part."""
        x0, y0, x1, y1 = self.box
        steps = np.frombuffer(zlib.decompress(self.data), dtype=np.uint8).reshape(y1 - y0, x1 - x0)
        return from_steps(steps, self.shape, self.box)


def pack_pose(pose: PoseFrame) -> tuple[PoseFrame, PackedMask | None]:
    """``pose`` without its mask, and the mask packed (None without one)."""
    if pose.mask is None:
        return pose, None
    return replace(pose, mask=None), PackedMask.pack(pose.mask, pose)


def unpack_pose(item: tuple[PoseFrame, PackedMask | None]) -> PoseFrame:
    """The pose of :func:`pack_pose` with its mask back."""
    pose, packed = item
    return pose if packed is None else replace(pose, mask=packed.unpack())
