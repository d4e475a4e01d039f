"""Hold-family analyzers on seeded synthetic figures: holds per side, in-form time within 0.2 s, faults."""

import pytest
from tiers import tiered

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.holds import HoldTimer
from formcheck.analysis.registry import get
from formcheck.core.landmarks import Side
from formcheck.pipeline import analyze_poses as analyze
from formcheck.testing.scenarios import HOLD_SCENARIOS, HoldSpec

PER_SIDE = {"kneeling-hip-flexor-stretch", "couch-stretch", "hip-flexor-test"}
FAULT_CASES = [(name, fault) for name, sc in HOLD_SCENARIOS.items() for fault in sc.faults]


SHORT_TARGET_S = 6.0
"""Target of the fast tier's smaller versions: shorter holds, the same checks (the slow tier holds the real targets)."""


def analyzer(name, target_s=None):
    """The exercise's analyzer, with its default target or ``target_s``."""
    config = None if target_s is None else resolve(get(name)).config_model(target_s=target_s)
    return analyzer_for(name, config)


def hold_length(name, target_s=None):
    """A length that meets the exercise's target."""
    return analyzer(name, target_s).thresholds["target_s"] + 2.0


def run(name, specs, seed=0, target_s=None, **kw):
    return analyze(HOLD_SCENARIOS[name].build(specs).frames(seed=seed, **kw), analyzer(name, target_s))


def faults_of(result, hold):
    return {f.code.split(".", 1)[1] for f in result.faults if f.start_s == hold.start_s}


CLEAN_CASES = [
    pytest.param(name, facing, fps, None, marks=pytest.mark.slow)
    for facing, fps in [(1, 30.0), (-1, 23.976)]
    for name in sorted(HOLD_SCENARIOS)
] + [
    pytest.param("couch-stretch", -1, 23.976, SHORT_TARGET_S, id="couch-stretch-short"),
]


@pytest.mark.parametrize(("name", "facing", "fps", "target_s"), CLEAN_CASES)
def test_clean_holds_in_form_time_per_side(name, facing, fps, target_s):
    n = hold_length(name, target_s)
    specs = [HoldSpec(n, Side.LEFT), HoldSpec(n, Side.RIGHT)]
    result = run(name, specs, seed=1, target_s=target_s, facing=facing, fps=fps)
    assert len(result.holds) == 2
    expected_sides = ["left", "right"] if name in PER_SIDE else [None, None]
    assert [h.side for h in result.holds] == expected_sides
    for h, spec in zip(result.holds, specs, strict=True):
        assert h.in_form_s == pytest.approx(spec.expected_in_form_s, abs=0.2)
        assert h.duration_s == pytest.approx(spec.seconds, abs=0.2)
        assert h.target_s == analyzer(name, target_s).thresholds["target_s"]
    assert result.faults == ()
    assert result.summary["passed"] is True


@pytest.mark.parametrize(
    ("name", "fault", "target_s"),
    [pytest.param(name, fault, None, marks=pytest.mark.slow) for name, fault in FAULT_CASES]
    + [
        pytest.param(
            "kneeling-hip-flexor-stretch",
            "no_hip_extension",
            SHORT_TARGET_S,
            id="kneeling-no_hip_extension-short",
            marks=pytest.mark.slow,
        )
    ],
)
def test_injected_fault_flags_that_hold_and_removes_its_time(name, fault, target_s):
    n = hold_length(name, target_s) + 3.0  # the fault's 3 s come off the in-form time: still on target
    specs = [HoldSpec(n, Side.LEFT), HoldSpec(n, Side.RIGHT, fault=fault, fault_s=3.0), HoldSpec(n, Side.LEFT)]
    result = run(name, specs, seed=4, target_s=target_s)
    assert len(result.holds) == 3
    assert [faults_of(result, h) for h in result.holds] == [set(), {fault}, set()]
    (check,) = [c for c in get(name).rules if c.fault == fault]
    for h, spec in zip(result.holds, specs, strict=True):
        # a fault that costs the hold comes off the in-form time; a flagged-only one (tuck L-sit) does not
        expected = spec.expected_in_form_s if check.costs_hold else spec.seconds
        assert h.in_form_s == pytest.approx(expected, abs=0.2)
    (f,) = [f for f in result.faults if f.code == f"{name}.{fault}"]
    assert f.unit == "deg"
    assert f.measured > f.limit if check.kind == "max" else f.measured < f.limit


@pytest.mark.parametrize("name", tiered(sorted(HOLD_SCENARIOS), fast=["couch-stretch", "plank"]))
def test_hold_under_target_is_flagged_with_its_time(name):
    result = run(name, [HoldSpec(6.0, Side.RIGHT)], seed=2)
    (h,) = result.holds
    assert h.in_form_s == pytest.approx(6.0, abs=0.2)
    (f,) = result.faults
    assert f.code == f"{name}.short_hold" and f.measured == pytest.approx(h.in_form_s) and f.unit == "s"
    assert f.limit == analyzer_for(name).thresholds["target_s"]
    assert result.summary["passed"] is False


@pytest.mark.slow
def test_plank_numbers_of_a_sag():
    result = run("plank", [HoldSpec(25.0, fault="hip_sag", fault_s=4.0)], seed=3)
    (f,) = result.faults
    assert f.measured == pytest.approx(18.0, abs=2.0) and f.limit == 10.0
    assert result.holds[0].in_form_s == pytest.approx(21.0, abs=0.2)


CHECK = Rule("low", "x", "min_x", "min", Severity.WARNING, "too low", "deg", "up", missing="fail")


@pytest.mark.parametrize(
    ("frames", "expected"),
    [
        # (t, side or None, value): in position from 0 to 1 s, value below the limit for 0.4 s
        (
            [(0.0, "l", 5), (0.2, "l", 5), (0.4, "l", 1), (0.6, "l", 1), (0.8, "l", 5), (1.0, "l", 5), (2.0, None, 5)],
            (1.0, 0.6, 0.4),
        ),
        # NaN is not in form
        ([(0.0, "l", 5), (0.5, "l", float("nan")), (1.0, "l", 5), (2.0, None, 5)], (1.0, 0.5, 0.5)),
        # side change closes the hold
        ([(0.0, "l", 5), (0.5, "l", 5), (1.0, "r", 5)], (0.5, 0.5, 0.0)),
    ],
)
def test_hold_timer_sequences(frames, expected):
    timer = HoldTimer((CHECK,), {"min_x": 2.0}, exit_grace_s=0.5)
    closed = [h for t, side, v in frames if (h := timer.update(t, side, {"low": v})) is not None]
    h = closed[0]
    assert (h.duration_s, h.in_form_s, h.failed_s.get("low", 0.0)) == pytest.approx(expected)


def test_optional_check_passes_when_not_measured():
    optional = Rule("c", "x", "max_x", "max", Severity.ERROR, "m", "deg", "")
    assert optional.passes(float("nan"), 1.0) and not CHECK.passes(float("nan"), 1.0)


@pytest.mark.slow
def test_hidden_feet_pause_the_plank_and_are_named():
    specs = [HoldSpec(25.0)]
    timeline = HOLD_SCENARIOS["plank"].build(specs)
    ((_, start),) = timeline.marks
    gap = (start + 8, start + 11)
    frames = timeline.frames(seed=6, hidden={"left_ankle": gap, "right_ankle": gap})
    result = analyze(frames, analyzer_for("plank"))
    assert len(result.holds) == 2  # no time credited while the feet were not seen
    assert sum(h.duration_s for h in result.holds) == pytest.approx(22.0, abs=0.6)
    assert any("feet" in w for w in result.warnings)


def test_hip_flexor_test_pass_fail_per_side():
    n = hold_length("hip-flexor-test")
    result = run("hip-flexor-test", [HoldSpec(n, Side.LEFT), HoldSpec(5.0, Side.RIGHT)], seed=8)
    assert result.summary["passed_by_side"] == {"left": True, "right": False}
    assert result.summary["passed"] is False


@pytest.mark.slow
def test_contour_hook_judges_the_lumbar_arch_when_measured(monkeypatch):
    from formcheck.analysis.measure import lumbopelvic

    def readings(self, pose, body, *, in_start=True):  # a back contour that arches for 3 s (no mask in the synth)
        arch = lumbopelvic.Reading(40.0 if 8.0 <= pose.t <= 11.0 else 10.0, "contour", 1.0)
        return lumbopelvic.LumbopelvicFrame(pose.t, {"lumbar_curve_change_deg": arch}, True)

    monkeypatch.setattr(lumbopelvic.LumbopelvicTracker, "update", readings)
    result = analyze(HOLD_SCENARIOS["plank"].build([HoldSpec(25.0)]).frames(seed=1), analyzer_for("plank"))
    (f,) = [f for f in result.faults if f.code == "plank.lumbar_arch_contour"]
    assert f.measured == 40.0 and f.limit == resolve(get("plank")).config_model().max_lumbar_arch_contour_deg < 40.0


def test_pike_toe_touches_stay_in_the_plank_and_are_flagged():
    from formcheck.testing import synth as S
    from formcheck.testing.scenarios import plank_pike
    from formcheck.testing.synth import Timeline

    good = S.plank()
    tl = Timeline({**good, "trunk": 75.0}).hold(1.0).move(good, 0.3).hold(4.0)
    for _ in range(2):  # two deliberate pike toe-touches, about a second each
        tl.move(plank_pike(90.0), 0.5).hold(0.4).move(good, 0.5).hold(3.0)
    result = analyze(tl.frames(seed=1), analyzer_for("plank"))
    (hold,) = result.holds  # the pike does not end the plank
    (pike,) = [f for f in result.faults if f.code == "plank.hip_pike"]
    assert pike.measured > 60 > pike.limit
    assert hold.in_form_s < hold.duration_s - 1.5  # the piked time is not in form
