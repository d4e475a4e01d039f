"""Threshold overrides from TOML: ``[exercise.<name>]`` tables, validated by each analyzer's model.

Example ``formcheck.toml``::

    [exercise.standing-knee-raise]
    min_top_hold_s = 3.0
    max_lean_back_deg = 8
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.errors import ConfigError


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; ConfigError with the position on a syntax error."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load_exercise_config(spec: ExerciseSpec, path: Path) -> BaseModel:
    """The exercise's config with the overrides of ``[exercise.<name>]`` from ``path``.

    Raises ConfigError naming every bad field and its allowed range.
    """
    doc = read_toml(path)
    section = doc.get("exercise", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [exercise] must be a table of exercise tables")
    unknown = sorted(set(section) - {spec.name} - _all_names())
    if unknown:
        raise ConfigError(f"{path}: unknown exercise table(s): {', '.join(unknown)}")
    overrides = section.get(spec.name, {})
    model = resolve(spec).config_model
    if not isinstance(overrides, dict):
        raise ConfigError(f"{path}: [exercise.{spec.name}] must be a table of thresholds")
    try:
        return model(**overrides)
    except ValidationError as exc:
        lines = [f"  {_where(e['loc'])}: {_said(e, model)}" for e in exc.errors()]
        raise ConfigError(
            f"{path}: invalid values for [exercise.{spec.name}]:\n"
            + "\n".join(lines)
            + f"\nvalid keys of [exercise.{spec.name}]:\n"
            + valid_keys(model)
        ) from None


def _said(error: Any, model: type[BaseModel]) -> str:
    """One validation error in words: a key that is not a threshold gets the nearest one (``did you mean``)."""
    if error["type"] == "extra_forbidden":
        import difflib

        near = difflib.get_close_matches(str(error["loc"][-1]), list(model.model_fields), n=1, cutoff=0.5)
        return "not a threshold of this exercise" + (f" (did you mean {near[0]!r}?)" if near else "")
    return str(error["msg"]).removeprefix("Value error, ")


def _where(loc: tuple[int | str, ...]) -> str:
    """The threshold a validation error is about (none: the thresholds taken together)."""
    return ".".join(str(p) for p in loc) or "(thresholds together)"


def valid_keys(model: type[BaseModel]) -> str:
    """One line per threshold: name, unit, allowed range and default (for error messages)."""
    rows = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        bounds = {type(m).__name__: getattr(m, type(m).__name__.lower(), None) for m in info.metadata}
        lo = f">= {bounds['Ge']}" if "Ge" in bounds else (f"> {bounds['Gt']}" if "Gt" in bounds else "")
        hi = f"<= {bounds['Le']}" if "Le" in bounds else (f"< {bounds['Lt']}" if "Lt" in bounds else "")
        span = " and ".join(x for x in (lo, hi) if x) or "any number"
        rows.append(f"  {name} ({extra.get('unit', '')}): {span}, default {info.default}")
    return "\n".join(rows)


def _all_names() -> set[str]:
    from formcheck.analysis.registry import names

    return set(names())
