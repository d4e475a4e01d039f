"""Counting on one signal: the state machines that turn a signal into reps, and a rep's trace and tempo.

:mod:`.lift` (between two fixed levels), :mod:`.adaptive` (a rise from the person's own low),
:mod:`.swing` (turning points of a signal that swings both ways) and :mod:`.pair` (a pair of legs:
one, both or alternating) all produce :class:`.traces.RepTrace`; :mod:`.tempo` times a rep. The
counting strategies (:mod:`formcheck.analysis.count`) run them; the judges read their traces.
"""
