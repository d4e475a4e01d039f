"""Explicit registry of exercise analyzers (a decorator plus explicit imports)."""

from __future__ import annotations

import os
from pathlib import Path
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


ENV_DIR = "FORMCHECK_EXERCISES"
"""A folder of ``*.toml`` exercise declarations (default: ``exercises/`` in the user config folder)."""
_user_loaded = False


def user_exercise_dir() -> Path:
    """Where a user's own exercise declarations live (``$FORMCHECK_EXERCISES`` or the config folder)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    from platformdirs import user_config_dir

    return Path(user_config_dir("formcheck")) / "exercises"


def load_files(paths: list[Path]) -> list[str]:
    """Declare the exercises of these TOML files (see :mod:`formcheck.analysis.declared`); their names."""
    _load()
    from formcheck.analysis.declared import load_exercise_file

    out = []
    for path in paths:
        cls = load_exercise_file(path)
        out.append(cls.name)
    return out


def _load() -> None:
    global _user_loaded
    import formcheck.analysis.exercises  # noqa: F401  (registers every exercise)

    if not _user_loaded:
        _user_loaded = True
        folder = user_exercise_dir()
        if folder.is_dir():
            load_files(sorted(folder.glob("*.toml")))


def get(name: str) -> type[Analyzer]:
    """The analyzer class for ``name``. Raises UnknownExerciseError listing the choices."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownExerciseError(name, names()) from None


def registered(name: str) -> type[Analyzer] | None:
    """The class registered under ``name``, if any (no loading)."""
    return _REGISTRY.get(name)


def names() -> list[str]:
    """Registered exercise names, sorted."""
    _load()
    return sorted(_REGISTRY)
