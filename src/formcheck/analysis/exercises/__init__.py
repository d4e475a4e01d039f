"""Every exercise module, imported so that each registers its analyzer."""

from formcheck.analysis.exercises import high_knees, standing_knee_raise

__all__ = ["high_knees", "standing_knee_raise"]
