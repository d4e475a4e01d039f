"""Counting from what the counting signal needs: feet hidden, reps still counted, the checks left out said."""

from dataclasses import replace
from pathlib import Path

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.registry import get
from formcheck.core.landmarks import Side, side_lm
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses

EVAL = Path(__file__).parent / "data" / "eval"
FEET = [int(side_lm(s, p)) for s in Side for p in ("ankle", "heel", "foot_index")]


def without_feet(name: str):
    out = []
    for f in read_frames(EVAL / f"{name}.landmarks.jsonl.gz"):
        vis = f.visibility.copy()
        vis[FEET] = 0.0
        out.append(replace(f, visibility=vis))
    return out


def test_the_parts_a_spec_needs_default_to_its_counting_signal():
    assert get("lying-leg-raise").parts == ("shoulders", "hips", "knees")  # hip flexion
    assert get("high-knees").parts == ("hips", "knees")  # thigh elevation
    assert "feet" in get("plank").parts  # a hold keeps its own


def test_leg_raises_with_the_feet_never_seen_count_and_say_which_check_was_left_out():
    result = analyze_poses(without_feet("gymlessabs__leg_raises"), analyzer_for("lying-leg-raise"))
    assert len(result.reps) == 5
    assert result.summary["unchecked_reps"]["knees_bent"] == 5
    assert any("knees bent on 5 of 5 reps" in w for w in result.warnings)


def test_a_set_filmed_from_its_first_frame_keeps_its_first_rep():
    """hrush high knees: the right knee is already rising in the first frames, while the framing settles."""
    result = analyze_poses(
        read_frames(EVAL / "hrush_exercise_track__high_knee.landmarks.jsonl.gz"), analyzer_for("high-knees")
    )
    assert len(result.reps) == 9  # label 9; 8 while the settle time held the counters back
    assert result.reps[0].side == "right" and result.reps[0].top_s < 0.35
