"""The two test tiers: ``python -m pytest`` runs the fast one, ``python -m pytest -m slow`` the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest


def tiered(values: Iterable[Any], fast: Iterable[Any], ids: Callable[[Any], str] | None = None) -> list[Any]:
    """Parameters ``values``; those not in ``fast`` run in the slow tier only (tuples spread over the names)."""
    keep = list(fast)
    params = []
    for value in values:
        marks = () if value in keep else (pytest.mark.slow,)
        args = value if isinstance(value, tuple) else (value,)
        params.append(pytest.param(*args, marks=marks, id=ids(value) if ids else None))
    return params
