"""The periodicity counter (the second opinion): synthetic movements of known count, and real recordings."""

import math
from pathlib import Path

import numpy as np
import pytest

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.count.periodicity import count_periods
from formcheck.analysis.count.second_opinion import SecondOpinion
from formcheck.analysis.series import FrameSeries
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses

EVAL = Path(__file__).parent / "data" / "eval"


def series_of(period_s: float, duration_s: float, *, alternating: bool, fps: float = 30.0, noise: float = 1.0):
    """A frame series of legs lifting (hip flexion 10 -> 80 deg) every ``period_s``; alternating: one leg at a time."""
    rng = np.random.default_rng(3)
    s = FrameSeries()
    for t in np.arange(0.0, duration_s, 1.0 / fps):
        phase = 2 * math.pi * t / period_s
        lift = 0.5 - 0.5 * math.cos(phase)  # 0 at rest, 1 at the top, once per period
        if alternating:  # left on even periods, right on odd ones
            left = lift if int(t // period_s) % 2 == 0 else 0.0
            right = lift - left
        else:
            left = right = lift
        values = {}
        for leg, amount in (("left", left), ("right", right)):
            values[f"hip_flexion_deg.{leg}"] = 10 + 70 * amount + rng.normal(0, noise)
            values[f"thigh_elevation_deg.{leg}"] = -80 + 70 * amount + rng.normal(0, noise)
            values[f"knee_angle_deg.{leg}"] = 170 - 60 * amount + rng.normal(0, noise)
        values["trunk_incline_deg"] = 85 + rng.normal(0, noise)
        s.add(float(t), values, usable=True)
    return s


@pytest.mark.parametrize(
    ("period", "duration", "alternating"), [(1.0, 10.0, False), (0.4, 8.0, True), (2.5, 15.0, False)]
)
def test_counts_the_lifts_of_a_regular_movement(period, duration, alternating):
    s = series_of(period, duration, alternating=alternating)
    found = count_periods(s, [True] * len(s.t))
    assert abs(found.count - duration / period) <= 1


def test_a_still_body_has_no_reps_and_inactive_frames_are_not_counted():
    still = series_of(1.0, 10.0, alternating=False)
    for f in still.frames:
        for k in f:
            f[k] = 40.0 + np.random.default_rng(len(k)).normal(0, 1.0)
    assert count_periods(still, [True] * len(still.t)).count == 0
    moving = series_of(1.0, 10.0, alternating=False)
    assert count_periods(moving, [False] * len(moving.t)).count == 0


def test_the_report_sentence_only_when_the_counts_disagree_by_more_than_one():
    assert SecondOpinion(6, 6.2, 5, ()).warning is None
    said = SecondOpinion(9, 8.8, 5, ()).warning
    assert said is not None and "9" in said and "5" in said


@pytest.mark.parametrize(
    ("recording", "exercise", "truth", "tolerance"),
    [("fizik_tedavi__high_knees", "high-knees", 25, 1), ("gymlessabs__hanging_leg_raises", "hanging-leg-raise", 5, 0)],
)
def test_real_recordings_second_opinion(recording, exercise, truth, tolerance):
    analyzer = analyzer_for(exercise)
    result = analyze_poses(read_frames(EVAL / f"{recording}.landmarks.jsonl.gz"), analyzer)
    opinion = result.summary["second_opinion"]
    assert abs(opinion["count"] - truth) <= tolerance
    assert opinion["rule_count"] == len(result.reps)
