"""Explicit registry of exercise analyzers (a decorator plus explicit imports)."""

from __future__ import annotations

from typing import TypeVar

from formcheck.analysis.base import Analyzer
from formcheck.errors import UnknownExerciseError

_REGISTRY: dict[str, type[Analyzer]] = {}
A = TypeVar("A", bound=type[Analyzer])


def register(cls: A) -> A:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    if cls.name in _REGISTRY:
        raise ValueError(f"duplicate exercise {cls.name!r}")
    _REGISTRY[cls.name] = cls
    return cls


def _load() -> None:
    import formcheck.analysis.exercises  # noqa: F401  (registers every exercise)


def get(name: str) -> type[Analyzer]:
    """The analyzer class for ``name``. Raises UnknownExerciseError listing the choices."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownExerciseError(name, names()) from None


def names() -> list[str]:
    """Registered exercise names, sorted."""
    _load()
    return sorted(_REGISTRY)
