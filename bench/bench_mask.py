"""Extra cost of the segmentation mask: pose throughput with and without it on the same frames.

Usage: python bench/bench_mask.py [CLIP] [--frames N] [--model full]
Decodes N frames once (decode time excluded), runs the model over them without the mask,
then with it (plus the lumbopelvic contour trace), and prints both throughputs and the ratio.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from formcheck.analysis.measure.lumbopelvic import LumbopelvicTracker
from formcheck.analysis.measure.tracker import BodyTracker
from formcheck.core.types import Frame
from formcheck.io.sources import VideoFileSource
from formcheck.pose.protocol import PoseSettings, open_estimator

_REPO = Path(__file__).resolve().parents[1]
DEFAULT_CLIP = (
    next((p for p in (_REPO.parent / "shared", _REPO.parent.parent / "shared") if p.is_dir()), _REPO.parent / "shared")
    / "eval/clips/wahoo/bent_leg_raises.mp4"
)


def _run(frames: list[Frame], model: str, with_mask: bool) -> float:
    body, lp = BodyTracker(), LumbopelvicTracker("standing")
    with open_estimator(PoseSettings(model, with_mask=with_mask)) as est:
        t0 = time.perf_counter()
        for f in frames:
            pose = est.estimate(f)
            lp.update(pose, body.update(pose))
        return len(frames) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("clip", nargs="?", type=Path, default=DEFAULT_CLIP)
    ap.add_argument("--frames", type=int, default=150)
    ap.add_argument("--model", default="full")
    a = ap.parse_args()
    frames: list[Frame] = []
    with VideoFileSource(a.clip) as src:
        for f in src:
            frames.append(f)
            if len(frames) >= a.frames:
                break
    w, h = frames[0].image.shape[1], frames[0].image.shape[0]
    plain = _run(frames, a.model, with_mask=False)
    masked = _run(frames, a.model, with_mask=True)
    print(f"clip {a.clip.name} {w}x{h}, {len(frames)} frames, model {a.model}")
    print(f"without mask: {plain:.1f} fps")
    print(f"with mask + contour: {masked:.1f} fps")
    print(f"cost ratio (time with / time without): {plain / masked:.2f}")


if __name__ == "__main__":
    main()
