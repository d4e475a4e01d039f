"""Import MediaPipe Tasks without paying for the parts formcheck never uses.

``mediapipe.tasks.python.vision`` imports its drawing helpers, and they import
``matplotlib.pyplot`` at once: about 0.3 s of one core at the start of every process that
loads a model (each segment worker, each batch worker, every ``analyze`` and ``live`` run).
formcheck draws with OpenCV. So while mediapipe is imported, ``matplotlib`` and
``matplotlib.pyplot`` are stood in for by :class:`DeferredModule` placeholders, which import
the real module the first time one of its names is used. Once mediapipe is imported the
placeholders leave ``sys.modules`` again: any later ``import matplotlib...`` in the process (a
notebook that estimates, then plots) gets the real package, and only mediapipe's own
references forward. Nothing changes when matplotlib is already loaded.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any

DEFERRED = ("matplotlib", "matplotlib.pyplot")
"""Modules mediapipe imports for drawing only."""


class DeferredModule(ModuleType):
    """Stands in for module ``name`` until one of its public names is used, then forwards to it."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # introspection (``__file__``, ``__path__``...) must not import anything
            raise AttributeError(attr)
        real = self.__dict__.get("_real_module")
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_real_module"] = real
        return getattr(real, attr)


def _defer_drawing_modules() -> list[DeferredModule]:
    """Put the placeholders into ``sys.modules`` (none when matplotlib is loaded already)."""
    if any(name in sys.modules for name in DEFERRED):
        return []
    top, pyplot = (DeferredModule(name) for name in DEFERRED)
    top.__dict__["pyplot"] = pyplot  # ``import matplotlib.pyplot as plt`` reads it as an attribute
    sys.modules.update({DEFERRED[0]: top, DEFERRED[1]: pyplot})
    return [top, pyplot]


def _withdraw(placeholders: list[DeferredModule]) -> None:
    """Take the placeholders out of ``sys.modules``: later imports find (or load) the real modules."""
    for placeholder in placeholders:
        if sys.modules.get(placeholder.__name__) is placeholder:
            del sys.modules[placeholder.__name__]


def pose_tasks() -> tuple[Any, Any, Any]:
    """``(mediapipe, BaseOptions, vision)`` of the MediaPipe Tasks API, imported once per process."""
    placeholders = _defer_drawing_modules() if "mediapipe.tasks.python.vision" not in sys.modules else []
    try:
        import mediapipe
        from mediapipe.tasks.python import BaseOptions, vision
    finally:
        _withdraw(placeholders)
    return mediapipe, BaseOptions, vision
