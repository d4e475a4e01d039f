"""Recognising the exercise (-e auto) and splitting a workout into sets, on real recordings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from formcheck.analysis import registry
from formcheck.analysis.recognise.recognise import leg_grades, recognise
from formcheck.analysis.recognise.trace import trace
from formcheck.application import analyse
from formcheck.evaluation import load_labels, recording_path, score_clip
from formcheck.io.landmarks_io import read_frames
from formcheck.testing.workout import write_joined
from tests.tiers import tiered

EVAL = Path(__file__).parent / "data" / "eval"
LABELS = {label.key: label for label in load_labels(EVAL / "ground_truth.json")}
FAST = ("hrush_exercise_track__leg_raise",)


def _specs() -> list:
    return [registry.get(name) for name in registry.names()]


@pytest.mark.parametrize("key", tiered(sorted(LABELS), FAST))
def test_every_scored_clip_is_recognised_as_its_exercise_with_the_same_counts(key: str) -> None:
    label = LABELS[key]
    auto = analyse(recording_path(label, EVAL), "auto")
    assert len(auto.sets) == 1
    recognition = auto.report.summary["recognition"]
    assert (recognition["exercise"], recognition["level"] != "unknown") == (label.exercise, True), recognition
    given = analyse(recording_path(label, EVAL), label.exercise)
    assert auto.report.rep_count == given.report.rep_count
    assert [h.in_form_s for h in auto.report.own_holds()] == [h.in_form_s for h in given.report.own_holds()]


@pytest.mark.parametrize("clip", ["parikhmihir_gym__leg_raise", "quva__093_core_strength", "wahoo__squats"])
def test_movements_outside_the_catalogue_are_not_named_for_sure(clip: str) -> None:
    found = recognise(trace(read_frames(EVAL / f"{clip}.landmarks.jsonl.gz")), _specs())
    assert found.level != "sure", found.sentence


def test_how_the_legs_move_is_graded_from_the_share_of_their_difference() -> None:
    assert leg_grades(0.05)["both"] > 0.9
    assert leg_grades(0.5)["one"] > 0.9
    assert leg_grades(0.95)["alternating"] > 0.9
    assert sum(leg_grades(float("nan")).values()) == pytest.approx(1.0)


def test_analyze_without_an_exercise_recognises_it_and_says_why(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run = subprocess.run(
        [sys.executable, "-m", "formcheck", "analyze", str(EVAL / "gymlessabs__leg_raises.landmarks.jsonl.gz"),
         "--no-log", "--no-progress", "--json", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Recognised:" in run.stdout and "Lying leg raise" in run.stdout
    doc = json.loads(out.read_text())
    assert doc["exercise"] == "lying-leg-raise" and doc["summary"]["recognition"]["runner_up"]


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_live_session_recognises_the_exercise_and_counts_as_the_named_exercise_does() -> None:
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.analysis.recognise.online import RecognisingAnalyzer
    from formcheck.live.session import LiveOptions, LiveSession
    from formcheck.pipeline import analyze_poses
    from tests.test_live_session import RECORDING, ReplayCamera, ReplayEstimator

    poses = list(read_frames(RECORDING))
    opts = LiveOptions(title="test", realtime=False, drop_stale=False)
    make = lambda side: RecognisingAnalyzer(lambda name: analyzer_for(name, side=side), _specs())  # noqa: E731
    outcome = LiveSession(ReplayCamera(poses), ReplayEstimator(poses), make, opts).run()  # type: ignore[arg-type]
    (only,) = outcome.sets
    named = analyze_poses(poses, analyzer_for("standing-knee-raise"))
    assert only.result.exercise == "standing-knee-raise" and len(named.reps) == 5
    assert list(only.result.reps) == list(named.reps)
    recognition = only.result.summary["recognition"]
    assert recognition["level"] == "sure" and 3.0 <= recognition["recognised_at_s"] < poses[-1].t


def test_a_live_set_too_short_to_recognise_is_still_analysed_and_says_so() -> None:
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.analysis.recognise.online import RecognisingAnalyzer
    from formcheck.pipeline import analyze_poses

    poses = list(read_frames(EVAL / "wahoo__plank.landmarks.jsonl.gz"))[:20]
    result = analyze_poses(poses, RecognisingAnalyzer(lambda name: analyzer_for(name), _specs()))
    assert result.summary["recognition"]["level"] != "sure"
    assert any("not recognised for sure" in w for w in result.warnings)


def _sets_of(frames: list) -> list:
    from formcheck.analysis.recognise.sets import split_sets

    return split_sets(trace(frames), _specs())


@pytest.mark.slow
def test_a_rest_of_several_seconds_between_two_sets_of_one_exercise_keeps_them_apart() -> None:
    from dataclasses import replace

    from formcheck.testing.transforms import jitter
    from formcheck.testing.workout import join

    clip = list(read_frames(EVAL / "skatefit__knee_lifts.landmarks.jsonl.gz"))
    standing = next(f for f in clip if f.t > 17.0)  # standing after the set
    rest = jitter([replace(standing, index=i, t=i / 30) for i in range(12 * 30)], 0.005)
    joined = join([clip, rest, clip])
    sets = _sets_of(joined.frames)
    assert [s.recognition.exercise for s in sets] == ["standing-knee-raise"] * 2
    assert joined.starts_s[1] < sets[1].start_s < joined.starts_s[2] + 7.1  # in the rest (or the clip's own wait)


@pytest.mark.slow
@pytest.mark.parametrize(
    "keys",
    [
        ("skatefit__knee_lifts", "fizik_tedavi__high_knees"),
        ("life_enherance__plank", "life_enherance__mountain_climbers"),
    ],
)
def test_one_exercise_giving_way_to_another_in_the_same_position_is_two_sets(
    keys: tuple[str, str], tmp_path: Path
) -> None:
    write_joined([EVAL / f"{k}.landmarks.jsonl.gz" for k in keys], tmp_path / "w.landmarks.jsonl.gz")
    sets = analyse(tmp_path / "w.landmarks.jsonl.gz", "auto").sets
    assert [s.report.exercise for s in sets] == [LABELS[k].exercise for k in keys]
    assert all(score_clip(LABELS[k], s.outcome.result).right for k, s in zip(keys, sets, strict=True))


@pytest.mark.model
@pytest.mark.eval
@pytest.mark.parametrize("drawn", [False, True], ids=["report", "annotated"])
def test_a_video_without_an_exercise_gives_what_the_named_exercise_gives(
    eval_clips: Path, tmp_path: Path, drawn: bool
) -> None:
    """Also with an annotated video: -e auto draws it from the poses it kept (no second estimation), same report."""
    import cv2

    video = eval_clips / "gymlessabs" / "hanging_knee_ups.mp4"
    docs = {}
    for exercise in ("auto", "hanging-knee-raise"):
        out = tmp_path / f"{exercise}.json"
        drawing = ["--annotate", str(tmp_path / f"{exercise}.mp4")] if drawn else []
        run = subprocess.run(
            [sys.executable, "-m", "formcheck", "analyze", str(video), "-e", exercise, "--no-log", "--no-progress",
             "--json", str(out), *drawing],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        docs[exercise] = json.loads(out.read_text())
    auto, named = docs["auto"], docs["hanging-knee-raise"]
    assert auto["summary"].pop("recognition")["exercise"] == "hanging-knee-raise"
    assert auto["rep_count"] == named["rep_count"] == 4
    for key in ("reps", "faults", "holds"):
        assert auto[key] == named[key]
    if drawn:
        frames = [int(cv2.VideoCapture(str(tmp_path / f"{e}.mp4")).get(cv2.CAP_PROP_FRAME_COUNT)) for e in docs]
        assert frames[0] == frames[1] == auto["source"]["frames"]


@pytest.mark.model
@pytest.mark.eval
def test_a_workout_video_of_three_clips_is_three_sets(eval_clips: Path, tmp_path: Path) -> None:
    from video_helpers import joined_video

    files = ("gymlessabs/hanging_knee_ups.mp4", "life_enherance/plank.mp4", "gymlessabs/leg_raises.mp4")
    starts = joined_video([eval_clips / f for f in files], tmp_path / "workout.avi")
    out = tmp_path / "workout.json"
    run = subprocess.run(
        [sys.executable, "-m", "formcheck", "analyze", str(tmp_path / "workout.avi"), "--no-log", "--no-progress",
         "--json", str(out), "--format", "json"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    sets = [json.loads(out.with_name(f"workout-set{i}.json").read_text()) for i in (1, 2, 3)]
    assert json.loads(out.read_text()) == {"schema": "formcheck.workout/1", "sets": sets}
    keys = [f.replace("/", "__").removesuffix(".mp4") for f in files]
    assert [s["exercise"] for s in sets] == [LABELS[k].exercise for k in keys]
    assert sets[0]["rep_count"] == 4 and sets[2]["rep_count"] == 5
    hold = sum(h["in_form_s"] for h in sets[1]["holds"])
    assert abs(hold - LABELS[keys[1]].hold_s) <= max(1.0, 0.25 * LABELS[keys[1]].hold_s)
    for one, start in zip(sets, starts, strict=True):
        assert abs(one["summary"]["recognition"]["start_s"] - start) < 1.5
    workout = json.loads(run.stdout)
    assert workout["schema"] == "formcheck.workout/1" and len(workout["sets"]) == 3


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_workout_of_three_joined_clips_is_three_sets_in_one_document_and_one_page(tmp_path: Path) -> None:
    keys = ("gymlessabs__hanging_knee_ups", "life_enherance__plank", "gymlessabs__leg_raises")
    source = tmp_path / "w.landmarks.jsonl.gz"
    joined = write_joined([EVAL / f"{k}.landmarks.jsonl.gz" for k in keys], source)
    run = subprocess.run(
        [sys.executable, "-m", "formcheck", "analyze", str(source), "--no-log", "--no-progress",
         "--json", str(tmp_path / "w.json"), "--html", str(tmp_path / "w.html")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    doc = json.loads((tmp_path / "w.json").read_text())
    assert doc["schema"] == "formcheck.workout/1"
    assert [s["exercise"] for s in doc["sets"]] == [LABELS[k].exercise for k in keys]
    for one, key, join_s in zip(doc["sets"], keys, joined.starts_s, strict=True):  # each set counted as its clip
        label = LABELS[key]
        if label.is_hold:
            in_form = sum(h["in_form_s"] for h in one["holds"] if h["rep"] is None)
            assert abs(in_form - label.hold_s) <= max(1.0, 0.25 * label.hold_s)
        else:
            assert abs(one["rep_count"] - (label.reps or 0)) <= label.tolerance
        assert abs(one["summary"]["recognition"]["start_s"] - join_s) < 1.5
    page = (tmp_path / "w.html").read_text()
    assert page.count('<section class="set"') == 3
    for number, one in enumerate(doc["sets"], start=1):
        assert (tmp_path / f"w-set{number}.html").is_file() and f'href="w-set{number}.html"' in page
        assert json.loads((tmp_path / f"w-set{number}.json").read_text()) == one
    assert "set 2 of 3" in run.stdout and "Recognised:" in run.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "key",
    ["skatefit__knee_lifts", "gymlessabs__hanging_leg_raises", "life_enherance__dead_bug", "jenner_workout__plank",
     "amilafitness__mountain_climbers", "bodyweight_fitness__tuck_l_sit"],
)  # fmt: skip
def test_the_exercise_is_still_recognised_when_filmed_another_way(key: str) -> None:
    from formcheck.analysis.recognise.sets import split_sets
    from formcheck.testing.transforms import TRANSFORMATIONS

    frames = list(read_frames(EVAL / f"{key}.landmarks.jsonl.gz"))
    for name in ("feet cut off (20% of the legs)", "mirrored", "turned 45 deg, tilted 15", "15 fps", "0.7x as fast"):
        sets = split_sets(trace(TRANSFORMATIONS[name](frames)), _specs())
        found = [(s.recognition.exercise, s.recognition.known) for s in sets]
        assert found == [(LABELS[key].exercise, True)], (name, found)


def test_an_exercise_file_given_to_the_library_call_takes_part_in_recognition(tmp_path: Path) -> None:
    from dataclasses import replace as copy

    from formcheck.application import AnalysisOptions

    example = (Path(__file__).parents[1] / "examples" / "exercises" / "glute_bridge.toml").read_text()
    mine = tmp_path / "mine.toml"
    mine.write_text(example.replace('name = "glute-bridge"', 'name = "my-bridge"'))
    options = copy(AnalysisOptions(), exercise_files=(str(mine),))
    analysis = analyse(EVAL / "physiocore__bridging.landmarks.jsonl.gz", "auto", options)
    ranking = [name for name, _ in analysis.report.summary["recognition"]["ranking"]]
    assert "my-bridge" in ranking
