"""Config fields of the exercise thresholds: a default with its unit and where the number comes from."""

from __future__ import annotations

from typing import Any

from pydantic import Field


def threshold(default: float, description: str, unit: str, source: str, **kw: Any) -> Any:
    """A config field with its unit and the origin of its default number (``exercises --show`` prints both)."""
    return Field(default, description=description, json_schema_extra={"unit": unit, "source": source}, **kw)
