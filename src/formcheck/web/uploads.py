"""Uploaded files: recognised by their first bytes, size-limited, stored under a generated name.

Nothing the browser says about a file is used to store it: not its name (shown on the page,
escaped, and nothing else), not its type. The first bytes decide what it is; the app gives it a
random name in its uploads folder; a file over the limit, of an unknown kind, or cut off by a
full disk is deleted and refused with one sentence.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 64
DEFAULT_MAX_BYTES = 2 * 1024**3
"""Largest upload accepted by default (2 GiB: twenty minutes of 1080p phone video)."""
NAME_SHOWN_CHARS = 120


class UploadRefused(Exception):
    """An upload the app will not keep; ``str()`` is the sentence for the person, ``status`` the HTTP status."""

    def __init__(self, sentence: str, status: int) -> None:
        super().__init__(sentence)
        self.status = status


def sniff(head: bytes) -> str | None:
    """The file suffix the first bytes show (``.mp4``, ``.mov``, ``.webm``, ``.mkv``, ``.avi``, ``.jsonl.gz``), or None.

    MP4 and QuickTime: an ``ftyp`` box at byte 4 (``qt`` brand: QuickTime); WebM and Matroska: the
    EBML magic with the doc type; AVI: ``RIFF....AVI ``; a landmark recording: gzip.
    """
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return ".mov" if head[8:12] == b"qt  " else ".mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return ".webm" if b"webm" in head[:SNIFF_BYTES] else ".mkv"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi"
    if head[:2] == b"\x1f\x8b":
        return ".jsonl.gz"
    return None


def shown_name(name: str | None) -> str:
    """The client's file name as shown on the page: its last path part, printable, at most 120 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable()).strip()
    return printable[:NAME_SHOWN_CHARS] or "upload"


@dataclass(frozen=True)
class Stored:
    """An upload kept: its generated id, where it is, its size (bytes) and kind (suffix)."""

    id: str
    path: Path
    size: int
    suffix: str


async def store(chunks: AsyncIterator[bytes], folder: Path, *, max_bytes: int, declared: int | None) -> Stored:
    """Write an upload's bytes to ``folder`` under a new name; :class:`UploadRefused` (nothing kept) when it is not one.

    ``declared``: the request's Content-Length, refused at once when over the limit.
    """
    limit = _mib(max_bytes)
    if declared is not None and declared > max_bytes:
        raise UploadRefused(f"the file is larger than the {limit} limit of this app.", 413)
    folder.mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_hex(8)
    partial = folder / f".{upload_id}.part"
    size, head, suffix = 0, b"", None
    try:
        with open(partial, "xb") as fh:
            async for chunk in chunks:
                if suffix is None:
                    head += chunk
                    if len(head) < SNIFF_BYTES and chunk:
                        continue
                    suffix = _kind(head)
                    chunk, head = head, b""
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused(f"the file is larger than the {limit} limit of this app.", 413)
                fh.write(chunk)
            if suffix is None:  # shorter than the sniffing window
                suffix = _kind(head)
                size += len(head)
                fh.write(head)
            fh.flush()
            os.fsync(fh.fileno())
        final = folder / f"{upload_id}{suffix}"
        partial.rename(final)
        return Stored(upload_id, final, size, suffix)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise UploadRefused("the disk is full: the upload was not kept.", 507) from exc
        raise UploadRefused(f"the upload could not be stored ({exc.strerror or exc}).", 500) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _kind(head: bytes) -> str:
    suffix = sniff(head)
    if suffix is None:
        raise UploadRefused(
            "this is not a video formcheck can read (MP4, MOV, WebM, MKV or AVI) nor a landmark recording.", 415
        )
    return suffix


def _mib(size: int) -> str:
    return f"{size / 1024**3:g} GiB" if size >= 1024**3 else f"{size / 1024**2:g} MiB"
