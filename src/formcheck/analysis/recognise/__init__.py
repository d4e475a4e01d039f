"""Which exercise is this: recognised from what the body does, and a workout split into its sets.

:mod:`.trace` measures every frame without an exercise in mind (position, leg angles);
:mod:`.movement` describes a stretch of frames (which legs move and how, how far, how fast);
:mod:`.recognise` scores every registered exercise's declared look (:class:`.looks.Looks`)
against it; :mod:`.sets` finds the sets of a workout. No cv2, no mediapipe: landmark files suffice.
"""
