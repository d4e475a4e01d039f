"""Thresholds: the tunable limits of an exercise, each with its unit, meaning, allowed range and source.

A :class:`Threshold` names a config key (``max_lean_back_deg``) and gives its default value.
An exercise declares its own thresholds and may give a counting strategy's settings new
defaults: a declaration with the name of an existing threshold replaces it, and whatever it
leaves out (``None``) is taken from the one it replaces, so ``Threshold("min_excursion", 8.0,
source="...")`` changes the default and says why, keeping the unit, meaning and range.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace

from pydantic import ConfigDict, with_config


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True)
class Threshold:
    """One tunable limit.

    Attributes:
        name: the config key, ending in its unit (``_deg``, ``_s``, ``_ratio``) where it has one.
        value: the default.
        unit: ``deg``, ``s``, ``ratio``, ``pct`` or ``signal`` (the counting signal's unit).
        description: what it limits, one sentence.
        source: where the number comes from, readable on its own (``formcheck exercises --show``).
        ge, gt, le, lt: the range a user may set it to (``--config``).

    """

    name: str
    value: float
    unit: str | None = None
    description: str | None = None
    source: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None

    def over(self, base: Threshold) -> Threshold:
        """The threshold with every field it leaves out (None) taken from ``base``."""
        unset = {f.name: getattr(base, f.name) for f in fields(self) if getattr(self, f.name) is None}
        return replace(self, **unset)

    def problems(self) -> list[str]:
        """What is wrong with this declaration on its own (a default outside its range, no unit or meaning)."""
        out = []
        if self.unit is None or self.description is None or self.source is None:
            missing = [n for n in ("unit", "description", "source") if getattr(self, n) is None]
            out.append(f"threshold {self.name!r}: {', '.join(missing)} not given")
        v = self.value
        outside = {
            "ge": self.ge is not None and not v >= self.ge,
            "gt": self.gt is not None and not v > self.gt,
            "le": self.le is not None and not v <= self.le,
            "lt": self.lt is not None and not v < self.lt,
        }
        out += [
            f"threshold {self.name!r}: default {v:g} is outside its range ({bound} {getattr(self, bound):g})"
            for bound, bad in outside.items()
            if bad
        ]
        return out


def merged(defaults: Iterable[Threshold], declared: Iterable[Threshold]) -> tuple[Threshold, ...]:
    """``defaults`` with the ``declared`` thresholds over them (same name: replaced in place), new ones after."""
    out = {t.name: t for t in defaults}
    for t in declared:
        out[t.name] = t.over(out[t.name]) if t.name in out else t
    return tuple(out.values())
