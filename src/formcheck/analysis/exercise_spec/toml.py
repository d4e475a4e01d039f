"""Exercise specs read from TOML files: the file's keys are the fields of :class:`.model.ExerciseSpec`.

A file is read into the spec by pydantic (types, allowed values, unknown keys), then checked like
any Python spec when it is registered. Every mistake is reported with the file and the field,
e.g. ``glute.toml: rules[0].kind: Input should be 'min' or 'max'``; an unknown key gets the
nearest known one (``did you mean 'metric'?``). ``formcheck exercises --schema`` prints the
schema from the spec classes themselves (:func:`schema_text`).
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import tomllib
import types
import typing
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.errors import ConfigError

RENAMED = {
    "posture": "start_position",
    "family": "counting (a table with strategy = fixed-levels, rise-from-low, leg-pair or hold)",
    "signal": "counting.signal",
    "legs": "counting.strategy (rise-from-low counts both legs together, leg-pair each leg)",
    "summary_text": "summary",
    "checks": "rules",
    "series_keys": "series",
    "uses_mask": 'lower_back = "contour"',
}
"""Keys of the older exercise-file format and what they became."""


@cache
def _adapter() -> TypeAdapter[ExerciseSpec]:
    return TypeAdapter(ExerciseSpec)


def read_spec_file(path: Path) -> ExerciseSpec:
    """The spec declared in ``path``. Raises :class:`ConfigError` naming the file and each bad field."""
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such exercise file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    old = [f"{k!r} is now {new}" for k, new in RENAMED.items() if k in raw]
    if old:
        raise ConfigError(f"{path}: written for an older formcheck: " + "; ".join(old))
    try:
        spec = _adapter().validate_python(raw)
    except ValidationError as exc:
        raise ConfigError(f"{path}: invalid exercise declaration: " + "; ".join(_lines(exc))) from None
    return replace(spec, declared_in=str(path.resolve()))


def _lines(exc: ValidationError) -> list[str]:
    """One phrase per error: the field's path and what is wrong."""
    out = []
    for e in exc.errors():
        where = _where(e["loc"])
        message = e["msg"]
        if e["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
            key = str(e["loc"][-1])
            near = difflib.get_close_matches(key, _all_fields(), n=1)
            message = "not a field of the exercise file" + (f" (did you mean {near[0]!r}?)" if near else "")
        elif e["type"] == "tuple_type" and e["loc"] and e["loc"][-1] == "thresholds":
            message = "a list of tables: [[thresholds]] with name = ..., value = ..."
        out.append(f"{where}: {message}" if where else message)
    return out


STRATEGY_TAGS = ("fixed-levels", "rise-from-low", "leg-pair", "hold")


def _where(loc: tuple[int | str, ...]) -> str:
    """``("rules", 0, "kind")`` -> ``rules[0].kind`` (the counting strategy's own tag left out)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part not in STRATEGY_TAGS:
            text += f".{part}" if text else str(part)
    return text


@cache
def _all_fields() -> tuple[str, ...]:
    """Every field name a spec file can have, at any depth."""
    return tuple(sorted({name for cls in _spec_classes() for name in (f.name for f in dataclasses.fields(cls))}))


def _spec_classes(root: type = ExerciseSpec) -> list[type]:
    """``root`` and every dataclass its fields hold (the spec's parts)."""
    seen: list[type] = []
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        for hint in typing.get_type_hints(cls).values():
            todo += [t for t in _inner(hint) if dataclasses.is_dataclass(t) and isinstance(t, type)]
    return seen


def _inner(hint: Any) -> list[Any]:
    """The types inside a type hint (``tuple[Rule, ...] | None`` -> ``[Rule, NoneType]``)."""
    args = typing.get_args(hint)
    if not args:
        return [hint]
    if typing.get_origin(hint) is typing.Annotated:
        return _inner(args[0])
    return [t for a in args if a is not Ellipsis for t in _inner(a)]


def schema_text() -> str:
    """The TOML schema, from the spec classes: each table's keys with their types and defaults."""
    blocks = []
    for cls in _spec_classes():
        lines = [f"[{cls.__name__}]  {(cls.__doc__ or '').strip().splitlines()[0]}"]
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name == "declared_in":
                continue
            default = "" if f.default is dataclasses.MISSING else f" = {f.default!r}"
            lines.append(f"  {f.name}: {_type_name(hints[f.name])}{default}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _type_name(hint: Any) -> str:
    """A short, readable name of a type hint."""
    if typing.get_origin(hint) is typing.Annotated:
        return _type_name(typing.get_args(hint)[0])
    if typing.get_origin(hint) is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(hint))
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return " | ".join(_type_name(a) for a in typing.get_args(hint))
    if typing.get_origin(hint) is tuple:
        return f"list of {_type_name(typing.get_args(hint)[0])}"
    if hint is type(None):
        return "none"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return " | ".join(repr(m.value) for m in hint)
    return getattr(hint, "__name__", str(hint))
