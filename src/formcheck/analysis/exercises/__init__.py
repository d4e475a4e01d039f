"""Every exercise module, imported so that each registers its analyzer."""

from formcheck.analysis.exercises import (
    couch_stretch,
    dead_bug,
    hanging_knee_raise,
    hanging_leg_raise,
    high_knees,
    hip_flexor_test,
    kneeling_hip_flexor_stretch,
    l_sit,
    lying_leg_raise,
    mountain_climber,
    plank,
    psoas_march,
    seated_knee_raise,
    standing_knee_raise,
    supine_knee_to_chest,
)

__all__ = [
    "couch_stretch",
    "dead_bug",
    "hanging_knee_raise",
    "hanging_leg_raise",
    "high_knees",
    "hip_flexor_test",
    "kneeling_hip_flexor_stretch",
    "l_sit",
    "lying_leg_raise",
    "mountain_climber",
    "plank",
    "psoas_march",
    "seated_knee_raise",
    "standing_knee_raise",
    "supine_knee_to_chest",
]
