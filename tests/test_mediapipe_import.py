"""MediaPipe is imported without matplotlib, and matplotlib still works afterwards in the same process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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

AFTER_A_MODEL = """
import io, sys
import numpy as np
from formcheck.core.types import Frame
from formcheck.pose.mediapipe_import import pose_tasks
from formcheck.pose.protocol import PoseSettings, open_estimator
pose_tasks()
{load}
assert "matplotlib.figure" not in sys.modules, "matplotlib was imported with mediapipe or the model"
{plot}
assert type(sys.modules["matplotlib"]).__name__ == "module" and matplotlib.__version__
figure = plt.figure()
plt.plot([1, 2])
figure.savefig(io.BytesIO(), format="png")
print("ok")
"""

PLOTS = {
    "use-then-pyplot": 'import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt',
    "pyplot-first": "import matplotlib.pyplot as plt\nimport matplotlib",  # MPLBACKEND picks Agg
    "from-import": "from matplotlib import pyplot as plt\nimport matplotlib",
}


def run_python(script: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)


def test_mediapipe_loads_without_matplotlib_which_still_works_when_used() -> None:
    done = run_python(SCRIPT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


LOAD_THE_MODEL = """
with open_estimator(PoseSettings("lite")) as estimator:
    estimator.estimate(Frame(0, 0.0, np.zeros((240, 320, 3), np.uint8)))
"""


@pytest.mark.parametrize(
    ("plot", "load"),
    [pytest.param(plot, LOAD_THE_MODEL, id=plot, marks=pytest.mark.model) for plot in PLOTS]
    + [pytest.param("pyplot-first", "", id="pyplot-first-no-model")],
)
def test_matplotlib_is_the_real_package_after_a_model_loaded(plot: str, load: str) -> None:
    # a notebook that estimates, then plots: pyplot works however it is imported
    done = run_python(AFTER_A_MODEL.format(plot=PLOTS[plot], load=load))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_nothing_is_deferred_when_matplotlib_is_already_loaded() -> None:
    script = (
        "import matplotlib, sys\nfrom formcheck.pose.mediapipe_import import pose_tasks\npose_tasks()\n"
        "assert type(sys.modules['matplotlib']).__name__ == 'module'\nprint('ok')"
    )
    done = run_python(script)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
