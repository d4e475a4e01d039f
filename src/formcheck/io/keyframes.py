"""Where the keyframes of an MP4/MOV video are, read from its sample tables (no decoding).

A worker that starts a segment in the middle of a video seeks to it: the decoder goes back to
the keyframe before and decodes every frame from there. Knowing the keyframes lets the segment
plan count that cost (:func:`formcheck.pose.parallel.split_segments`). Only the plan uses it:
which frames a segment delivers never depends on it. Pure Python; ISO base media file format
boxes (``moov/trak/mdia/minf/stbl/stss``).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _boxes(fh: BinaryIO, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload offset, payload end) of the boxes between the current position and ``end``."""
    found = []
    while fh.tell() + 8 <= end:
        start = fh.tell()
        size, kind = struct.unpack(">I4s", fh.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", fh.read(8))[0], 16
        elif size == 0:
            size = end - start
        if size < header or start + size > end:
            break
        found.append((kind, start + header, start + size))
        fh.seek(start + size)
    return found


def _sync_samples(fh: BinaryIO, trak: tuple[int, int]) -> tuple[bool, list[int] | None]:
    """(is a video track, its 1-based sync sample numbers: ``[]`` when every sample is one).

    The numbers are None for a fragmented file (its sample tables are in the fragments).
    """
    is_video, stss, samples = False, None, 0

    def walk(start: int, end: int) -> None:
        nonlocal is_video, stss, samples
        fh.seek(start)
        for kind, body, stop in _boxes(fh, end):
            if kind == b"stsz":
                fh.seek(body + 8)
                (samples,) = struct.unpack(">I", fh.read(4))
            elif kind == b"hdlr":
                fh.seek(body + 8)
                is_video = fh.read(4) == b"vide"
            elif kind == b"stss":
                fh.seek(body + 4)
                (count,) = struct.unpack(">I", fh.read(4))
                stss = list(struct.unpack(f">{count}I", fh.read(4 * count)))
            elif kind in CONTAINERS:
                walk(body, stop)

    walk(*trak)
    if stss is None and samples == 0:
        return is_video, None
    return is_video, stss if stss is not None else []


def mp4_keyframes(path: Path) -> list[int] | None:
    """Frame indices (0-based, decoding order) of the keyframes of the first video track.

    ``[]`` when every frame is a keyframe (no sync-sample table); None when ``path`` is not an
    MP4/MOV file or its tables cannot be read.
    """
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(0)
            top = _boxes(fh, size)
            if not top or top[0][0] not in (b"ftyp", b"wide", b"moov", b"mdat", b"free"):
                return None
            for kind, body, stop in top:
                if kind != b"moov":
                    continue
                fh.seek(body)
                for inner, start, end in _boxes(fh, stop):
                    if inner == b"trak":
                        is_video, samples = _sync_samples(fh, (start, end))
                        if is_video:
                            return None if samples is None else [s - 1 for s in samples]
                        fh.seek(end)
    except (OSError, struct.error):
        return None
    return None


def missing_index(path: Path) -> bool:
    """True for an MP4/MOV file without its index (the ``moov`` box): an incomplete copy.

    A camera or phone writes the index last, so a copy cut short or a recording that never
    finished has the pictures (``mdat``) but nothing to find them with.
    """
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            fh.seek(0)
            top = _boxes(fh, size)
    except (OSError, struct.error):
        return False
    kinds = [kind for kind, _, _ in top]
    return bool(kinds) and kinds[0] == b"ftyp" and b"moov" not in kinds
