"""Analysis core: body measurements, rep counting, hold timing, faults, exercises.

Pure Python + numpy: nothing here imports cv2 or mediapipe (a test guards this), so
every analyzer runs on landmark recordings alone.
"""
