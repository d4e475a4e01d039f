"""Counts that survive the footage people film: every labelled recording under every transformation."""

import sys
from pathlib import Path

import numpy as np
import pytest
from tiers import tiered

from formcheck.evaluation import load_labels, recording_path
from formcheck.testing.transforms import TRANSFORMATIONS, crop, mirror

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import robustness  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval"
LABELS = {lb.key: lb for lb in load_labels(EVAL / "ground_truth.json")}
MATRIX_MIN_RATE = 0.95
"""The share of (recording, transformation) cases right, as measured on 2026-12-07: 351 of 364 (96.4 %;
332 before a hidden leg's reps were counted from the other leg's rhythm and reps were judged against the
person's range in the set): a change that lowers it below the goal fails."""


@pytest.mark.parametrize("transformation", ["feet cut off (20% of the legs)", "mirrored", "jitter 1.5% of height"])
@pytest.mark.parametrize(
    "clip",
    tiered(
        ["hrush_exercise_track__high_knee", "gymlessabs__leg_raises", "wahoo__plank"],
        fast=["hrush_exercise_track__high_knee"],
    ),
)
def test_a_few_recordings_stay_right_under_the_commonest_changes(clip, transformation):
    assert robustness.run_case(LABELS[clip], transformation, EVAL).right


def test_a_crop_leaves_the_cut_off_points_outside_with_a_low_visibility():
    from formcheck.io.landmarks_io import read_frames

    frames = [f for f in read_frames(recording_path(LABELS["gymlessabs__leg_raises"], EVAL)) if f.detected][:50]
    w, h = frames[0].image_size
    cut = crop(frames, "bottom", 0.5 * h)
    assert cut[0].image_size == (w, round(0.5 * h))
    below = frames[-1].xy[:, 1] > 0.5 * h
    assert below.any() and (~below).any() and (cut[-1].visibility[below] <= 0.3).all()
    assert (cut[-1].visibility[~below] == frames[-1].visibility[~below]).all()
    twice = mirror(mirror(frames))
    assert all(np.allclose(a.xy, b.xy) for a, b in zip(frames, twice, strict=True))


@pytest.mark.slow
@pytest.mark.eval
def test_the_whole_matrix_stays_at_its_measured_level():
    cases = [robustness.run_case(lb, name, EVAL) for lb in LABELS.values() for name in TRANSFORMATIONS]
    rate = sum(c.right for c in cases) / len(cases)
    assert rate >= MATRIX_MIN_RATE
