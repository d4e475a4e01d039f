"""Loader for MediaPipe landmark tables in CSV (``<name>_x, <name>_y, <name>_z, <name>_v`` columns).

Such tables (e.g. the Exercise-Correction project's ``plank_correct_only.csv``) hold
*normalised* image coordinates for a subset of the 33 BlazePose points and no image size.
:func:`read_mediapipe_csv` scales them to pixels with an assumed ``image_size`` (angles
depend on the aspect ratio, so say which one you assumed) and fills the points that are
absent with NaN and visibility 0.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from formcheck.core.landmarks import Lm
from formcheck.core.types import PoseFrame
from formcheck.errors import FormcheckError


def read_mediapipe_csv(
    path: Path,
    *,
    image_size: tuple[int, int] = (1280, 720),
    fps: float = 30.0,
) -> tuple[list[PoseFrame], list[str]]:
    """Frames (t = row / fps) and the row labels (first column, when it is not a landmark column).

    Raises:
        FormcheckError: the file has no ``<landmark>_x`` columns BlazePose knows.

    """
    w, h = image_size
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows:
        return [], []
    names = [lm for lm in Lm if f"{lm.name.lower()}_x" in rows[0]]
    if not names:
        raise FormcheckError(f"{path}: no MediaPipe landmark columns (<name>_x, <name>_y, <name>_v) found")
    label_key = next((k for k in rows[0] if not k.endswith(("_x", "_y", "_z", "_v"))), None)
    frames, labels = [], []
    for i, row in enumerate(rows):
        xy = np.full((33, 2), np.nan)
        vis = np.zeros(33)
        for lm in names:
            key = lm.name.lower()
            xy[int(lm)] = (float(row[f"{key}_x"]) * w, float(row[f"{key}_y"]) * h)
            vis[int(lm)] = float(row.get(f"{key}_v") or 1.0)
        frames.append(PoseFrame(index=i, t=i / fps, xy=xy, visibility=vis, image_size=image_size))
        labels.append(row[label_key] if label_key else "")
    return frames, labels
