"""The parts of a typed report (input, view, rep, hold, fault) and the checked reading of JSON values.

Every ``from_json`` raises :class:`ReportError` naming the key that is missing or of the
wrong type; :func:`part` prefixes where it was (``reps[2]: missing 'number'``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from formcheck.analysis.faults import Fault

T = TypeVar("T")
UNIT_TEXT = {"deg": "°", "s": " s", "ratio": "", "": ""}
"""How a unit follows a number in sentences (``12.00°``, ``0.25 s``)."""


class ReportError(ValueError):
    """A document that is not a ``formcheck.report/1`` report; the message says what and where."""


def part(read: Callable[[], T], where: str) -> T:
    """``read()``, with a missing key or a wrong type raised as a :class:`ReportError` naming ``where``."""
    try:
        return read()
    except KeyError as exc:
        raise ReportError(f"{where}: missing {exc}") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise ReportError(f"{where}: {exc}") from None


def _typed(d: Mapping[str, Any], key: str, kinds: tuple[type, ...], what: str, *, null: bool = False) -> Any:
    value = d[key]
    if (value is None and null) or (isinstance(value, kinds) and not isinstance(value, bool)):
        return value
    raise TypeError(f"{key!r} must be {what}{' or null' if null else ''}, got {value!r}")


def text(d: Mapping[str, Any], key: str) -> str:
    """``d[key]``, a string."""
    return str(_typed(d, key, (str,), "a string"))


def opt_text(d: Mapping[str, Any], key: str) -> str | None:
    """``d[key]``, a string or None."""
    value: str | None = _typed(d, key, (str,), "a string", null=True)
    return value


def number(d: Mapping[str, Any], key: str) -> float | None:
    """``d[key]``, a number (kept as given: an int stays an int) or None."""
    value: float | None = _typed(d, key, (int, float), "a number", null=True)
    return value


def integer(d: Mapping[str, Any], key: str) -> int:
    """``d[key]``, an integer."""
    return int(_typed(d, key, (int,), "an integer"))


def opt_integer(d: Mapping[str, Any], key: str) -> int | None:
    """``d[key]``, an integer or None."""
    value: int | None = _typed(d, key, (int,), "an integer", null=True)
    return value


def mapping(d: Mapping[str, Any], key: str, kind: type | None = None) -> dict[str, Any]:
    """``d[key]``, an object (its values of ``kind`` when given), copied."""
    value = _typed(d, key, (dict,), "an object")
    if kind is not None:
        for k in value:
            _typed(value, k, (kind,), f"a {kind.__name__}")
    return dict(value)


def items(d: Mapping[str, Any], key: str, read: Callable[[Any], T]) -> tuple[T, ...]:
    """The list ``d[key]`` read item by item; an error names the item (``reps[2]: ...``)."""
    value: list[Any] = _typed(d, key, (list,), "a list")
    return tuple(part(partial(read, item), f"{key}[{i}]") for i, item in enumerate(value))


def strings(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """``d[key]``, a list of strings."""
    value = _typed(d, key, (list,), "a list")
    wrong = [v for v in value if not isinstance(v, str)]
    if wrong:
        raise TypeError(f"{key!r} must list strings, got {wrong[0]!r}")
    return tuple(value)


@dataclass(frozen=True)
class InputInfo:
    """What was analysed: ``kind`` video, landmarks or camera; ``network`` for video and camera runs.

    ``pose_every``: poses were estimated on every ``pose_every``-th frame of a video (2 for a
    60 fps video, see :mod:`formcheck.pose.rate`), ``pose_fps`` poses a second; both None
    where not known (recordings, camera sessions, reports written before they were kept).
    """

    kind: str
    path: str
    model: str | None
    network: str | None = None
    pose_every: int | None = None
    pose_fps: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The report's ``input`` object (``network``, ``pose_every`` and ``pose_fps`` only when known)."""
        doc: dict[str, Any] = {"kind": self.kind, "path": self.path, "model": self.model}
        if self.network is not None:
            doc["network"] = self.network
        if self.pose_every is not None:
            doc["pose_every"] = self.pose_every
        if self.pose_fps is not None:
            doc["pose_fps"] = self.pose_fps
        return doc

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> InputInfo:
        """Inverse of :meth:`to_json`."""
        every = d.get("pose_every")
        rate = d.get("pose_fps")
        return cls(
            text(d, "kind"),
            text(d, "path"),
            opt_text(d, "model"),
            text(d, "network") if "network" in d else None,
            int(every) if isinstance(every, int) and not isinstance(every, bool) else None,
            float(rate) if isinstance(rate, (int, float)) and not isinstance(rate, bool) else None,
        )


@dataclass(frozen=True)
class ViewInfo:
    """Camera view the exercise expects and the one detected."""

    expected: str
    detected: str

    def to_json(self) -> dict[str, Any]:
        """The report's ``view`` object."""
        return {"expected": self.expected, "detected": self.detected}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ViewInfo:
        """Inverse of :meth:`to_json`."""
        return cls(text(d, "expected"), text(d, "detected"))


TIMES = ("start_s", "top_s", "end_s")


@dataclass(frozen=True)
class ReportRep:
    """One rep as reported: times (s, 3 decimals), metrics (units in the names, 2 decimals), fault codes."""

    number: int
    side: str
    start_s: float | None
    top_s: float | None
    end_s: float | None
    metrics: Mapping[str, float | None]
    faults: tuple[str, ...] = ()

    def value(self, key: str) -> float | None:
        """A time or a metric by name (None when absent or not measurable)."""
        return getattr(self, key) if key in TIMES else self.metrics.get(key)

    def to_json(self) -> dict[str, Any]:
        """The report's rep object."""
        return {
            "number": self.number,
            "side": self.side,
            "start_s": self.start_s,
            "top_s": self.top_s,
            "end_s": self.end_s,
            **self.metrics,
            "faults": list(self.faults),
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ReportRep:
        """Inverse of :meth:`to_json`."""
        metrics = {k: number(d, k) for k in d if k not in ("number", "side", *TIMES, "faults")}
        return cls(
            integer(d, "number"),
            text(d, "side"),
            number(d, "start_s"),
            number(d, "top_s"),
            number(d, "end_s"),
            metrics,
            strings(d, "faults"),
        )


@dataclass(frozen=True)
class ReportHold:
    """One hold as reported (seconds); ``rep`` is the rep whose top hold it is, if any."""

    start_s: float | None
    end_s: float | None
    duration_s: float | None
    in_form_s: float | None
    side: str | None = None
    rep: int | None = None
    target_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        """The report's hold object."""
        return {
            "start_s": self.start_s,
            "end_s": self.end_s,
            "duration_s": self.duration_s,
            "in_form_s": self.in_form_s,
            "side": self.side,
            "rep": self.rep,
            "target_s": self.target_s,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ReportHold:
        """Inverse of :meth:`to_json`."""
        return cls(
            number(d, "start_s"),
            number(d, "end_s"),
            number(d, "duration_s"),
            number(d, "in_form_s"),
            opt_text(d, "side"),
            opt_integer(d, "rep"),
            number(d, "target_s"),
        )


@dataclass(frozen=True)
class ReportFault:
    """One fault as reported: ``severity`` info, warning or error; the measured value next to its limit."""

    code: str
    severity: str
    message: str
    rep: int | None
    start_s: float | None
    end_s: float | None
    measured: float | None
    limit: float | None
    unit: str

    @classmethod
    def of(cls, f: Fault) -> ReportFault:
        """The reported form of an analysis fault (rounded as in the JSON)."""
        return cls.from_json(f.to_json())

    def sentence(self) -> str:
        """``"top hold shorter than 2 s: 0.25 s < 2.00 s"``: the message with the measured value and the limit."""
        if self.measured is None or self.limit is None:
            return self.message
        unit = UNIT_TEXT.get(self.unit, f" {self.unit}")
        op = "<" if self.measured < self.limit else ">"
        return f"{self.message}: {self.measured:.2f}{unit} {op} {self.limit:.2f}{unit}"

    def to_json(self) -> dict[str, Any]:
        """The report's fault object."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "rep": self.rep,
            "start_s": self.start_s,
            "end_s": self.end_s,
            "measured": self.measured,
            "limit": self.limit,
            "unit": self.unit,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ReportFault:
        """Inverse of :meth:`to_json`."""
        return cls(
            text(d, "code"),
            text(d, "severity"),
            text(d, "message"),
            opt_integer(d, "rep"),
            number(d, "start_s"),
            number(d, "end_s"),
            number(d, "measured"),
            number(d, "limit"),
            text(d, "unit"),
        )
