"""Face up or face down from how the joints bend: the invariant that replaces the head when it is not clear."""

import math
from pathlib import Path

import numpy as np
import pytest

from formcheck.analysis.measure.formulas import front_up_bend
from formcheck.analysis.observe import Observer
from formcheck.analysis.positions.front import FACE_VOTES, FaceUpDown
from formcheck.analysis.positions.postures import FACE_RATIO
from formcheck.analysis.registry import get
from formcheck.core.landmarks import Lm
from formcheck.io.landmarks_io import read_frames

EVAL = Path(__file__).parent / "data" / "eval"


def body(hip_deg: float, knee_deg: float, *, face_up: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Landmarks (33, 2), image y down, of a body lying along x with the shoulders at x=0, hips at x=50.

    ``hip_deg`` flexion swings the thigh toward the front, ``knee_deg`` bend the shin toward the back;
    the front faces up (image -y) or down.
    """
    up = -1.0 if face_up else 1.0  # image y of the front
    xy = np.full((33, 2), np.nan)
    sh, hip = np.array([0.0, 100.0]), np.array([50.0, 100.0])
    thigh_a, shin_a = math.radians(hip_deg), math.radians(hip_deg - knee_deg)  # from +x, toward the front
    knee = hip + 45 * np.array([math.cos(thigh_a), up * math.sin(thigh_a)])
    ankle = knee + 40 * np.array([math.cos(shin_a), up * math.sin(shin_a)])
    for lm_sh, lm_hip, lm_knee, lm_ankle in (
        (Lm.LEFT_SHOULDER, Lm.LEFT_HIP, Lm.LEFT_KNEE, Lm.LEFT_ANKLE),
        (Lm.RIGHT_SHOULDER, Lm.RIGHT_HIP, Lm.RIGHT_KNEE, Lm.RIGHT_ANKLE),
    ):
        xy[lm_sh], xy[lm_hip], xy[lm_knee], xy[lm_ankle] = sh, hip, knee, ankle
    return xy, sh, hip


@pytest.mark.parametrize(("hip", "knee"), [(90, 0), (60, 60), (0, 90), (100, 50)])
def test_bends_point_the_front_the_right_way(hip, knee):
    for face_up in (True, False):
        xy, sh, hp = body(hip, knee, face_up=face_up)
        value = front_up_bend(xy, sh, hp)
        assert (value > 0.5) == face_up and (value < -0.5) == (not face_up)


def test_a_straight_body_or_a_small_sag_says_nothing():
    for hip in (0, -15, 20):
        xy, sh, hp = body(hip, 10, face_up=False)
        assert front_up_bend(xy, sh, hp) == 0.0
    xy = np.full((33, 2), np.nan)
    assert math.isnan(front_up_bend(xy, xy[0], xy[0]))


def test_the_set_vote_needs_a_flat_trunk_and_outvotes_a_turned_head():
    vote = FaceUpDown(FACE_RATIO)
    upright = {"trunk_incline_deg": 80.0, "front_up_bend": 3.0, "nose_above_ears_ratio": 0.2}
    assert vote.update(upright) == 0.0  # standing: face up or down means nothing
    lying = {"trunk_incline_deg": 20.0, "front_up_bend": 2.0, "nose_above_ears_ratio": -0.05}
    assert vote.update(lying) == 1.0  # legs bent up: on the back, though the head looks down
    plank = {"trunk_incline_deg": 10.0, "front_up_bend": 0.0, "nose_above_ears_ratio": -0.2}
    for _ in range(FACE_VOTES):
        vote.update(plank)
    assert vote.update(plank) == -1.0  # the old votes age out


def face_votes(recording: str, exercise: str) -> list[float]:
    observer = Observer(get(exercise))
    out = []
    for pose in read_frames(EVAL / f"{recording}.landmarks.jsonl.gz"):
        m = observer.observe(pose).metrics
        if m.get("trunk_incline_deg", math.nan) <= 35:
            out.append(m.get("face_up_vote", math.nan))
    return out


@pytest.mark.parametrize(
    ("recording", "exercise", "up"),
    [
        ("hrush_exercise_track__leg_raise", "lying-leg-raise", True),  # oblique portrait, head unclear
        ("life_enherance__dead_bug", "dead-bug", True),
        ("amilafitness__leg_raises", "lying-leg-raise", True),
        ("amilafitness__mountain_climbers", "mountain-climber", False),
        ("life_enherance__plank_toe_touch", "plank", False),
        ("wahoo__plank", "plank", False),
    ],
)
def test_real_recordings_lie_the_way_they_were_filmed(recording, exercise, up):
    votes = [v for v in face_votes(recording, exercise) if v]
    assert len(votes) > 20
    assert np.mean(np.array(votes) == (1.0 if up else -1.0)) >= 0.95
