"""Catalogue thresholds: documented, overridable from TOML, validated with per-field errors; ``exercises --show``."""

import pytest
from test_catalogue_reps import CATALOGUE
from typer.testing import CliRunner

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.registry import get
from formcheck.cli import app
from formcheck.cli.app import out
from formcheck.config import load_exercise_config
from formcheck.errors import ConfigError

runner = CliRunner()


@pytest.mark.parametrize("name", CATALOGUE)
def test_every_threshold_has_unit_description_and_a_readable_source(name):
    rows = resolve(get(name)).thresholds
    assert rows
    for t in rows:
        assert t.unit and t.description and t.source, t.name
        # a source is read on its own: it names no file outside the repository and no evaluation clip folder
        assert ".md" not in t.source and "__" not in t.source and "/" not in t.source, t.source


@pytest.mark.parametrize("name", CATALOGUE)
def test_show_prints_setup_camera_measures_and_every_threshold(name, monkeypatch):
    monkeypatch.setattr(out, "width", 1000)  # no wrapping inside table cells
    result = runner.invoke(app, ["exercises", "--show", name])
    assert result.exit_code == 0, result.output
    spec = get(name)
    for label in ("setup:", "start position:", "camera:", "measures:"):
        assert label in result.output
    assert spec.setup in result.output and spec.camera in result.output
    for t in resolve(spec).thresholds:
        assert t.name in result.output and t.source in result.output


def test_toml_overrides_are_applied(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text("[exercise.plank]\nmax_sag_deg = 6\ntarget_s = 30\n[exercise.dead-bug]\nmin_excursion = 40\n")
    cfg = load_exercise_config(get("plank"), path)
    default_pike = resolve(get("plank")).config_model().max_pike_deg
    assert cfg.max_sag_deg == 6 and cfg.target_s == 30 and cfg.max_pike_deg == default_pike
    assert load_exercise_config(get("dead-bug"), path).min_excursion == 40
    assert analyzer_for("plank", cfg).thresholds["target_s"] == 30


@pytest.mark.parametrize(
    ("body", "needles"),
    [
        ("[exercise.plank]\nmax_sag_deg = -3\n", ["[exercise.plank]", "max_sag_deg", "greater than or equal to 0"]),
        ('[exercise.plank]\ntarget_s = "long"\n', ["target_s", "valid number"]),
        ("[exercise.plank]\nsag = 3\n", ["sag: not a threshold of this exercise\n"]),
        (
            "[exercise.plank]\nmax_sag = 3\n",
            ["max_sag: not a threshold of this exercise (did you mean 'max_sag_deg'?)"],
        ),
        ("[exercise.plank]\nmax_sag_deg = 200\nmax_pike_deg = -1\n", ["max_sag_deg", "max_pike_deg"]),
        ("[exercise.planck]\n", ["unknown exercise table", "planck"]),
        ("[exercise.plank\n", ["not valid TOML"]),
    ],
)
def test_invalid_config_names_each_bad_field(tmp_path, body, needles):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_exercise_config(get("plank"), path)
    for needle in needles:
        assert needle in str(info.value)
    assert "Extra inputs are not permitted" not in str(info.value)  # pydantic's words, not the user's


def test_counting_fractions_are_checked(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[exercise.dead-bug]\nenter_fraction = 1.5\nmin_excursion = 0\n")
    with pytest.raises(ConfigError) as info:
        load_exercise_config(get("dead-bug"), path)
    assert "enter_fraction" in str(info.value) and "min_excursion" in str(info.value)


def test_cli_reports_config_errors_with_exit_1(samples, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[exercise.plank]\nmax_sag_deg = -3\n")
    result = runner.invoke(
        app, ["analyze", str(samples / "plank.landmarks.jsonl.gz"), "-e", "plank", "-c", str(path), "--no-progress"]
    )
    assert result.exit_code == 1
    assert "[exercise.plank]" in result.output and "max_sag_deg" in result.output


def test_thresholds_that_contradict_each_other_are_one_message_naming_both(samples, tmp_path):
    path = tmp_path / "levels.toml"
    path.write_text("[exercise.standing-knee-raise]\nlift_enter_deg = -60\n")  # in range, but below rest_enter_deg
    with pytest.raises(ConfigError) as info:
        load_exercise_config(get("standing-knee-raise"), path)
    assert "lift_enter_deg (-60) must be above rest_enter_deg (-55)" in str(info.value)
    result = runner.invoke(
        app,
        ["analyze", str(samples / "bent_leg_raises.landmarks.jsonl.gz"), "-e", "standing-knee-raise", "--config",
         str(path), "--no-progress", "--no-log"],
    )  # fmt: skip
    assert result.exit_code == 1 and "must be above rest_enter_deg" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_show_prints_the_evidence_behind_the_limits(monkeypatch):
    from formcheck.analysis.calibration import evidence

    monkeypatch.setattr(out, "width", 1000)
    rows = evidence("plank")
    assert {e.fault for e in rows} >= {"hip_sag", "hip_pike"}  # measured on the labelled good planks
    sag = next(e for e in rows if e.fault == "hip_sag")
    assert sag.limit == resolve(get("plank")).config_model().max_sag_deg and sag.n > 100
    assert sag.margin == pytest.approx(sag.limit - sag.high, abs=0.01) and "wahoo__plank" in sag.clips
    shown = runner.invoke(app, ["exercises", "--show", "plank"]).output
    assert "evidence behind the limits" in shown and f"{sag.margin:+.2f}" in shown and "wahoo__plank" in shown
    none = runner.invoke(app, ["exercises", "--show", "v-up"]).output
    assert "no labelled real clip of this exercise has been measured yet" in none


def test_schema_lists_the_fields_of_an_exercise_file():
    result = runner.invoke(app, ["exercises", "--schema"])
    assert result.exit_code == 0
    for needle in ("[ExerciseSpec]", "start_position:", "[RiseFromLow]", "[Threshold]", "[Rule]", "severity:"):
        assert needle in result.output
