"""Drawing on frames (OpenCV): skeleton, angles, counters, cues. Shell side only."""
