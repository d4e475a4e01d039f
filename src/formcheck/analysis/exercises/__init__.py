"""Every exercise module of this package, imported so that each registers its analyzer.

Adding an exercise is adding one module here (``reverse_crunch.py`` is an example): every
module whose name does not start with ``_`` is imported, in name order. Modules starting
with ``_`` hold declarations shared by several exercises.
"""

from __future__ import annotations

import importlib
import pkgutil

MODULES = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
"""The exercise modules, in the order they are imported."""

for _module in MODULES:
    importlib.import_module(f"{__name__}.{_module}")
