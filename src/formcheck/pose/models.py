"""Finding and verifying the bundled pose models. Nothing is ever downloaded."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Literal

from formcheck.errors import ModelNotFoundError

ModelName = Literal["lite", "full", "heavy"]
MODEL_NAMES: tuple[ModelName, ...] = ("lite", "full", "heavy")

MODEL_SHA256: dict[str, str] = {
    "lite": "f2897b198b78656236f81ec5b4e3b3f1d4e0daff6c6d25d9d912965754d207c5",
    "full": "c773bf5e91ed25b004402d7d60d5dbc96630a71a219d5250f9ce31ab24d30c81",
    "heavy": "a00f60155090f4139b0d7d1c9e4c9e2f33e0262267d9250dcf754100ed5e9b69",
}
"""sha256 of each bundled ``pose_landmarker_<name>.task`` (same values as ``models/SHA256SUMS``)."""

ENV_VAR = "FORMCHECK_MODELS"
PACKAGE_MODELS = Path(__file__).resolve().parents[1] / "models"
"""Where an installed wheel keeps the models (``formcheck/models/``, package data)."""
REPO_MODELS = Path(__file__).resolve().parents[3] / "models"
"""A checkout's ``models/`` (editable installs and running from the source tree)."""


def model_filename(name: str) -> str:
    """File name of a bundled model: ``pose_landmarker_full.task`` for ``"full"``."""
    return f"pose_landmarker_{name}.task"


def candidate_dirs(model_dir: Path | None = None) -> list[Path]:
    """Where models are looked for, in order: ``model_dir``, ``$FORMCHECK_MODELS``, the package, a checkout."""
    dirs = [model_dir] if model_dir else []
    if os.environ.get(ENV_VAR):
        dirs.append(Path(os.environ[ENV_VAR]))
    return [*dirs, PACKAGE_MODELS, REPO_MODELS]


@cache
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    del size, mtime_ns  # part of the cache key only
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(path: Path, name: str) -> None:
    """Raise ModelNotFoundError unless ``path`` has the sha256 of bundled model ``name``."""
    st = path.stat()
    digest = _sha256(path, st.st_size, st.st_mtime_ns)
    if digest != MODEL_SHA256[name]:
        raise ModelNotFoundError(
            f"{path} is corrupt or not the bundled {name!r} model (sha256 {digest[:12]}..., "
            f"expected {MODEL_SHA256[name][:12]}...). Restore it with `git checkout -- models/` "
            "or copy it again from the formcheck repository."
        )


def resolve_model(name: str, model_dir: Path | None = None) -> Path:
    """Path of the verified model file for ``name`` (lite, full or heavy).

    Raises:
        ModelNotFoundError: unknown name, file absent from every candidate folder, or checksum mismatch.

    """
    if name not in MODEL_SHA256:
        raise ModelNotFoundError(f"unknown model {name!r}; choose from {', '.join(MODEL_NAMES)}")
    searched = candidate_dirs(model_dir)
    for folder in searched:
        path = folder / model_filename(name)
        if path.is_file():
            verify(path, name)
            return path
    where = ", ".join(str(d) for d in searched)
    raise ModelNotFoundError(
        f"pose model {model_filename(name)} not found (looked in {where}). formcheck never downloads "
        f"models: reinstall formcheck (the wheel carries them), or point {ENV_VAR} at a folder holding the "
        ".task files."
    )
