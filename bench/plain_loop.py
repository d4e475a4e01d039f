"""The loop a user would write instead of formcheck: decode, convert, one-person pose inference.

    python bench/plain_loop.py VIDEO [--model full]

OpenCV decodes each frame, converts it to RGB, MediaPipe's ``PoseLandmarker`` (VIDEO mode,
``num_poses=1``, the bundled model) estimates the pose; the landmarks are kept in a list
and nothing else happens. ``bench/bench_throughput.py`` times this whole process (start-up
and model load included) against ``formcheck analyze``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import mediapipe as mp
from mediapipe.tasks.python import BaseOptions, vision

from formcheck.pose.models import resolve_model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--model", default="full")
    args = parser.parse_args()
    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(resolve_model(args.model))),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    landmarker = vision.PoseLandmarker.create_from_options(options)
    cap = cv2.VideoCapture(str(args.video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    poses = []
    index = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        result = landmarker.detect_for_video(image, round(index * 1000 / fps))
        poses.append([(p.x, p.y, p.z) for p in result.pose_landmarks[0]] if result.pose_landmarks else None)
        index += 1
    landmarker.close()
    print(f"{index} frames, person in {sum(p is not None for p in poses)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
