"""Analyzers on landmark recordings extracted from real clips (sample_videos/, no model needed).

Ground truth was counted by hand from the clips (../shared/eval/ground_truth.json):
bent_leg_raises: 5 knee drives (right leg) in 6.88-7.38, 9.13-9.51, 11.26-11.64, 13.26-13.76,
15.39-15.89 s; title card 0-4.5 s, outro 16-21 s. high_knees: 5 lifts in 5.9-8.0 s, a
close-up with the feet cropped at 8.0-11.1 s, 16±1 lifts in 11.1-17.0 s.
"""

import itertools
from pathlib import Path

import pytest
from tiers import tiered

from formcheck.analysis.analyzer import analyzer_for
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses as analyze

KNEE_UP_WINDOWS = [(6.88, 7.38), (9.13, 9.51), (11.26, 11.64), (13.26, 13.76), (15.39, 15.89)]


def replay(samples: Path, name: str, exercise: str):
    return analyze(read_frames(samples / name), analyzer_for(exercise))


def test_bent_leg_raises_five_reps_knee_above_hip(samples):
    result = replay(samples, "bent_leg_raises.landmarks.jsonl.gz", "standing-knee-raise")
    assert len(result.reps) == 5
    for rep, (lo, hi) in zip(result.reps, KNEE_UP_WINDOWS, strict=True):
        assert lo - 0.2 <= rep.top_s <= hi + 0.2
        assert rep.side == "right"
        assert rep.metrics["peak_thigh_elevation_deg"] > 0  # knee above hip
        assert "standing-knee-raise.knee_below_hip" not in rep.faults
        assert "standing-knee-raise.leaning_back" not in rep.faults
    assert not any(r.top_s < 4.5 or r.top_s > 16.0 for r in result.reps)  # title card, outro
    assert result.summary["ignored_foot_down_lifts"] == 5  # the five lunges' front leg
    assert result.view == "side"


def test_high_knees_segments_and_closeup(samples):
    result = replay(samples, "high_knees.landmarks.jsonl.gz", "high-knees")
    tops = [r.top_s for r in result.reps]
    assert sum(5.9 <= t <= 8.0 for t in tops) == 5
    assert 15 <= sum(11.1 <= t <= 17.0 for t in tops) <= 17
    assert not any(8.05 <= t <= 11.05 for t in tops)  # close-up: not counted
    closeup = [w for w in result.warnings if "size in the picture jumped" in w]  # the feet are cut off too,
    assert closeup and closeup[0].startswith("8.0-11.")  # but hips and knees are seen: the cut tells it
    sides = [r.side for r in result.reps if 11.1 <= r.top_s <= 17.0]
    assert sum(a != b for a, b in itertools.pairwise(sides)) >= len(sides) - 2  # alternating legs


def test_wrong_exercise_view_warning_absent_for_side_clip(samples):
    result = replay(samples, "bent_leg_raises.landmarks.jsonl.gz", "high-knees")
    assert not any("camera view" in w for w in result.warnings)


@pytest.mark.parametrize(
    "name",
    tiered(
        ["bent_leg_raises.landmarks.jsonl.gz", "high_knees.landmarks.jsonl.gz"],
        fast=["bent_leg_raises.landmarks.jsonl.gz"],
    ),
)
def test_replay_is_deterministic(samples, name):
    a = replay(samples, name, "standing-knee-raise")
    b = replay(samples, name, "standing-knee-raise")
    assert a == b
