"""Analysis core: from landmarks to reps, holds and faults. Pure Python + numpy: no cv2, no mediapipe.

From the bottom up: :mod:`.measure` (the body followed from frame to frame and measured by the
metric table), :mod:`.positions` (start positions, facing), :mod:`.signal` (state machines that
count one signal, rep traces, tempo), :mod:`.judge` (per-rep numbers, rules, holds), :mod:`.count`
(the counting strategies, one protocol), :mod:`.exercise_spec` (the ``ExerciseSpec`` every exercise
is, its one check, TOML files), :mod:`.exercises` (the catalogue), :mod:`.registry`, and
:mod:`.analyzer` (the one analyzer, which runs any spec; :mod:`.observe` measures and gates each
frame for it). A test guards that nothing here imports cv2 or mediapipe, so every analyzer runs on
landmark recordings alone.
"""
