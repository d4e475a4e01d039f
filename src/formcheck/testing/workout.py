"""A workout made of real clips joined end to end, as a video editor would join them.

Each clip is scaled (keeping its aspect) to the height of the tallest and centred on a canvas as
wide as the widest, and its frames follow the previous clip's in time and number; the joins
are the set boundaries a workout split must find. Pure numpy: the clips are landmark recordings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from formcheck.core.types import PoseFrame, SourceInfo
from formcheck.io.landmarks_io import LandmarkWriter, RecordingHeader, read_frames, read_header


@dataclass(frozen=True)
class Joined:
    """The joined frames, the canvas size (width, height) px, and where each clip starts, s."""

    frames: list[PoseFrame]
    image_size: tuple[int, int]
    starts_s: tuple[float, ...]
    fps: float


def join(clips: Sequence[Sequence[PoseFrame]]) -> Joined:
    """The clips' frames one after the other on one canvas (see the module docstring)."""
    height = max(clip[0].image_size[1] for clip in clips)
    scales = [height / clip[0].image_size[1] for clip in clips]
    width = max(round(clip[0].image_size[0] * s) for clip, s in zip(clips, scales, strict=True))
    out: list[PoseFrame] = []
    starts: list[float] = []
    t0 = 0.0
    for clip, scale in zip(clips, scales, strict=True):
        dt = float(np.median(np.diff([f.t for f in clip]))) if len(clip) > 1 else 1 / 30
        offset = np.array([(width - clip[0].image_size[0] * scale) / 2, 0.0])
        starts.append(t0)
        for f in clip:
            out.append(
                replace(
                    f, index=len(out), t=round(t0 + f.t - clip[0].t, 6), xy=f.xy * scale + offset,
                    image_size=(width, height),
                )
            )  # fmt: skip
        t0 = out[-1].t + dt
    fps = len(out) / t0 if t0 > 0 else 30.0
    return Joined(out, (width, height), tuple(starts), fps)


def write_joined(paths: Sequence[Path], output: Path) -> Joined:
    """Join the recordings at ``paths`` into the recording ``output``; what was joined."""
    joined = join([list(read_frames(p)) for p in paths])
    first = read_header(paths[0])
    source = SourceInfo(str(output.name), joined.fps, len(joined.frames), joined.frames[-1].t, joined.image_size)
    writer = LandmarkWriter(output, RecordingHeader(source, first.model, first.model_sha256, first.formcheck))
    for frame in joined.frames:
        writer.write(frame)
    writer.close(complete=True)
    return joined
