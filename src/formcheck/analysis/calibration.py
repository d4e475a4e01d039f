"""The evidence behind each fault limit: the real good form measured on the labelled clips, and the margin left.

``bench/fault_margins.py`` measures every fault rule's value over the good-form reps (or the
frames of the good-form holds) of each labelled clip and writes ``calibration.json`` next to
this module; ``formcheck exercises --show NAME`` prints it under the thresholds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Evidence:
    """How one fault rule's limit compares with real good form.

    Attributes:
        fault: the rule's fault name; ``threshold`` its config key and ``limit`` the default value.
        kind: ``min`` or ``max`` (which side of the limit is a fault).
        n: values measured (reps, or held frames); ``low``, ``median``, ``high`` their spread.
        margin: distance from the worst good value to the limit (negative: the limit fires on good form).
        clips: the labelled clips measured; ``measured_on``: ``replay`` (landmarks) or ``video`` (with the mask).

    """

    fault: str
    threshold: str
    kind: str
    limit: float
    n: int
    low: float
    median: float
    high: float
    margin: float
    clips: tuple[str, ...]
    measured_on: str


@cache
def _table() -> dict[str, Any]:
    if not CALIBRATION_FILE.is_file():
        return {}
    data: dict[str, Any] = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return data


def evidence(exercise: str) -> list[Evidence]:
    """The evidence for ``exercise``'s limits (empty when no labelled clip of it was measured)."""
    rows = _table().get("exercises", {}).get(exercise, [])
    return [Evidence(**{**row, "clips": tuple(row["clips"])}) for row in rows]


def generated() -> str:
    """When and from what the table was generated (empty when there is none)."""
    return str(_table().get("generated", ""))
