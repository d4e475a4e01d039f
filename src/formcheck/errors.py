"""Domain errors. Every message says what happened and what to do next."""

from __future__ import annotations

import errno


class FormcheckError(Exception):
    """Base class for errors the CLI turns into a message and a non-zero exit."""


class SourceError(FormcheckError):
    """A video file, webcam or landmark file cannot be read."""


class ModelNotFoundError(FormcheckError):
    """A pose model file is missing or does not match its checksum."""


class UnknownExerciseError(FormcheckError):
    """An ``--exercise`` name that no analyzer is registered under."""

    def __init__(self, name: str, available: list[str], skipped: list[str] | None = None) -> None:
        broken = f" (exercise files skipped because they have errors: {', '.join(skipped)})" if skipped else ""
        super().__init__(f"unknown exercise {name!r}; choose from: {', '.join(available)}{broken}")
        self.name = name
        self.available = available


class ConfigError(FormcheckError):
    """A configuration file or value is invalid."""


_REASONS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "no permission to write there",
    errno.EPERM: "no permission to write there",
    errno.EROFS: "the disk is read-only",
    errno.EISDIR: "a folder of that name is in the way",
    errno.ENOTDIR: "a file is in the way of the folder",
    errno.EEXIST: "a file is in the way of the folder",
    errno.ENOENT: "the folder does not exist",
    errno.ENAMETOOLONG: "the name is too long",
}


def describe_os_error(exc: OSError) -> str:
    """A short reason for a failed write, in words ("no space left on the disk")."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
