"""Landmark recordings: ``*.landmarks.jsonl`` (optionally ``.gz``), schema ``formcheck.landmarks/1``.

Line 1 is a header object::

    {"schema": "formcheck.landmarks/1", "fps": 23.976, "image_size": [1920, 1080],
     "landmarks": "blazepose33", "source": {"path", "fps", "frames", "duration_s"},
     "model": "full", "model_sha256": "...", "formcheck": "0.1.0"}

Each further line is one frame: ``{"i": 0, "t": 0.0, "n": 1, "xy": [[x, y] * 33],
"v": [33 floats], "w": [[x, y, z] * 33]}``, with ``"xy": null`` when nobody was detected.
Pixels keep 2 decimals, visibility 4, world metres 4: the estimator rounds to the same
precision, so replaying a recording gives exactly the numbers the video run saw.
No cv2 or mediapipe is imported here.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import numpy as np

from formcheck.core.types import PoseFrame, SourceInfo
from formcheck.errors import SourceError

log = logging.getLogger(__name__)
SCHEMA = "formcheck.landmarks/1"
XY_DECIMALS = 2
VIS_DECIMALS = 4
WORLD_DECIMALS = 4


@dataclass(frozen=True)
class RecordingHeader:
    """Header line of a landmark recording."""

    source: SourceInfo
    model: str
    model_sha256: str = ""
    formcheck: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Serialisable header object."""
        return {
            "schema": SCHEMA,
            "fps": self.source.fps,
            "image_size": list(self.source.image_size),
            "landmarks": "blazepose33",
            "source": self.source.to_json(),
            "model": self.model,
            "model_sha256": self.model_sha256,
            "formcheck": self.formcheck,
            **self.extra,
        }


def _open_text(path: Path, mode: str, *, gz: bool | None = None) -> IO[str]:
    """Open text, gzip-compressed when ``gz`` (writing: from the name; reading: sniffed)."""
    if gz is None:
        if mode == "r":
            with open(path, "rb") as fh:
                gz = fh.read(2) == b"\x1f\x8b"
        else:
            gz = path.suffix == ".gz"
    if gz:
        return cast(IO[str], gzip.open(path, mode + "t", encoding="utf-8"))
    return open(path, mode, encoding="utf-8")


def frame_to_json(pose: PoseFrame) -> dict[str, Any]:
    """One frame line (see module docstring)."""
    d: dict[str, Any] = {"i": pose.index, "t": round(pose.t, 6), "n": pose.num_people}
    if not pose.detected:
        d["xy"] = None
        return d
    d["xy"] = np.round(pose.xy, XY_DECIMALS).tolist()
    d["v"] = np.round(pose.visibility, VIS_DECIMALS).tolist()
    if pose.world is not None:
        d["w"] = np.round(pose.world, WORLD_DECIMALS).tolist()
    return d


def frame_from_json(d: dict[str, Any], image_size: tuple[int, int]) -> PoseFrame:
    """Inverse of :func:`frame_to_json`."""
    if d.get("xy") is None:
        return PoseFrame.missing(int(d["i"]), float(d["t"]), image_size)
    world = np.asarray(d["w"], dtype=np.float64) if d.get("w") is not None else None
    return PoseFrame(
        index=int(d["i"]),
        t=float(d["t"]),
        xy=np.asarray(d["xy"], dtype=np.float64),
        visibility=np.asarray(d["v"], dtype=np.float64),
        image_size=image_size,
        world=world,
        num_people=int(d.get("n", 1)),
    )


class LandmarkWriter:
    """Streams frames to a recording; the file appears under its name only when complete.

    Frames go to ``<path>.part`` and are renamed on :meth:`close`, so an interrupted
    extraction never leaves a file that looks whole.
    """

    def __init__(self, path: Path, header: RecordingHeader) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".part")
        self._fh = _open_text(self._tmp, "w", gz=path.suffix == ".gz")
        self._fh.write(json.dumps(header.to_json()) + "\n")
        self.frames_written = 0

    def write(self, pose: PoseFrame) -> None:
        """Append one frame."""
        self._fh.write(json.dumps(frame_to_json(pose), separators=(",", ":")) + "\n")
        self.frames_written += 1

    def close(self, *, complete: bool = True) -> None:
        """Finish the file; with ``complete=False`` it stays as ``.part`` for inspection."""
        self._fh.close()
        if complete:
            self._tmp.replace(self.path)

    def discard(self) -> None:
        """Close and remove the unfinished file."""
        with contextlib.suppress(OSError):
            self._fh.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> LandmarkWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(complete=exc_type is None)


def is_recording(path: Path) -> bool:
    """True when ``path`` is a landmark recording: by its content (the header line), whatever its name.

    A file that cannot be read is judged by its name (``.jsonl``, ``.jsonl.gz``), so the error
    the caller reports is the recording reader's.
    """
    head = _head(path)
    if not head:
        return path.name.lower().endswith((".jsonl", ".jsonl.gz"))
    first = head.split(b"\n", 1)[0]
    return first.lstrip().startswith(b"{") and SCHEMA.encode() in first


def _head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` bytes of the (decompressed) file, or b"" when unreadable."""
    try:
        with open(path, "rb") as fh:
            gz = fh.read(2) == b"\x1f\x8b"
        if gz:
            with gzip.open(path, "rb") as zfh:
                return zfh.read(size)
        with open(path, "rb") as fh:
            return fh.read(size)
    except (OSError, EOFError):
        return b""


class RecordingTruncated(SourceError):
    """A recording breaks off (cut short or damaged): the frames before the break were read."""

    def __init__(self, message: str, frames_read: int) -> None:
        super().__init__(message)
        self.frames_read = frames_read


def read_header(path: Path) -> RecordingHeader:
    """Read only the header of a recording. Raises SourceError when it is not one."""
    try:
        with _open_text(path, "r") as fh:
            first = fh.readline()
        d = json.loads(first)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: not a formcheck landmark recording ({exc})") from None
    if not isinstance(d, dict) or d.get("schema") != SCHEMA:
        raise SourceError(f"{path}: not a formcheck landmark recording (expected schema {SCHEMA!r})")
    try:
        source = SourceInfo.from_json(d["source"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(f"{path}: the recording's header is damaged ({type(exc).__name__}: {exc})") from None
    if not (math.isfinite(source.fps) and source.fps > 0):
        raise SourceError(f"{path}: the recording's header is damaged (frame rate {source.fps})")
    extra = {
        k: v
        for k, v in d.items()
        if k not in {"schema", "fps", "image_size", "landmarks", "source", "model", "model_sha256", "formcheck"}
    }
    return RecordingHeader(
        source=source,
        model=str(d.get("model", "")),
        model_sha256=str(d.get("model_sha256", "")),
        formcheck=str(d.get("formcheck", "")),
        extra=extra,
    )


def read_frames(
    path: Path, header: RecordingHeader | None = None, *, skipped: list[int] | None = None
) -> Iterator[PoseFrame]:
    """Yield the frames of a recording in order (``header``: already read, so it is not read again).

    A damaged frame line (not JSON, not a frame, or a time that does not increase) followed by
    good ones is skipped and its line number appended to ``skipped``; damage up to the end of the
    file is where the recording breaks off.

    Raises:
        SourceError: not a recording (bad header).
        RecordingTruncated: the file breaks off (a compressed file cut short or damaged): the
            frames before the break were yielded.

    """
    header = header or read_header(path)
    size = header.source.image_size
    frames = 0
    lineno = 1
    last_t = -math.inf
    bad = skipped if skipped is not None else []
    trailing: list[tuple[int, Exception]] = []  # damaged lines with no good frame after them (yet)
    try:
        with _open_text(path, "r") as fh:
            fh.readline()
            for line in fh:
                lineno += 1
                if not line.strip():
                    continue
                try:
                    pose = frame_from_json(json.loads(line), size)
                    if pose.t <= last_t:
                        raise ValueError(f"time {pose.t} s does not increase")
                except (json.JSONDecodeError, KeyError, TypeError, ValueError, IndexError) as damage:
                    trailing.append((lineno, damage))
                    continue
                for number, why in trailing:
                    bad.append(number)
                    log.debug("%s: line %d skipped (%s)", path, number, _why_broken(why))
                trailing = []
                last_t = pose.t
                yield pose
                frames += 1
    except (EOFError, OSError, zlib.error, UnicodeDecodeError) as exc:
        raise RecordingTruncated(
            f"{path}: the recording breaks off at line {lineno}, after {frames} frames ({_why_broken(exc)})", frames
        ) from None
    if trailing:  # the damage runs to the end of the file: it breaks off there
        number, why = trailing[0]
        raise RecordingTruncated(
            f"{path}: the recording breaks off at line {number}, after {frames} frames ({_why_broken(why)})", frames
        )


def skipped_lines_note(path: Path, skipped: list[int]) -> str:
    """One sentence on the damaged lines of a recording that were skipped (their frames are missing)."""
    first = ", ".join(str(n) for n in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
    lines = "line" if len(skipped) == 1 else "lines"
    return f"{path}: {len(skipped)} damaged {lines} skipped ({lines} {first}); every other frame was analysed"


def _why_broken(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the compressed file is cut short"
    if isinstance(exc, json.JSONDecodeError):
        return "a frame line is cut short or damaged"
    if isinstance(exc, (OSError, zlib.error)):
        return f"the compressed data is damaged: {exc}"
    return f"a frame line is not a valid frame: {exc}"
