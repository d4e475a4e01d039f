"""A limb hidden for a moment: holds coast through it, the framing does not wait to settle again."""

from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.holds import UNSEEN_GRACE_S, HoldTimer

CHECK = Rule("sag", "hip_sag_deg", "max_sag_deg", "max", Severity.WARNING, "sagging", "deg", "hips up")


def run_hold(unseen_from: float, unseen_s: float, *, end: float = 4.0, fps: float = 30.0):
    timer = HoldTimer((CHECK,), {"max_sag_deg": 10.0}, exit_grace_s=0.5)
    closed = []
    for i in range(int(end * fps)):
        t = i / fps
        hidden = unseen_from <= t < unseen_from + unseen_s
        got = timer.update(t, None if hidden else "both", {"sag": 2.0}, unseen=hidden)
        if got is not None:
            closed.append(got)
    last = timer.close()
    return closed + ([last] if last is not None else [])


def test_a_hold_goes_on_through_a_short_unseen_gap_and_counts_it():
    (hold,) = run_hold(2.0, 0.7)
    assert hold.duration_s > 3.9 and hold.in_form_s > 3.9


def test_a_longer_unseen_gap_ends_the_hold_and_drops_the_unseen_time():
    holds = run_hold(1.5, UNSEEN_GRACE_S + 0.5)
    assert len(holds) == 2
    assert holds[0].duration_s < 1.6  # the unseen time was not credited


def test_a_real_l_sit_with_the_near_leg_hidden_for_a_second_is_still_one_hold():
    from pathlib import Path

    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.core.landmarks import Side
    from formcheck.io.landmarks_io import read_frames
    from formcheck.pipeline import analyze_poses
    from formcheck.testing.transforms import hide_leg

    path = Path(__file__).parent / "data" / "eval" / "bodyweight_fitness__l_sit.landmarks.jsonl.gz"
    frames = hide_leg(list(read_frames(path)), Side.RIGHT, 0.74, 1.0)  # the clip holds 0-2.47 s
    (hold,) = analyze_poses(frames, analyzer_for("l-sit")).holds
    assert hold.in_form_s >= 2.0
