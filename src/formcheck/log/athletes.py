"""Whose session it is: athlete names in the training log, checked and normalised in one place."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from formcheck.errors import FormcheckError

DEFAULT_ATHLETE = "me"
"""The athlete of a session logged without one, and of every session logged before athletes existed."""
MAX_NAME_CHARS = 60

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Characters that reorder the text around them (a name could show as something else)."""


def athlete_name(text: str) -> str:
    """``text`` as an athlete's name: NFC, stripped, inner whitespace collapsed to one space.

    Raises :class:`~formcheck.errors.FormcheckError` (one sentence) when it is empty, longer
    than :data:`MAX_NAME_CHARS` characters, or holds a control character.
    """
    name = " ".join(unicodedata.normalize("NFC", text).split())
    if not name:
        raise FormcheckError(f"the athlete's name is empty: give a name of 1 to {MAX_NAME_CHARS} characters")
    bad = next((c for c in name if unicodedata.category(c) in ("Cc", "Cs") or c in _BIDI_CONTROLS), None)
    if bad is not None:
        raise FormcheckError(
            f"the athlete's name {name!r} holds a control character (U+{ord(bad):04X}): "
            "use letters, digits, spaces and punctuation"
        )
    if len(name) > MAX_NAME_CHARS:
        raise FormcheckError(
            f"the athlete's name is {len(name)} characters long: use at most {MAX_NAME_CHARS} characters"
        )
    return name


@dataclass(frozen=True)
class AthleteSummary:
    """One athlete of the training log: their sessions (partial ones included) and exercises.

    ``first`` and ``last`` are when the first and last sessions were recorded (UTC).
    """

    name: str
    sessions: int
    first: datetime
    last: datetime
    exercises: tuple[str, ...]
