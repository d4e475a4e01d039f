"""Measuring a frame.

The body followed over time (:mod:`.tracker`), the metric table (:mod:`.table`, formulas in
:mod:`.formulas`), the lower back and pelvis (:mod:`.lumbopelvic`, :mod:`.back_contour`) and
the framing (:mod:`.framing`).
"""
