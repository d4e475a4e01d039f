"""Domain errors. Every message says what happened and what to do next."""

from __future__ import annotations


class FormcheckError(Exception):
    """Base class for errors the CLI turns into a message and a non-zero exit."""


class SourceError(FormcheckError):
    """A video file, webcam or landmark file cannot be read."""


class ModelNotFoundError(FormcheckError):
    """A pose model file is missing or does not match its checksum."""


class UnknownExerciseError(FormcheckError):
    """An ``--exercise`` name that no analyzer is registered under."""

    def __init__(self, name: str, available: list[str]) -> None:
        super().__init__(f"unknown exercise {name!r}; choose from: {', '.join(available)}")
        self.name = name
        self.available = available


class NoPoseDetectedError(FormcheckError):
    """The input was read but no person was detected in any frame."""


class ConfigError(FormcheckError):
    """A configuration file or value is invalid."""
