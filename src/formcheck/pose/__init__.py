"""Pose estimation at the edge: bundled model files and the MediaPipe Tasks adapter."""
