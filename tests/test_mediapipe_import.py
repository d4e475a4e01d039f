"""MediaPipe is imported without matplotlib, and matplotlib still works afterwards in the same process."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from formcheck.pose.mediapipe_import import pose_tasks
mp, BaseOptions, vision = pose_tasks()
assert hasattr(vision, "PoseLandmarker") and hasattr(mp, "Image")
assert "matplotlib.figure" not in sys.modules, "matplotlib was imported with mediapipe"
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
figure = plt.figure()
assert type(figure).__name__ == "Figure" and "matplotlib.figure" in sys.modules
print("ok")
"""


def test_mediapipe_loads_without_matplotlib_which_still_works_when_used() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_nothing_is_deferred_when_matplotlib_is_already_loaded() -> None:
    script = (
        "import matplotlib, sys\nfrom formcheck.pose.mediapipe_import import pose_tasks\npose_tasks()\n"
        "assert type(sys.modules['matplotlib']).__name__ == 'module'\nprint('ok')"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
