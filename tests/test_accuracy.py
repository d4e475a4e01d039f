"""Accuracy on real footage: the labelled evaluation clips replayed from their committed recordings.

The totals must not fall below the committed baseline (``tests/data/eval/accuracy_baseline.json``,
written by ``python bench/accuracy.py --write-baseline``); every clip's zero says why.
"""

import json
from pathlib import Path

import pytest

from formcheck.errors import FormcheckError
from formcheck.evaluation import (
    SPLITS,
    ClipLabel,
    load_labels,
    parse_labels,
    regressions,
    replay_scores,
    split_clips,
    summarise,
)

EVAL_DATA = Path(__file__).parent / "data" / "eval"
LABELS = EVAL_DATA / "ground_truth.json"


@pytest.fixture(scope="module")
def scores():
    found, missing = replay_scores(load_labels(LABELS), EVAL_DATA)
    assert missing == []  # every labelled clip has its recording committed
    return found


@pytest.mark.slow
def test_totals_do_not_fall_below_the_baseline(scores):
    baseline = json.loads((EVAL_DATA / "accuracy_baseline.json").read_text())
    assert regressions(summarise(scores), baseline) == []


KNOWN_MISSES: dict[str, str] = {
    # Scored clips formcheck gets wrong today, each with what goes wrong (none as of 2026-12-07).
    # A miss must be formcheck declining to count, never an invented rep.
}


@pytest.mark.slow
def test_every_scored_clip_but_the_known_misses_is_right(scores):
    wrong = sorted(s.label.key for s in scores if not s.right)
    assert wrong == sorted(KNOWN_MISSES)
    for s in scores:
        if s.label.key in KNOWN_MISSES:
            assert s.error < 0  # an undercount: a miss is never an invented rep


@pytest.mark.slow
def test_no_silent_zero_and_every_zero_names_its_gate(scores):
    assert [s.label.key for s in scores if s.silent_zero] == []


def test_regressions_names_each_total_that_got_worse():
    base = {"overall": {"right": 10, "rep_mae": 1.0, "silent_zeros": 0}}
    worse = {"overall": {"right": 9, "rep_mae": 1.5, "silent_zeros": 1}}
    lines = regressions(worse, base)
    assert len(lines) == 3 and any(line.startswith("right:") for line in lines)
    assert regressions(base, worse) == []  # better is never a regression


def test_labels_file_format_is_checked():
    with pytest.raises(FormcheckError, match="'clips' list"):
        parse_labels({"nope": []})
    with pytest.raises(FormcheckError, match="neither 'reps' nor 'hold_s'"):
        parse_labels({"clips": [{"file": "a.mp4", "formcheck_exercise": "plank", "reps": None}]})
    (lab,) = parse_labels(
        {
            "clips": [
                {"file": "clips/x/y.mp4", "formcheck_exercise": "plank", "reps": None, "hold_s": [[1.0, 4.5]]},
                {"file": "z.mp4", "formcheck_exercise": "other"},
            ]
        }
    )
    assert lab.key == "x__y" and lab.is_hold and lab.hold_s == pytest.approx(3.5)


def test_hold_tolerance_is_max_of_one_second_and_a_quarter():
    from formcheck.evaluation import ClipScore

    def score(measured: float, labelled: float) -> ClipScore:
        lab = ClipLabel("f.mp4", "plank", None, hold_spans_s=((0.0, labelled),))
        return ClipScore(lab, 0, measured, (), (), "side", 10)

    assert score(9.1, 10.0).right and not score(7.4, 10.0).right  # 25 % of 10 s = 2.5 s
    assert score(2.9, 2.0).right and not score(3.1, 2.0).right  # at least 1 s


def test_the_split_is_fixed_by_clip_and_puts_every_exercise_with_two_clips_in_both_parts():
    labels = load_labels(LABELS)
    parts = split_clips(labels)
    assert parts == split_clips(list(reversed(labels)))  # the order of the file does not matter
    assert set(parts.values()) == set(SPLITS)
    for exercise in {lb.exercise for lb in labels}:
        mine = {parts[lb.key] for lb in labels if lb.exercise == exercise}
        n = sum(lb.exercise == exercise for lb in labels)
        assert mine == (set(SPLITS) if n >= 2 else {"calibration"})
