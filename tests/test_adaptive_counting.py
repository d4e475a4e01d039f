"""Counting that adapts to the person: value tables with known answers for the counters."""

import itertools
import math

import numpy as np
import pytest

from formcheck.analysis.signal.adaptive import AdaptiveCounter, AdaptiveThresholds
from formcheck.analysis.signal.pair import LegPairCounter
from formcheck.analysis.signal.swing import SwingCounter
from formcheck.analysis.signal.traces import Phase
from formcheck.core.sagittal import SagittalProjector, project_sagittal
from formcheck.core.smoothing import SpikeGate

FPS = 30.0


def wave(lows, highs, *, period_s=2.0, fps=FPS, rest_s=1.0):
    """Rises from each low to each high and back (cosine), with ``rest_s`` at the low between."""
    t, v = [], []
    now = 0.0
    for low, high in zip(lows, highs, strict=True):
        for _ in range(int(rest_s * fps)):
            t.append(now)
            v.append(low)
            now += 1 / fps
        n = int(period_s * fps)
        for i in range(n):
            t.append(now)
            v.append(low + (high - low) * 0.5 * (1 - math.cos(2 * math.pi * i / n)))
            now += 1 / fps
    return t, v


def count(counter, t, v):
    return [r for tt, vv in zip(t, v, strict=True) if (r := counter.update(tt, vv)) is not None]


def test_hips_held_high_still_count_every_drive():
    # the straight leg rests at 45 deg (hips high), not below a fixed 25-deg rest line
    t, v = wave([45] * 5, [100] * 5)
    assert len(count(AdaptiveCounter(AdaptiveThresholds(20.0)), t, v)) == 5


def test_small_range_counts_and_noise_does_not():
    rng = np.random.default_rng(0)
    t, v = wave([0] * 4, [14] * 4)  # a person who lifts 14 deg
    noisy = [x + rng.normal(0, 1.0) for x in v]
    assert len(count(AdaptiveCounter(AdaptiveThresholds(8.0)), t, noisy)) == 4
    still = [5 + rng.normal(0, 1.0) for _ in t]  # lying still: never a rep
    assert count(AdaptiveCounter(AdaptiveThresholds(8.0)), t, still) == []


def test_the_entry_level_moves_with_the_persons_range():
    c = AdaptiveCounter(AdaptiveThresholds(10.0, enter_fraction=0.35))
    t, v = wave([0] * 3, [80] * 3)
    count(c, t, v)
    assert c.typical_range == pytest.approx(80, abs=2)
    assert c.enter_excursion == pytest.approx(0.35 * c.typical_range)
    # a 20-deg twitch after 80-deg reps is not a rep; a 40-deg short rep is
    t2, v2 = wave([0, 0], [20, 40])
    t2 = [x + t[-1] + 1 for x in t2]
    reps = count(c, t2, v2)
    assert len(reps) == 1 and reps[0].peak == pytest.approx(40, abs=1)


def test_a_short_gap_keeps_the_rep_and_a_long_one_drops_it():
    t, v = wave([0], [60])
    hole = [math.nan if 1.8 <= x <= 2.0 else y for x, y in zip(t, v, strict=True)]  # 0.2 s hidden at the top
    assert len(count(AdaptiveCounter(AdaptiveThresholds(20.0, max_gap_s=0.4)), t, hole)) == 1
    long_hole = [math.nan if 1.5 <= x <= 2.3 else y for x, y in zip(t, v, strict=True)]
    assert count(AdaptiveCounter(AdaptiveThresholds(20.0, max_gap_s=0.4)), t, long_hole) == []


def test_a_video_starting_mid_rep_does_not_count_that_rep():
    t, v = wave([0, 0], [60, 60])
    start = int(1.9 * FPS)  # at the first top
    reps = count(AdaptiveCounter(AdaptiveThresholds(20.0)), t[start:], v[start:])
    assert len(reps) == 1 and reps[0].start_s > 2.5


def test_a_one_frame_glitch_is_no_turning_point():
    sc = SwingCounter(AdaptiveThresholds(20.0, min_dwell_s=0.03))
    values = [0, 10, 30, 60, 80, 20, 80, 60, 30, 0, -30, -60]  # frame 5 is a glitch
    turns = [turn for i, x in enumerate(values) if (turn := sc.update(i / FPS, float(x))) is not None]
    assert [(tr.sign, tr.value) for tr in turns] == [(1, 80.0)]


def test_alternating_kicks_count_per_leg_even_when_the_far_leg_rises_little():
    # scissors: the near (left) leg kicks 30 deg, the half-hidden far leg shows only 12
    pair = LegPairCounter(AdaptiveThresholds(8.0))
    periods, period = 6, 1.0  # 6 kicks of each leg
    movements = []
    for i in range(int(periods * period * FPS) + 10):
        t = i / FPS
        phase = 2 * math.pi * t / period
        left = 5 + 30 * max(0.0, math.sin(phase))
        right = 3 + 12 * max(0.0, -math.sin(phase))
        movements += pair.update(t, left, right, usable={"left": True, "right": True, "gap": True}).added
    sides = [m.side for m in movements]
    assert len(sides) in (2 * periods - 1, 2 * periods)  # one per kick of either leg (the last may be under way)
    assert all(a != b for a, b in itertools.pairwise(sides))  # strictly alternating


def test_a_kick_whose_top_was_seen_when_the_input_ends_counts_and_a_blip_of_the_resting_leg_does_not():
    pair = LegPairCounter(AdaptiveThresholds(8.0))
    added = []
    end = 4.4  # the 5th kick of the left leg (top at 4.25 s) on its way down, the right leg rising past it
    for i in range(int(end * FPS)):
        t = i / FPS
        phase = 2 * math.pi * t
        left = 5 + 30 * max(0.0, math.sin(phase))  # tops at 0.25 + k s
        right = 3 + 20 * max(0.0, -math.sin(phase))  # tops at 0.75 + k s
        if t > 4.25:
            left, right = 35 - 40 * (t - 4.25), 3 + 150 * (t - 4.25)
        if 1.6 < t < 1.7:
            left += 12  # the resting left leg twitches while the right leg rises
        added += pair.update(t, left, right, usable={"left": True, "right": True, "gap": True}).added
    assert [m.side for m in added][-1] == "right"  # the 5th left kick waits for its leg to come down...
    last = pair.flush(end).added
    assert [m.side for m in last] == ["left"] and 4.1 < last[0].trace.top_s < 4.4  # ...and counts at the end
    assert sum(m.side == "left" for m in [*added, *last]) == 5  # the twitch at 1.65 s is no kick


def test_both_legs_together_are_one_rep_of_both():
    pair = LegPairCounter(AdaptiveThresholds(8.0))
    t, v = wave([0] * 3, [85] * 3)
    movements, relabelled = [], []
    for i, (tt, vv) in enumerate(zip(t, v, strict=True)):
        lag = v[max(0, i - 3)]  # the right leg follows 0.1 s behind
        ev = pair.update(tt, vv, lag, usable={"left": True, "right": True, "gap": True})
        movements += ev.added
        relabelled += ev.now_both
    final = [pair.movements[m.number - 1].side for m in movements]
    assert final == ["both", "both", "both"]


def test_one_leg_raised_while_the_other_rests():
    pair = LegPairCounter(AdaptiveThresholds(8.0))
    t, v = wave([0] * 4, [60] * 4)
    added = []
    for tt, vv in zip(t, v, strict=True):
        added += pair.update(tt, 2.0, vv, usable={"left": True, "right": True, "gap": True}).added
    assert [m.side for m in added] == ["right"] * 4


def test_spike_gate_drops_a_glitch_and_passes_real_motion_a_frame_late():
    gate = SpikeGate()
    still = np.zeros((2, 2))
    glitch = np.array([[50.0, 0.0], [0.0, 0.0]])
    assert np.allclose(gate(0.0, still, 10.0), still)
    assert np.allclose(gate(1 / 30, glitch, 10.0), still)  # held
    assert np.allclose(gate(2 / 30, still, 10.0), still)  # and gone
    moved = np.array([[50.0, 0.0], [0.0, 0.0]])
    assert np.allclose(gate(3 / 30, moved, 10.0), still)  # a real move: held one frame ...
    assert np.allclose(gate(4 / 30, moved, 10.0), moved)  # ... then accepted
    group = SpikeGate()
    group(0.0, np.zeros((3, 2)), 100.0, group=(0, 1, 2), group_jump=5.0)
    jumped = np.full((3, 2), 6.0)  # each point under max_jump, the group's mean over group_jump
    assert np.allclose(group(1 / 30, jumped, 100.0, group=(0, 1, 2), group_jump=5.0), 0.0)


def same_up_to_mirror(x, reference):
    """``x`` equals ``reference`` or its mirror image ``-reference`` (every point the same way)."""
    return np.allclose(x, reference, atol=1e-9) or np.allclose(x, -reference, atol=1e-9)


def test_sagittal_projection_is_the_same_from_any_angle_about_the_vertical():
    rng = np.random.default_rng(3)
    world = rng.normal(0, 0.3, (33, 3))
    world[23], world[24] = [0.0, 0.0, -0.1], [0.0, 0.0, 0.1]  # hips across the view: side-on
    world[11], world[12] = [0.05, -0.5, -0.15], [0.05, -0.5, 0.15]
    side = SagittalProjector(smoothing=1.0).project(world)
    # side-on already: the picture is the world's x (front-back) and y, in mm, up to the mirror image
    assert np.allclose(side[:, 1], world[:, 1] * 1000.0)
    assert same_up_to_mirror(side[:, 0], world[:, 0] * 1000.0)
    for yaw in (20, 45, -45, 80):
        a = math.radians(yaw)
        rot = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
        turned = SagittalProjector(smoothing=1.0).project(world @ rot.T)
        # the same picture, up to the mirror image (which side the virtual camera stands on): x as a whole
        assert same_up_to_mirror(turned[:, 0], side[:, 0]), yaw
        assert np.allclose(turned[:, 1], side[:, 1], atol=1e-9), yaw
    assert project_sagittal(world, np.array([0.0, 0.0, 1.0])).shape == (33, 2)


def test_counter_phases_are_reported():
    c = AdaptiveCounter(AdaptiveThresholds(20.0))
    assert c.phase is Phase.UNKNOWN
    c.update(0.0, 0.0)
    assert c.phase is Phase.REST
    c.update(0.1, 30.0)
    assert c.phase is Phase.LIFTED and c.in_progress is not None
