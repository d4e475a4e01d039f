"""Judging what was counted.

Per-rep numbers, gates and rules for reps (:mod:`.reps`, :mod:`.rep_metrics`, :mod:`.options`);
hold timing and its faults (:mod:`.holds`).
"""
