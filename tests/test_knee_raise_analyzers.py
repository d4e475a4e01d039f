"""Analyzers on seeded synthetic sequences with known answers."""

from dataclasses import replace

import pytest
from tiers import tiered

from formcheck.analysis.analyzer import analyzer_for
from formcheck.core.landmarks import Side
from formcheck.pipeline import analyze_poses as analyze
from formcheck.testing.standing import Lift, knee_raises, lift_windows

CLEAN = Lift(leg=Side.RIGHT, peak_deg=30.0, lift_s=0.6, hold_s=2.5, lower_s=1.5)


def run(name, frames, **kw):
    return analyze(frames, analyzer_for(name, **kw))


def faults_by_rep(result):
    return {r.number: set(c.split(".", 1)[1] for c in r.faults) for r in result.reps}


@pytest.mark.parametrize("seed", tiered([0, 1, 2], fast=[0]))
def test_clean_reps_exact_count_no_faults(seed):
    lifts = [CLEAN] * 3 + [replace(CLEAN, leg=Side.LEFT)] * 2
    result = run("standing-knee-raise", knee_raises(lifts, seed=seed))
    assert len(result.reps) == 5
    assert [r.side for r in result.reps] == ["right"] * 3 + ["left"] * 2
    assert result.faults == ()
    windows = lift_windows(lifts)
    for rep, (start, end) in zip(result.reps, windows, strict=True):
        assert start - 0.1 <= rep.top_s <= end
        assert rep.metrics["peak_thigh_elevation_deg"] == pytest.approx(30.0, abs=3.0)
        # 2.5 s still at the top, plus the ramp ends within the 10 deg top band (0.11 s + 0.29 s)
        assert rep.metrics["hold_s"] == pytest.approx(2.9, abs=0.1)
        assert rep.metrics["lower_s"] == pytest.approx(0.78, abs=0.1)  # top band exit to 20 % above rest
    assert len(result.holds) == 5 and all(h.in_form_s > 2.0 for h in result.holds)


def test_injected_faults_flag_exactly_those_reps():
    lifts = [
        replace(CLEAN, hold_s=0.5),  # 1: short hold
        replace(CLEAN, peak_deg=-15.0),  # 2: knee below hip
        replace(CLEAN, lean_back_deg=20.0),  # 3: leaning back
        CLEAN,  # 4: clean
        replace(CLEAN, lower_s=0.15),  # 5: leg dropped
    ]
    result = run("standing-knee-raise", knee_raises(lifts, seed=7))
    assert faults_by_rep(result) == {
        1: {"short_top_hold"},
        2: {"knee_below_hip"},
        3: {"leaning_back"},
        4: set(),
        5: {"uncontrolled_lowering"},
    }
    f = next(f for f in result.faults if f.rep == 2)
    assert f.measured == pytest.approx(-15.0, abs=3.0) and f.limit == 0.0 and f.unit == "deg"
    f = next(f for f in result.faults if f.rep == 3)
    assert f.measured == pytest.approx(20.0, abs=3.0) and f.limit == 10.0


def test_high_knees_alternating_per_leg_and_cadence():
    fast = Lift(peak_deg=15.0, lift_s=0.18, hold_s=0.05, lower_s=0.18)
    lifts = [replace(fast, leg=Side.RIGHT if i % 2 == 0 else Side.LEFT) for i in range(12)]
    lifts[5] = replace(lifts[5], peak_deg=-20.0)
    result = run("high-knees", knee_raises(lifts, seed=3, gap_s=0.05))
    assert len(result.reps) == 12
    assert result.summary["reps_by_side"] == {"left": 6, "right": 6}
    assert faults_by_rep(result)[6] == {"knee_below_hip"}
    assert sum(bool(v) for v in faults_by_rep(result).values()) == 1
    assert result.summary["cadence_lifts_per_min"] == pytest.approx(60 / 0.46, rel=0.1)


@pytest.mark.slow
def test_mirrored_view_gives_same_reps_and_faults():
    lifts = [CLEAN, replace(CLEAN, lean_back_deg=20.0, leg=Side.LEFT)]
    a = run("standing-knee-raise", knee_raises(lifts, seed=1, facing=1))
    b = run("standing-knee-raise", knee_raises(lifts, seed=1, facing=-1))
    assert [(r.side, r.faults) for r in a.reps] == [(r.side, r.faults) for r in b.reps]
    assert b.reps[1].faults == ("standing-knee-raise.leaning_back",)


@pytest.mark.slow
def test_a_rep_with_the_knees_and_feet_just_below_the_picture_still_counts():
    # the picture moves up over rep 2 (tight framing): MediaPipe still places the knees and feet
    # just below it, and those guesses are measured with; a cut to a close-up (the body's size
    # jumping) counts nothing: tests/test_real_recordings.py::test_high_knees_segments_and_closeup
    lifts = [CLEAN] * 3
    windows = lift_windows(lifts)
    crop = (windows[1][0] - 0.3, windows[1][1] + 0.3)
    result = run("standing-knee-raise", knee_raises(lifts, seed=2, crop=crop))
    assert len(result.reps) == 3
    assert sum(crop[0] <= r.top_s <= crop[1] for r in result.reps) == 1


@pytest.mark.slow
def test_leg_label_swap_does_not_change_the_count_or_side():
    lifts = [CLEAN] * 3
    windows = lift_windows(lifts)
    swap = (windows[1][0] + 0.8, windows[1][0] + 1.4)  # mid-hold of rep 2, knee high: labels flip
    result = run("standing-knee-raise", knee_raises(lifts, seed=4, swap=swap))
    assert [r.side for r in result.reps] == ["right"] * 3
    assert result.summary["legs_relabelled_frames"] >= 1


@pytest.mark.slow
def test_side_option_restricts_counting():
    lifts = [CLEAN, replace(CLEAN, leg=Side.LEFT)]
    result = run("standing-knee-raise", knee_raises(lifts, seed=5), side="left")
    assert [r.side for r in result.reps] == ["left"]


def test_streaming_equals_batch():
    frames = knee_raises([CLEAN] * 2, seed=6)
    analyzer = analyzer_for("standing-knee-raise")
    counts = [analyzer.step(p).rep_count for p in frames]
    result = analyzer.finish()
    assert counts[-1] == len(result.reps) == 2
    assert counts == sorted(counts)  # never decreases


def test_front_view_and_second_person_are_warned():
    import dataclasses

    from formcheck.testing.views import refilm

    frames = [dataclasses.replace(f, num_people=2) for f in refilm(knee_raises([CLEAN], seed=8), yaw_deg=85.0)]
    result = run("standing-knee-raise", frames)
    assert any("camera view looks front" in w for w in result.warnings)
    assert any("more than one person" in w for w in result.warnings)
    assert len(result.reps) == 1  # still counted, from the 3D landmarks
