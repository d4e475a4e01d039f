"""Counts hold when the camera turns: real recordings re-filmed from +-20 and +-45 deg about the vertical, tilted.

The re-filming (``formcheck.testing.views.refilm``) rotates the world landmarks MediaPipe gave and
projects them again, so the motion is real; the reference is the same recording re-filmed from the
original angle (the re-filming frames the whole movement in the picture). Clips already filmed
oblique (a plank whose second half is a front-oblique close-up, front-oblique high knees and
knees-to-elbows) are left out: turned 45 deg more they are no longer within 45 deg of side-on.
"""

from pathlib import Path

import numpy as np
import pytest

from formcheck.analysis.analyzer import analyzer_for
from formcheck.evaluation import load_labels, score_clip
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses as analyze
from formcheck.testing.views import refilm, rotation

EVAL_DATA = Path(__file__).parent / "data" / "eval"
ALREADY_OBLIQUE = {"jenner_workout__plank", "fizik_tedavi__high_knees", "gymlessabs__hanging_knee_to_elbows"}
"""Filmed 45 deg or more off side-on (for part or all of the clip): turned 45 deg more, they face the camera."""
VIEW_SENSITIVE = {
    "life_enherance__plank_toe_touch": "turned 45 deg and tilted 15, the plank between the toe touches is held "
    "4.5 s instead of 6.9 s: work of the robustness matrix (counts that hold on footage as people film it)",
    "hrush_exercise_track__high_knee": "turned -45 deg and tilted 15, the first knee drive (already rising in the "
    "first frames, counted since 2026-12-07) lifts the foot 0.46 thigh lengths, under the 0.5 that tells a knee "
    "drive from a lunge, and is set aside: 8 of 9 (within the label's tolerance); the other views count 9",
}
LABELS = [lab for lab in load_labels(EVAL_DATA / "ground_truth.json") if lab.key not in ALREADY_OBLIQUE]
VIEWS = [(20, 0), (-20, 0), (45, 0), (-45, 0), (45, 15), (-45, 15)]


def fold(angle_deg):
    """An angle about the vertical as seen from the side: 0 = side-on, 90 = facing."""
    a = abs(angle_deg) % 180.0
    return min(a, 180.0 - a)


def counted(label, frames):
    result = analyze(frames, analyzer_for(label.exercise))
    s = score_clip(label, result)
    return result, (round(sum(h.duration_s for h in result.holds), 1) if label.is_hold else s.counted)


FAST = {"wahoo__bent_leg_raises": [(-45, 15)], "life_enherance__plank": [(45, 15)]}
"""A rep clip and a hold, each from one of the hardest angles, in the fast tier."""
CASES = [
    pytest.param(
        lab,
        VIEWS,
        id=lab.key,
        marks=[
            pytest.mark.slow,
            *([pytest.mark.xfail(reason=VIEW_SENSITIVE[lab.key])] if lab.key in VIEW_SENSITIVE else []),
        ],
    )
    for lab in LABELS
] + [pytest.param(lab, FAST[lab.key], id=f"{lab.key}-one-view") for lab in LABELS if lab.key in FAST]


@pytest.mark.parametrize(("label", "views"), CASES)
def test_counts_do_not_change_when_the_camera_turns(label, views):
    frames = list(read_frames(EVAL_DATA / f"{label.key}.landmarks.jsonl.gz"))
    reference_result, reference = counted(label, refilm(frames, yaw_deg=0.0))
    for yaw, tilt in views:
        result, got = counted(label, refilm(frames, yaw_deg=yaw, tilt_deg=tilt))
        if label.is_hold:  # time in the position, to 0.3 s
            assert got == pytest.approx(reference, abs=0.3), (yaw, tilt)
        else:
            assert got == reference, (yaw, tilt)
            assert [r.side == "both" for r in result.reps] == [r.side == "both" for r in reference_result.reps]
        # the camera angle is reported: the original one turned by the yaw (either way round, folded to 0-90)
        off, ref_off = result.summary["camera_off_side_deg"], reference_result.summary["camera_off_side_deg"]
        slack = 6 + tilt  # a tilted camera leans the horizontal plane the angle is measured in
        assert min(abs(off - fold(ref_off + yaw)), abs(off - fold(ref_off - yaw))) < slack, (yaw, tilt, off, ref_off)
        if off >= 25:
            assert result.view in ("oblique", "front")
            assert any("virtual side view" in w for w in result.warnings)


def test_refilm_keeps_the_skeleton_and_turns_its_world():
    frames = list(read_frames(EVAL_DATA / "gymlessabs__leg_raises.landmarks.jsonl.gz"))[:60]
    turned = refilm(frames, yaw_deg=45.0, tilt_deg=10.0)
    rot = rotation(45.0, 10.0)
    for a, b in zip(frames, turned, strict=True):
        if a.world is None:
            continue
        np.testing.assert_allclose(b.world, a.world @ rot.T, atol=1e-9)
        # bone lengths (metres) are unchanged by the turn
        np.testing.assert_allclose(np.linalg.norm(b.world[25] - b.world[23]), np.linalg.norm(a.world[25] - a.world[23]))
        w, h = b.image_size
        assert np.all((b.xy[:, 0] >= 0) & (b.xy[:, 0] <= w) & (b.xy[:, 1] >= 0) & (b.xy[:, 1] <= h))
    # the picture really changed: a side view turned 45 deg shows the hips apart
    hip_gap = [
        abs(b.xy[23, 0] - b.xy[24, 0]) - abs(a.xy[23, 0] - a.xy[24, 0]) for a, b in zip(frames, turned, strict=True)
    ]
    assert np.median(hip_gap) > 20
