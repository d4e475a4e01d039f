"""The model's input made on the decoding thread: the same frames, the same poses, and only when prefetching."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from formcheck.io.sources import VideoFileSource
from formcheck.pose.estimator import MediaPipePoseEstimator


def test_prepare_runs_on_the_decoding_thread_for_every_delivered_frame(samples: Path) -> None:
    threads: set[str] = set()

    def prepare(picture: npt.NDArray[np.uint8]) -> tuple[int, int]:
        threads.add(threading.current_thread().name)
        return picture.shape[0], picture.shape[1]

    with VideoFileSource(samples / "bridging.mp4", prefetch=3, stride=2, prepare=prepare) as source:
        frames = list(source)
    assert frames and all(f.prepared == f.image.shape[:2] for f in frames)
    assert threads == {"formcheck-decode"}
    with VideoFileSource(samples / "bridging.mp4", prefetch=0) as source:
        assert all(f.prepared is None for f in source)


@pytest.mark.model
def test_a_prepared_frame_gives_the_pose_of_the_frame(samples: Path) -> None:
    from formcheck.pose.estimator import model_input

    video = samples / "bridging.mp4"
    with VideoFileSource(video, prefetch=3, prepare=model_input) as source, MediaPipePoseEstimator("lite") as est:
        prepared = [est.estimate(frame) for frame in source]
    with VideoFileSource(video, prefetch=0) as source, MediaPipePoseEstimator("lite") as est:
        plain = [est.estimate(frame) for frame in source]
    assert len(prepared) == len(plain) > 0
    assert all(np.array_equal(a.xy, b.xy, equal_nan=True) for a, b in zip(prepared, plain, strict=True))
