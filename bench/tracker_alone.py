"""One tracker and nothing else: the fastest any analysis that follows the person with one tracker can be.

    python bench/tracker_alone.py VIDEO [--mask] [--model full]

Frames are decoded ahead on a thread, which also makes the model's input (as ``formcheck analyze``
does), and one MediaPipe ``PoseLandmarker`` (VIDEO mode, ``num_poses=1``) estimates the pose of
every frame ``analyze`` estimates (every second frame of a 60 fps video), with the segmentation
mask when ``--mask``. No analysis, no report. ``bench/bench_throughput.py --ceiling`` times this
whole process next to the plain loop: a one-tracker ``analyze`` cannot be faster than this
process, however its other work is spread over the other cores, because each frame's inference
waits for the pose of the frame before.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from formcheck.io.sources import VideoFileSource
from formcheck.pose.estimator import MediaPipePoseEstimator, model_input
from formcheck.pose.rate import pose_stride


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--mask", action="store_true", help="also ask MediaPipe for the segmentation mask")
    parser.add_argument("--model", default="full")
    args = parser.parse_args()
    estimator = MediaPipePoseEstimator(args.model, with_mask=args.mask)
    source = VideoFileSource(args.video, prepare=model_input)
    source.stride = pose_stride(source.fps)
    estimated = found = 0
    inference = 0.0
    with source, estimator:
        for frame in source:
            start = time.perf_counter()
            pose = estimator.estimate(frame)
            inference += time.perf_counter() - start
            estimated += 1
            found += pose.detected
    print(f"{estimated} frames estimated, person in {found}, {inference * 1000 / max(estimated, 1):.1f} ms a frame")
    return 0


if __name__ == "__main__":
    sys.exit(main())
