"""The noise of a counting signal, measured on itself: a rep must rise well clear of it."""

import math

import numpy as np

from formcheck.analysis.signal.adaptive import AdaptiveCounter, AdaptiveThresholds
from formcheck.analysis.signal.noise import NOISE_MARGIN, NoiseMeter


def test_the_meter_reads_white_noise_and_ignores_a_smooth_movement():
    rng = np.random.default_rng(1)
    t = np.arange(0, 10, 1 / 30)
    movement = 40 * np.sin(2 * math.pi * 0.5 * t)  # a slow rep every 2 s
    meter = NoiseMeter()
    for v in movement + rng.normal(0, 2.0, len(t)):
        meter.update(float(v))
    assert 1.6 < meter.sigma < 2.6
    still = NoiseMeter()
    for v in movement:
        still.update(float(v))
    assert still.sigma < 0.3


def test_noise_alone_never_makes_a_rep_however_small_the_declared_minimum():
    rng = np.random.default_rng(2)
    counter = AdaptiveCounter(AdaptiveThresholds(min_excursion=2.0))
    reps = [counter.update(i / 30, float(v)) for i, v in enumerate(30 + rng.normal(0, 3.0, 600))]
    assert [r for r in reps if r is not None] == []
    assert counter.enter_excursion >= NOISE_MARGIN * 2.0
