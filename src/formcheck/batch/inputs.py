"""Which files a batch analyses, and which exercise each one is."""

from __future__ import annotations

import fnmatch
import glob
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from formcheck.errors import ConfigError

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".3gp"})
RECORDING_SUFFIXES = (".landmarks.jsonl", ".landmarks.jsonl.gz")


def is_candidate(path: Path) -> bool:
    """True for a file a folder scan picks up: a video or a landmark recording (by name)."""
    name = path.name.lower()
    return path.suffix.lower() in VIDEO_SUFFIXES or name.endswith(RECORDING_SUFFIXES)


def discover(inputs: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Files named by ``inputs`` (files, folders searched recursively, glob patterns), in order, once each.

    Returns the files and one sentence per input that gave none.
    """
    found: dict[Path, None] = {}
    problems: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            hits = sorted(p for p in path.rglob("*") if p.is_file() and is_candidate(p))
        elif path.is_file():
            hits = [path]
        elif glob.has_magic(raw):
            hits = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
        else:
            problems.append(f"{raw}: no such file or folder")
            continue
        if not hits:
            problems.append(f"{raw}: no video or landmark recording in it")
        for hit in hits:
            found.setdefault(hit, None)
    return list(found), problems


@dataclass(frozen=True)
class ExerciseMap:
    """``PATTERN EXERCISE`` lines: the first pattern matching a file's name or path names its exercise."""

    rules: tuple[tuple[str, str], ...]

    @classmethod
    def read(cls, path: Path, known: Sequence[str]) -> ExerciseMap:
        """Parse a mapping file (``#`` starts a comment; pattern and exercise split by spaces or a comma)."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the exercise map ({exc.strerror or exc})") from None
        rules = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.replace(",", " ").split()
            if len(parts) != 2:
                raise ConfigError(f"{path}, line {number}: expected 'PATTERN EXERCISE', got {line!r}")
            if parts[1] not in known:
                raise ConfigError(
                    f"{path}, line {number}: unknown exercise {parts[1]!r} (choose from: {', '.join(known)})"
                )
            rules.append((parts[0], parts[1]))
        return cls(tuple(rules))

    def exercise_for(self, path: Path) -> str | None:
        """The exercise of the first rule matching ``path`` (its name or its path), or None."""
        for pattern, exercise in self.rules:
            if fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(path.as_posix(), pattern):
                return exercise
        return None


def output_keys(paths: Sequence[Path]) -> dict[Path, str]:
    """A file name stem for each input's outputs, unique in the batch (a short hash tells apart equal names)."""
    stems = [_stem(p) for p in paths]
    keys = {}
    for path, stem in zip(paths, stems, strict=True):
        clash = stems.count(stem) > 1
        digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:6]
        keys[path] = f"{stem}-{digest}" if clash else stem
    return keys


def _stem(path: Path) -> str:
    name = path.name
    for suffix in RECORDING_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem
