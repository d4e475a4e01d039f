"""The exercises formcheck knows: the built-in catalogue, files given with ``--exercise-file``, the user's folder.

Every spec is checked before it is registered (:func:`register`): a problem in a built-in
exercise is a bug and fails at once; a problem in a user's TOML file is a :class:`ConfigError`
naming the file and the field. A broken file in the user exercise folder is skipped and
remembered (:func:`skipped`, one line each): every other exercise still works.
"""

from __future__ import annotations

import os
from pathlib import Path

from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.errors import ConfigError, UnknownExerciseError

ENV_DIR = "FORMCHECK_EXERCISES"
"""A folder of ``*.toml`` exercise declarations (default: ``exercises/`` in the user config folder)."""

_REGISTRY: dict[str, ExerciseSpec] = {}
_SKIPPED: dict[str, str] = {}
_loaded = False


class SpecError(ConfigError):
    """An exercise spec that cannot run; the message names each field at fault."""


def register(spec: ExerciseSpec) -> ExerciseSpec:
    """Check ``spec`` and make it available under its name. Raises :class:`SpecError`."""
    where = spec.declared_in or spec.name
    found = resolve(spec).problems
    if found:
        raise SpecError(f"{where}: " + "; ".join(found))
    existing = _REGISTRY.get(spec.name)
    if existing is not None and existing != spec:
        raise SpecError(f"{where}: another exercise is already called {spec.name!r}")
    _REGISTRY[spec.name] = spec
    return spec


def user_exercise_dir() -> Path:
    """Where a user's own exercise declarations live (``$FORMCHECK_EXERCISES`` or the config folder)."""
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    from platformdirs import user_config_dir

    return Path(user_config_dir("formcheck")) / "exercises"


def load_files(paths: list[Path]) -> list[str]:
    """Register the exercises of these TOML files; their names. Raises :class:`ConfigError` naming file and field."""
    _load()
    from formcheck.analysis.exercise_spec.toml import read_spec_file

    return [register(read_spec_file(path)).name for path in paths]


def _load() -> None:
    """The built-in catalogue, then the user's folder (a broken file there is skipped, see :func:`skipped`)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from formcheck.analysis.exercise_spec.toml import read_spec_file
    from formcheck.analysis.exercises import CATALOGUE

    for spec in CATALOGUE:
        register(spec)
    folder = user_exercise_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            try:
                register(read_spec_file(path))
            except ConfigError as exc:
                _SKIPPED[str(path)] = " ".join(str(exc).split())


def skipped() -> dict[str, str]:
    """Files of the user exercise folder that were not loaded, and why (one line each)."""
    _load()
    return dict(_SKIPPED)


def get(name: str) -> ExerciseSpec:
    """The exercise called ``name``. Raises :class:`UnknownExerciseError` listing the choices (and skipped files)."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownExerciseError(name, names(), skipped=list(_SKIPPED)) from None


def registered(name: str) -> ExerciseSpec | None:
    """The exercise registered under ``name``, if any (loads the catalogue)."""
    _load()
    return _REGISTRY.get(name)


def names() -> list[str]:
    """Registered exercise names, sorted."""
    _load()
    return sorted(_REGISTRY)
