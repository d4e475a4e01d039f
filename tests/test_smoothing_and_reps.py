import math

import numpy as np
import pytest

from formcheck.analysis.signal.lift import LiftCounter, LiftThresholds
from formcheck.analysis.signal.traces import Phase
from formcheck.core.smoothing import OneEuroFilter


def test_one_euro_constant_and_nan_reset():
    f = OneEuroFilter()
    for i in range(10):
        out = f(i / 30, np.array([5.0, 7.0]))
    np.testing.assert_allclose(out, [5.0, 7.0])
    out = f(11 / 30, np.array([np.nan, 7.0]))
    assert math.isnan(out[0]) and out[1] == pytest.approx(7.0)
    out = f(12 / 30, np.array([100.0, 7.0]))
    assert out[0] == pytest.approx(100.0)  # restarts at the new value, no drag from before the gap


def test_one_euro_reduces_jitter_and_follows():
    rng = np.random.default_rng(3)
    f = OneEuroFilter(min_cutoff_hz=1.0, beta=0.0)
    raw = 50 + rng.normal(0, 2.0, 300)
    out = np.array([f(i / 30, np.array([v]))[0] for i, v in enumerate(raw)])
    assert np.std(out[30:]) < 0.5 * np.std(raw[30:])


TH = LiftThresholds(lift_enter=-35.0, rest_enter=-55.0, min_dwell_s=0.05, min_rep_s=0.2)


def feed(counter, values, fps=30.0, usable=None):
    events = []
    for i, v in enumerate(values):
        rep = counter.update(i / fps, v, usable=True if usable is None else usable[i])
        if rep is not None:
            events.append((i, rep))
    return events


def cycle(peak=10.0, n_up=20, n_rest=15):
    up = np.linspace(-88, peak, n_up // 2).tolist() + np.linspace(peak, -88, n_up // 2).tolist()
    return [-88.0] * n_rest + up


def test_counts_clean_cycles():
    c = LiftCounter(TH)
    values = [v for _ in range(4) for v in cycle()] + [-88.0] * 10
    events = feed(c, values)
    assert len(events) == 4 == c.count
    assert all(r.peak == pytest.approx(10.0, abs=0.1) for _, r in events)


def test_jitter_at_threshold_does_not_double_count():
    c = LiftCounter(TH)
    jitter = [-88.0] * 10 + [-34.0, -36.0, -33.0, -37.0, -30.0, -20.0, 0.0, -20.0] + [-45.0, -34.0, -50.0] * 3
    jitter += [-88.0] * 10
    assert len(feed(c, jitter)) == 1


def test_start_mid_rep_not_counted():
    c = LiftCounter(TH)
    values = [10.0] * 10 + np.linspace(10, -88, 10).tolist() + [-88.0] * 10
    assert feed(c, values) == []
    assert c.phase is Phase.REST


def test_unusable_frames_longer_than_a_gap_reset_and_need_rest_again():
    c = LiftCounter(TH)
    values = [-88.0] * 10 + [0.0] * 40 + [-88.0] * 10
    usable = [True] * 12 + [False] * 38 + [True] * 10  # lost view (1.3 s) while lifted, before the peak passed
    assert feed(c, values, usable=usable) == []


def test_a_leg_hidden_for_a_moment_keeps_its_rep():
    c = LiftCounter(TH)
    values = [-88.0] * 10 + np.linspace(-88, 20, 8).tolist() + [20.0] * 15 + np.linspace(20, -88, 8).tolist()
    values += [-88.0] * 10
    usable = [True] * 20 + [False] * 12 + [True] * 19  # hidden 0.4 s at the top
    events = feed(c, values, usable=usable)
    assert len(events) == 1


def test_rep_past_its_peak_when_view_lost_still_counts():
    c = LiftCounter(TH)
    values = [-88.0] * 10 + np.linspace(-88, 20, 8).tolist() + np.linspace(20, -20, 5).tolist() + [-88.0] * 40
    usable = [True] * 23 + [False] * 40  # lost for good (longer than a gap)
    events = feed(c, values, usable=usable)
    assert len(events) == 1 and events[0][1].peak == pytest.approx(20.0)


def test_thresholds_validated():
    with pytest.raises(ValueError, match="lift_enter"):
        LiftThresholds(lift_enter=-60.0, rest_enter=-55.0)
