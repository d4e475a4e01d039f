"""Exercise specs are checked before they run: every mistake names its field, in Python as in TOML."""

import math

import pytest

from formcheck.analysis.count.fixed_levels import FixedLevels
from formcheck.analysis.count.hold import Hold
from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.count.rise_from_low import RiseFromLow
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.judge.options import RepGate
from formcheck.analysis.judge.rep_metrics import RepMetric
from formcheck.analysis.measure.metric import Leg
from formcheck.analysis.measure.table import METRICS, known_metric, leg_key, parts_needed
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.registry import SpecError, register
from formcheck.analysis.thresholds import Threshold


def spec(**fields):
    base = {"name": "probe", "title": "Probe", "summary": "", "start_position": Posture.SUPINE}
    return ExerciseSpec(**{**base, **fields})


def test_a_misspelt_rule_metric_is_named():
    bad = spec(
        counting=LegPair(signal="hip_flexion_deg"),
        rules=(Rule("too_low", "peak_hip_flexon_deg", "min_excursion", "min", Severity.WARNING, "m", "deg", ""),),
    )
    with pytest.raises(SpecError, match=r"rules\[0\] \(too_low\): metric 'peak_hip_flexon_deg' is not measured"):
        register(bad)


def test_a_missing_threshold_and_an_unmeasured_frame_metric_are_named():
    bad = spec(
        start_position=Posture.PLANK,
        counting=Hold(),
        rules=(Rule("sag", "hip_sagg_deg.both", "max_sag", "max", Severity.ERROR, "m", "deg", "", missing="fail"),),
    )
    problems = " ".join(resolve(bad).problems)
    assert "threshold 'max_sag' is not in the config" in problems
    assert "frame metric 'hip_sagg_deg.both' is not measured" in problems


def test_a_signal_must_be_a_per_leg_metric():
    problems = resolve(spec(counting=RiseFromLow(signal="trunk_lean_deg"))).problems
    assert any("counting.signal: 'trunk_lean_deg' is not a per-leg metric" in p for p in problems)


def test_a_correct_declaration_is_accepted_and_keys_are_built_in_one_place():
    fine = spec(
        counting=LegPair(signal="hip_flexion_deg"),
        rep_metrics=(RepMetric("max_knee", "knee_angle_deg.{leg}", "max"),),
        rules=(Rule("knee", "max_knee", "min_excursion", "max", Severity.INFO, "m", "deg", ""),),
    )
    assert resolve(fine).problems == ()
    assert leg_key("hip_flexion_deg", Leg.BOTH) == "hip_flexion_deg.both"
    assert known_metric("hip_sag_deg.{other}") and not known_metric("hip_sag_deg.middle")


def test_declared_options_name_real_thresholds_and_metrics():
    bad = spec(
        start_position=None,
        counting=FixedLevels(signal="thigh_elevation_deg", lift_enter="lift_enter", rest_enter="rest_enter_deg"),
        thresholds=(Threshold("rest_enter_deg", -55.0, "deg", "rest", "test", ge=-90, le=0),),
        accept=RepGate("peak_foot_lift", "min_foot_lift_ratio", "min", "set_aside", "{n}"),
    )
    problems = " ".join(resolve(bad).problems)
    assert "counting: threshold 'lift_enter' is not in the config" in problems
    assert "accept: metric 'peak_foot_lift' is not measured" in problems
    assert "threshold 'min_foot_lift_ratio' is not in the config" in problems


def test_rep_options_on_a_hold_and_a_hold_without_a_position_are_named():
    bad = spec(start_position=None, counting=Hold(), top_hold="target_s", live_checks=())
    problems = resolve(bad).problems
    assert "top_hold: a hold counts no reps" in problems
    assert "start_position: a hold needs the position it times" in problems


def test_a_threshold_default_outside_its_range_or_without_a_source_is_named():
    bad = spec(
        counting=RiseFromLow(signal="hip_flexion_deg"),
        thresholds=(Threshold("max_x_deg", 120.0, "deg", "x", "test", le=90), Threshold("max_y_deg", 1.0)),
    )
    problems = " ".join(resolve(bad).problems)
    assert "threshold 'max_x_deg': default 120 is outside its range (le 90)" in problems
    assert "threshold 'max_y_deg': unit, description, source not given" in problems


def test_a_strategy_setting_given_a_new_default_keeps_its_unit_meaning_and_range():
    changed = spec(counting=RiseFromLow(signal="hip_flexion_deg"), thresholds=(Threshold("min_excursion", 8.0),))
    (t,) = [t for t in resolve(changed).thresholds if t.name == "min_excursion"]
    assert (t.value, t.unit, t.gt, t.le) == (8.0, "signal", 0, 180) and t.description


def test_every_per_leg_metric_has_its_both_legs_form_and_its_body_parts():
    # once, `ankle_height_ratio.both` passed the declaration check but was never computed
    for row in METRICS:
        if row.per_leg:
            assert known_metric(f"{row.name}.both"), row.name
        assert row.unit and row.description
    assert parts_needed(["thigh_elevation_deg.left"]) == ("hips", "knees")
    assert set(parts_needed(["hip_flexion_deg.{leg}", "trunk_lean_deg"])) == {"shoulders", "hips", "knees"}


def test_the_both_legs_form_of_every_per_leg_metric_is_measured(samples):
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.landmarks_io import read_frames

    analyzer = analyzer_for("standing-knee-raise")
    seen: dict[str, bool] = {}
    for pose in read_frames(samples / "bent_leg_raises.landmarks.jsonl.gz"):
        m = analyzer.observer.observe(pose).metrics
        for row in METRICS:
            if row.per_leg and row.name not in ("hip_line_deg", "hip_sag_deg", "hip_pike_deg"):  # not standing
                key = f"{row.name}.both"
                seen[key] = seen.get(key, False) or math.isfinite(m[key])
    assert all(seen.values()), [k for k, v in seen.items() if not v]
