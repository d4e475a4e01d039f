"""Rep-family analyzers on seeded synthetic figures: exact counts, faults on exactly the injected reps."""

import pytest

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.registry import get, names
from formcheck.pipeline import analyze_poses as analyze
from formcheck.testing import synth as S
from formcheck.testing.scenarios import HOLD_SCENARIOS, REP_SCENARIOS
from formcheck.testing.views import refilm

CATALOGUE = [
    "seated-knee-raise",
    "hanging-knee-raise",
    "hanging-leg-raise",
    "l-sit",
    "lying-leg-raise",
    "psoas-march",
    "supine-knee-to-chest",
    "dead-bug",
    "mountain-climber",
    "plank",
    "kneeling-hip-flexor-stretch",
    "couch-stretch",
    "hip-flexor-test",
]
FAULT_CASES = [(name, fault) for name, sc in REP_SCENARIOS.items() for fault in sc.faults]


def run(name, timeline, *, seed=0, **kw):
    return analyze(timeline.frames(seed=seed, **kw), analyzer_for(name))


def faults_by_rep(result):
    return {r.number: {c.split(".", 1)[1] for c in r.faults} for r in result.reps}


def test_every_catalogue_exercise_is_registered_and_has_a_scenario():
    assert set(CATALOGUE) <= set(names())
    assert set(REP_SCENARIOS) | set(HOLD_SCENARIOS) == set(CATALOGUE)


CLEAN_CASES = [
    pytest.param(name, seed, facing, fps, 4, marks=pytest.mark.slow)
    for seed, facing, fps in [(0, 1, 30.0), (1, -1, 23.976)]
    for name in sorted(REP_SCENARIOS)
] + [  # smaller versions in the fast tier: two reps each
    pytest.param("hanging-leg-raise", 1, -1, 23.976, 2, id="hanging-leg-raise-two-reps"),
    pytest.param("dead-bug", 0, 1, 30.0, 2, id="dead-bug-two-reps"),
]


@pytest.mark.parametrize(("name", "seed", "facing", "fps", "reps"), CLEAN_CASES)
def test_clean_reps_exact_count_and_no_faults(name, seed, facing, fps, reps):
    timeline, sides = REP_SCENARIOS[name].build([None] * reps)
    result = run(name, timeline, seed=seed, facing=facing, fps=fps)
    assert [r.side for r in result.reps] == sides
    assert result.faults == ()
    # the periodicity counter's second opinion is judged on real clips (tests/test_periodicity.py)
    said = [w for w in result.warnings if not w.startswith(("lumbopelvic contour values absent", "a second, exercise"))]
    assert said == []
    # each rep's peak falls inside its own movement (between its mark and the next rep's mark)
    starts = [t for _, t in timeline.marks] + [timeline.now]
    for rep, lo, hi in zip(result.reps, starts, starts[1:], strict=False):
        assert lo <= rep.top_s <= hi


@pytest.mark.parametrize(
    ("name", "fault", "plan"),
    [pytest.param(name, fault, [None, fault, None, fault, None], marks=pytest.mark.slow) for name, fault in FAULT_CASES]
    + [  # smaller versions in the fast tier: one faulty rep between two clean ones
        pytest.param("psoas-march", "pelvis_rocking", [None, "pelvis_rocking", None], id="psoas-march-one-fault"),
        pytest.param("hanging-knee-raise", "swinging", [None, "swinging", None], id="hanging-knee-raise-one-fault"),
    ],
)
def test_injected_fault_flags_exactly_those_reps(name, fault, plan):
    timeline, sides = REP_SCENARIOS[name].build(plan)
    result = run(name, timeline, seed=5)
    assert [r.side for r in result.reps] == sides
    assert faults_by_rep(result) == {i + 1: ({f} if f else set()) for i, f in enumerate(plan)}
    for f in result.faults:
        assert f.code == f"{name}.{fault}" and plan[f.rep - 1] == fault
        # the measured value is on the wrong side of the limit the rule names
        (rule,) = [r for r in get(name).rules if r.fault == fault]
        assert f.measured > f.limit if rule.kind == "max" else f.measured < f.limit


def test_fault_reports_measured_value_and_limit():
    timeline, _ = REP_SCENARIOS["lying-leg-raise"].build([None, "below_target"])
    result = run("lying-leg-raise", timeline, seed=2)
    (f,) = result.faults
    assert f.rep == 2 and f.unit == "deg" and f.limit == 70.0
    assert f.measured == pytest.approx(55.0, abs=3.0)


def test_no_rep_counted_while_the_knees_are_hidden_and_the_part_is_named():
    timeline, _ = REP_SCENARIOS["lying-leg-raise"].build([None, None, None])
    (_, second), (_, third) = timeline.marks[1], timeline.marks[2]
    frames = timeline.frames(
        seed=1, hidden={"left_knee": (second - 0.3, third - 0.5), "right_knee": (second - 0.3, third - 0.5)}
    )
    result = analyze(frames, analyzer_for("lying-leg-raise"))
    assert [r.side for r in result.reps] == ["left", "left"]  # the right leg's rep was not seen: not guessed
    assert any("knees" in w and "not seen" in w for w in result.warnings)


def test_wrong_start_position_counts_nothing_and_says_so():
    timeline, _ = REP_SCENARIOS["hanging-knee-raise"].build([None] * 3)
    result = run("lying-leg-raise", timeline)
    assert result.reps == ()
    assert any("start position (lying on the back) was never seen" in w and "hanging" in w for w in result.warnings)


def test_front_view_is_warned_for_a_side_view_exercise():
    timeline, _ = REP_SCENARIOS["hanging-knee-raise"].build([None] * 2)
    result = analyze(refilm(timeline.frames(seed=0), yaw_deg=80.0), analyzer_for("hanging-knee-raise"))
    assert result.view == "front"
    assert len(result.reps) == 2  # counted from the 3D landmarks all the same
    assert any("camera view looks front" in w and "less sure" in w for w in result.warnings)


def test_front_view_without_world_landmarks_is_told_by_the_shoulders():
    timeline, _ = REP_SCENARIOS["hanging-knee-raise"].build([None] * 2)
    result = run("hanging-knee-raise", timeline, depth_px=0.4 * S.TORSO, with_world=False)
    assert result.view == "front"
    assert any("camera view looks front" in w for w in result.warnings)


@pytest.mark.slow
def test_reps_per_leg_summary():
    timeline, _ = REP_SCENARIOS["mountain-climber"].build([None] * 6)
    result = run("mountain-climber", timeline, seed=3)
    assert result.summary["reps_by_side"] == {"left": 3, "right": 3}
    assert result.summary["frames_in_start_position"] > 0


@pytest.mark.slow
def test_seated_reps_count_from_the_persons_own_resting_thigh():
    """A high chair tilts the resting thigh up 8 deg: lifts are measured above that, not above horizontal."""
    timeline, sides = REP_SCENARIOS["seated-knee-raise"].build([None, "lift_too_small", None])
    for _, pose in timeline.keys:
        pose["thigh.left"] += 8.0
        pose["thigh.right"] += 8.0
    result = run("seated-knee-raise", timeline, seed=4)
    assert [r.side for r in result.reps] == sides
    assert faults_by_rep(result) == {1: set(), 2: {"lift_too_small"}, 3: set()}
    assert result.reps[0].metrics["peak_thigh_elevation_deg"] == pytest.approx(20.0, abs=2.0)


@pytest.mark.slow
def test_hanging_with_the_bar_and_hands_above_the_picture_still_counts():
    timeline, sides = REP_SCENARIOS["hanging-knee-raise"].build([None] * 3)
    for _, pose in timeline.keys:
        pose["hy"] += 110.0  # the wrists end up above the top edge of the 720-px picture
    frames = timeline.frames(seed=2)
    assert all(f.xy[15, 1] < 0 and f.xy[16, 1] < 0 for f in frames)  # wrists out of the top
    result = analyze(frames, analyzer_for("hanging-knee-raise"))
    assert [r.side for r in result.reps] == sides


@pytest.mark.slow
def test_lying_leg_raises_propped_on_the_elbows_count():
    timeline, sides = REP_SCENARIOS["lying-leg-raise"].build([None] * 4)
    for _, pose in timeline.keys:  # trunk raised 35 deg on the forearms, the elbows under the shoulders
        pose["trunk"] -= 35.0
        pose.update({"arm.left": -100.0, "arm.right": -100.0, "fore.left": 0.0, "fore.right": 0.0})
    result = run("lying-leg-raise", timeline, seed=3)
    assert [r.side for r in result.reps] == sides
    assert result.summary["postures_seen"].get("lying on the back", 0) > 0.9 * result.summary["frames_in_view"]
