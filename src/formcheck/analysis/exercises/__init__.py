"""The exercise catalogue: one module per exercise, each declaring its spec (``SPEC``, an ``ExerciseSpec``).

Adding an exercise is adding one module here (``reverse_crunch.py`` is an example; see
``docs/adding-an-exercise.md``): every module whose name does not start with ``_`` is imported,
in name order, and its ``SPEC`` registered. Modules starting with ``_`` hold declarations shared
by several exercises.
"""

from __future__ import annotations

import importlib
import pkgutil

from formcheck.analysis.exercise_spec.model import ExerciseSpec

MODULES = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
"""The exercise modules, in the order they are imported."""

CATALOGUE: tuple[ExerciseSpec, ...] = tuple(importlib.import_module(f"{__name__}.{name}").SPEC for name in MODULES)
"""Every built-in exercise."""
