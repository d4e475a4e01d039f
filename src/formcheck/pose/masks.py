"""The segmentation mask as formcheck keeps it: around the person only, in 1/255 steps.

The lower-back measurements sample the mask between the shoulders, hips and knees, so only
the part around the person's landmarks matters. :func:`keep_near_person` keeps that part as a
:class:`~formcheck.core.person_mask.PersonMask` (quantised once, straight from MediaPipe's
buffer); a worker process sends the same steps compressed (:class:`PackedMask`), so one
process and the workers measure exactly the same values.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from formcheck.core.person_mask import PersonMask
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


def keep_near_person(mask: npt.NDArray[np.floating], pose: PoseFrame) -> PersonMask:
    """The float ``(H, W)`` ``mask`` kept around ``pose`` in 1/255 steps (it may be MediaPipe's buffer: this copies)."""
    return PersonMask.around(mask, person_box((int(mask.shape[0]), int(mask.shape[1])), pose))


@dataclass(frozen=True, slots=True)
class PackedMask:
    """A :class:`~formcheck.core.person_mask.PersonMask` with its steps zlib-compressed, to send between processes."""

    shape: tuple[int, int]
    box: tuple[int, int, int, int]
    data: bytes

    @classmethod
    def pack(cls, mask: PersonMask | npt.NDArray[np.floating], pose: PoseFrame) -> PackedMask:
        """Pack ``mask`` (a float picture is first kept around ``pose``, see :func:`keep_near_person`)."""
        kept = mask if isinstance(mask, PersonMask) else keep_near_person(mask, pose)
        return cls(kept.shape, kept.box, zlib.compress(np.ascontiguousarray(kept.steps).tobytes(), 1))

    def unpack(self) -> PersonMask:
        """The mask as it was packed."""
        x0, y0, x1, y1 = self.box
        steps = np.frombuffer(zlib.decompress(self.data), dtype=np.uint8).reshape(y1 - y0, x1 - x0)
        return PersonMask(self.shape, self.box, steps)


@dataclass(frozen=True, slots=True)
class MaskToSend:
    """A mask a worker sends: it becomes a :class:`PackedMask` when pickled.

    The compression then runs where the message is pickled, on the queue's sending thread
    (zlib lets go of the interpreter lock), not in line with the next inference.
    """

    mask: PersonMask | npt.NDArray[np.floating]
    pose: PoseFrame

    def __reduce__(self) -> tuple[type[PackedMask], tuple[tuple[int, int], tuple[int, int, int, int], bytes]]:
        packed = PackedMask.pack(self.mask, self.pose)
        return (PackedMask, (packed.shape, packed.box, packed.data))

    def unpack(self) -> PersonMask:
        """The mask (when never pickled: one process)."""
        return PackedMask.pack(self.mask, self.pose).unpack()


def pack_pose(pose: PoseFrame, *, when_sent: bool = False) -> tuple[PoseFrame, PackedMask | MaskToSend | None]:
    """``pose`` without its mask, and the mask packed (None without one).

    ``when_sent``: packed when pickled (:class:`MaskToSend`), for a worker whose messages are
    read as fast as they come (alone on the machine); otherwise at once, so a backlog of
    messages waiting to be sent holds compressed masks.
    """
    if pose.mask is None:
        return pose, None
    bare = replace(pose, mask=None)
    return bare, (MaskToSend(pose.mask, bare) if when_sent else PackedMask.pack(pose.mask, bare))


def unpack_pose(item: tuple[PoseFrame, PackedMask | MaskToSend | None]) -> PoseFrame:
    """The pose of :func:`pack_pose` with its mask back."""
    pose, packed = item
    return pose if packed is None else replace(pose, mask=packed.unpack())
