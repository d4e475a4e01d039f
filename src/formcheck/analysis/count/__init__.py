"""Counting strategies: how an exercise's frames become reps or holds, all behind one protocol (:mod:`.protocol`).

Rep strategies: :mod:`.fixed_levels` (a signal crossing two fixed levels, per leg),
:mod:`.rise_from_low` (rises from the person's own low: both legs' mean) and :mod:`.leg_pair`
(each leg from its own low, one leg, both together or alternating); they share
:mod:`.rep_counting`. Holds: :mod:`.hold`. The state machines they run, and a rep's trace and
tempo, are in :mod:`formcheck.analysis.signal`.
"""
