"""Exercises are checked when their class is defined: a misspelt metric or threshold fails at import."""

import pytest

from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.hold_family import HoldExercise, HoldFamilyConfig
from formcheck.analysis.metrics import Leg, known_metric, leg_key
from formcheck.analysis.posture import Posture
from formcheck.analysis.rep_family import RepExercise, RepFamilyConfig, RepMetric


def test_a_misspelt_rule_metric_fails_when_the_class_is_defined():
    with pytest.raises(TypeError, match=r"rule 'too_low': metric 'peak_hip_flexon_deg' is not measured"):

        class Typo(RepExercise):
            name, title, view, summary_text = "typo", "Typo", "side", ""
            posture = Posture.SUPINE
            signal = "hip_flexion_deg"
            rules = (Rule("too_low", "peak_hip_flexon_deg", "min_excursion", "min", Severity.WARNING, "m", "deg", ""),)


def test_a_missing_threshold_and_an_unmeasured_frame_metric_are_named():
    with pytest.raises(TypeError) as info:

        class Bad(HoldExercise):
            name, title, view, summary_text = "bad", "Bad", "side", ""
            posture = Posture.PLANK
            config_model = HoldFamilyConfig
            checks = (
                Rule("sag", "hip_sagg_deg.both", "max_sag", "max", Severity.ERROR, "m", "deg", "", missing="fail"),
            )

    message = str(info.value)
    assert "threshold 'max_sag' is not in the config" in message
    assert "frame metric 'hip_sagg_deg.both' is not measured" in message


def test_a_signal_must_be_a_per_leg_metric():
    with pytest.raises(TypeError, match="signal 'trunk_lean_deg' is not a per-leg metric"):

        class Wrong(RepExercise):
            name, title, view, summary_text = "wrong", "Wrong", "side", ""
            posture = Posture.SUPINE
            signal = "trunk_lean_deg"


def test_a_correct_declaration_is_accepted_and_keys_are_built_in_one_place():
    class Fine(RepExercise):
        name, title, view, summary_text = "fine", "Fine", "side", ""
        posture = Posture.SUPINE
        config_model = RepFamilyConfig
        signal = "hip_flexion_deg"
        rep_metrics = (RepMetric("max_knee", "knee_angle_deg.{leg}", "max"),)
        rules = (Rule("knee", "max_knee", "min_excursion", "max", Severity.INFO, "m", "deg", ""),)

    assert Fine.signal == "hip_flexion_deg"
    assert leg_key("hip_flexion_deg", Leg.BOTH) == "hip_flexion_deg.both"
    assert known_metric("hip_sag_deg.{other}") and not known_metric("hip_sag_deg.middle")


def test_declared_options_name_real_thresholds_and_metrics():
    from formcheck.analysis.exercises._knee_lift import KneeLift
    from formcheck.analysis.rep_levels import FixedLevels
    from formcheck.analysis.rep_options import RepGate

    with pytest.raises(TypeError) as info:

        class Levels(KneeLift):
            name, title, view, summary_text = "levels", "Levels", "side", ""
            counting = FixedLevels("lift_enter", "rest_enter_deg")
            accept = RepGate("peak_foot_lift", "min_foot_lift_ratio", "min", "set_aside", "{n}")

    message = str(info.value)
    assert "threshold 'lift_enter' is not in the config" in message
    assert "rule 'set_aside': metric 'peak_foot_lift' is not measured" in message
