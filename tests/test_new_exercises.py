"""Exercises added the two ways a newcomer would: one Python file, or one TOML file. Each on a real recording."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.analysis.base import analyze
from formcheck.analysis.registry import get, load_files, names
from formcheck.cli import app
from formcheck.errors import ConfigError
from formcheck.io.landmarks_io import read_frames

ROOT = Path(__file__).resolve().parents[1]
EVAL_DATA = ROOT / "tests" / "data" / "eval"
BRIDGE_TOML = ROOT / "examples" / "exercises" / "glute_bridge.toml"


def test_reverse_crunch_added_in_one_python_file_counts_the_real_clip():
    # gymlessabs reverse_crunch: 5 reps, tops at 2.0, 4.0, 6.1, 8.6, 11.2 s (hand count)
    assert "reverse-crunch" in names()
    result = analyze(read_frames(EVAL_DATA / "gymlessabs__reverse_crunch.landmarks.jsonl.gz"), get("reverse-crunch")())
    tops = [r.top_s for r in result.reps]
    assert len(tops) == 5
    assert all(abs(a - b) < 0.4 for a, b in zip(tops, [2.0, 4.0, 6.1, 8.6, 11.2], strict=True))
    assert result.faults == ()  # good form: knees to the chest, hips curling


def test_glute_bridge_declared_in_toml_counts_the_real_bridge():
    (name,) = load_files([BRIDGE_TOML])
    assert name == "glute-bridge" and "glute-bridge" in names()
    result = analyze(read_frames(EVAL_DATA / "physiocore__bridging.landmarks.jsonl.gz"), get(name)())
    assert len(result.reps) == 1  # physiocore bridging.mp4: one bridge
    assert result.config["min_top_deg"] == -15.0


def test_toml_exercise_through_the_cli(tmp_path):
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "analyze",
            str(EVAL_DATA / "physiocore__bridging.landmarks.jsonl.gz"),
            "-e",
            "glute-bridge",
            "--exercise-file",
            str(BRIDGE_TOML),
            "--no-progress",
            "--no-log",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "1 reps" in r.output
    shown = runner.invoke(app, ["exercises", "--exercise-file", str(BRIDGE_TOML), "--show", "glute-bridge"])
    assert shown.exit_code == 0 and "min_top_deg" in shown.output and "hips did not" not in shown.output


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            ('metric = "peak_hip_extension_deg"', 'metric = "peak_hip_extenson_deg"'),
            "metric 'peak_hip_extenson_deg' is not measured",
        ),
        (('posture = "lying on the back"', 'posture = "lying down"'), "posture: 'lying down' is not one of"),
        (('legs = "both"', 'legs = "both"\ncolour = "red"'), "colour: Extra inputs are not permitted"),
        (('kind = "min"', 'kind = "below"'), "kind: 'below' is not one of min, max"),
        (('threshold = "min_top_deg"', 'threshold = "min_top"'), "threshold 'min_top' is not in the config"),
        (
            ('threshold = "min_top_deg"\nthreshold_label', 'threshold = "min_top"\nthreshold_label'),
            "plot: threshold 'min_top' is not in the config",
        ),
        (("value = 20", "value = -5"), "[thresholds]"),
        (('name = "glute-bridge"', 'name = "Glute Bridge"'), "name: String should match pattern"),
        (
            ('signal = "hip_extension_deg"', 'signal = "hip_extension"'),
            "signal 'hip_extension' is not a per-leg metric",
        ),
        (('metric = "hold_s"', 'metric = "hold_time_s"'), "rep_columns: 'hold_time_s' is not a per-rep metric"),
        (
            ('[plot]\nmetric = "hip_extension_deg"', '[plot]\nmetric = "hip_extensor_deg"'),
            "plot: 'hip_extensor_deg' is not a per-frame series",
        ),
        (
            ("[plot]", '[[hud]]\nmetric = "knee_angel_deg.{leg}"\n\n[plot]'),
            "hud: 'knee_angel_deg.{leg}' is not measured",
        ),
    ],
)
def test_every_mistake_in_the_file_names_the_field(tmp_path, change, says):
    old, new = change
    text = (
        BRIDGE_TOML.read_text()
        .replace("glute-bridge", "glute-bridge-x")
        .replace(old.replace("glute-bridge", "glute-bridge-x"), new.replace("glute-bridge", "glute-bridge-x"))
    )
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_files([path])
    assert says in str(info.value) and str(path) in str(info.value)
