"""A leg hidden for a moment in an alternating set: its rep is counted from the other leg's rhythm, and said."""

from pathlib import Path

import pytest

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.count.alternation import HiddenLegSpans, HiddenSpan, inferred_reps
from formcheck.analysis.results import RepRecord
from formcheck.core.landmarks import Side
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses
from formcheck.testing.transforms import hide_leg

EVAL = Path(__file__).parent / "data" / "eval"


def reps(*sides_and_tops: tuple[str, float]) -> list[RepRecord]:
    return [RepRecord(i, side, top - 0.2, top, top + 0.2, {}) for i, (side, top) in enumerate(sides_and_tops, 1)]


ALTERNATING = [("left", 1.0), ("right", 1.5), ("left", 2.0), ("right", 2.5), ("left", 3.0)]


def test_two_reps_of_the_seen_leg_one_cycle_apart_leave_room_for_one_of_the_hidden_leg():
    seen = reps(*ALTERNATING, ("left", 4.0), ("right", 4.5), ("left", 5.0))  # right's 3.5 hidden
    (got,) = inferred_reps(seen, [HiddenSpan("right", 3.2, 3.8)])
    assert got.leg == "right" and got.top_s == pytest.approx(3.5)
    assert 3.0 < got.start_s < got.top_s < got.end_s < 4.0


def test_nothing_is_inferred_without_a_hidden_leg_a_rhythm_or_with_a_long_occlusion():
    seen = reps(*ALTERNATING, ("left", 4.0), ("right", 4.5))
    assert inferred_reps(seen, []) == []  # a missed rep of a leg that was seen is not guessed
    assert inferred_reps(seen, [HiddenSpan("right", 3.2, 5.0)]) == []  # hidden 1.8 s: too long to bridge
    assert inferred_reps(seen, [HiddenSpan("left", 3.2, 3.8)]) == []  # the hidden leg is the one that did reps
    one_leg_then_other = reps(("left", 1.0), ("left", 2.0), ("left", 3.0), ("right", 5.0), ("right", 6.0))
    assert inferred_reps(one_leg_then_other, [HiddenSpan("right", 1.2, 1.8)]) == []
    paused = reps(*ALTERNATING, ("left", 6.0), ("right", 6.5), ("left", 7.0))  # 3 s between left reps: a pause
    assert inferred_reps(paused, [HiddenSpan("right", 3.5, 4.2)]) == []


def test_hidden_spans_are_the_times_one_leg_was_unseen_while_the_other_was_seen():
    spans = HiddenLegSpans(("left", "right"))
    nan = float("nan")
    for i, (left, right, body) in enumerate([(1, 1, True), (nan, 1, True), (nan, 1, True), (1, 1, True),
                                             (nan, nan, True), (1, nan, False), (1, 1, True)]):  # fmt: skip
        spans.update(i * 0.1, {"left": left, "right": right}, body)
    (span,) = spans.finish()
    assert (span.leg, span.start_s, span.end_s) == ("left", pytest.approx(0.1), pytest.approx(0.3))


@pytest.mark.parametrize(
    ("clip", "exercise", "side", "start", "duration", "truth"),
    [
        ("skatefit__knee_lifts", "standing-knee-raise", Side.RIGHT, 8.5, 1.0, 6),  # a whole knee raise behind it
        pytest.param("gymlessabs__scissors", "lying-leg-raise", Side.RIGHT, 5.77, 1.0, 19, marks=pytest.mark.slow),
    ],
)
def test_a_real_alternating_set_keeps_its_count_with_a_leg_hidden_for_a_second(
    clip, exercise, side, start, duration, truth
):
    frames = list(read_frames(EVAL / f"{clip}.landmarks.jsonl.gz"))
    whole = analyze_poses(frames, analyzer_for(exercise))
    hidden = analyze_poses(hide_leg(frames, side, start, duration), analyzer_for(exercise))
    assert len(hidden.reps) == len(whole.reps) and abs(len(hidden.reps) - truth) <= 1
    inferred = [r for r in hidden.reps if r.metrics.get("inferred")]
    assert inferred and all(r.side == side.value and start <= r.top_s <= start + duration for r in inferred)
    assert [r.number for r in hidden.reps] == list(range(1, len(hidden.reps) + 1))
    assert [r.top_s for r in hidden.reps] == sorted(r.top_s for r in hidden.reps)
    assert any("counted from the rhythm of the other leg" in w for w in hidden.warnings)
    assert hidden.summary["inferred_reps"] == len(inferred)


def test_a_double_leg_raise_with_one_leg_hidden_at_the_bottom_is_still_both_legs():
    frames = list(read_frames(EVAL / "hrush_exercise_track__leg_raise.landmarks.jsonl.gz"))
    result = analyze_poses(hide_leg(frames, Side.LEFT, 1.1, 0.6), analyzer_for("lying-leg-raise"))
    assert [r.side for r in result.reps] == ["both", "both"]
