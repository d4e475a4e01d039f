"""Exercises added the two ways a newcomer would: one Python file, or one TOML file. Each on a real recording."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.registry import load_files, names
from formcheck.cli import app
from formcheck.errors import ConfigError
from formcheck.io.landmarks_io import read_frames
from formcheck.pipeline import analyze_poses as analyze

ROOT = Path(__file__).resolve().parents[1]
EVAL_DATA = ROOT / "tests" / "data" / "eval"
BRIDGE_TOML = ROOT / "examples" / "exercises" / "glute_bridge.toml"


def test_reverse_crunch_added_in_one_python_file_counts_the_real_clip():
    # gymlessabs reverse_crunch: 5 reps, tops at 2.0, 4.0, 6.1, 8.6, 11.2 s (hand count)
    assert "reverse-crunch" in names()
    result = analyze(
        read_frames(EVAL_DATA / "gymlessabs__reverse_crunch.landmarks.jsonl.gz"), analyzer_for("reverse-crunch")
    )
    tops = [r.top_s for r in result.reps]
    assert len(tops) == 5
    assert all(abs(a - b) < 0.4 for a, b in zip(tops, [2.0, 4.0, 6.1, 8.6, 11.2], strict=True))
    assert result.faults == ()  # good form: knees to the chest, hips curling


def test_glute_bridge_declared_in_toml_counts_the_real_bridge():
    (name,) = load_files([BRIDGE_TOML])
    assert name == "glute-bridge" and "glute-bridge" in names()
    result = analyze(read_frames(EVAL_DATA / "physiocore__bridging.landmarks.jsonl.gz"), analyzer_for(name))
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
    assert "1 rep " in r.output
    shown = runner.invoke(app, ["exercises", "--exercise-file", str(BRIDGE_TOML), "--show", "glute-bridge"])
    assert shown.exit_code == 0 and "min_top_deg" in shown.output and "hips did not" not in shown.output


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            ('metric = "peak_hip_extension_deg"', 'metric = "peak_hip_extenson_deg"'),
            "rules[0] (hips_low): metric 'peak_hip_extenson_deg' is not measured",
        ),
        (
            ('start_position = "lying on the back"', 'start_position = "lying down"'),
            "start_position: Input should be 'standing'",
        ),
        (('view = "side"', 'view = "side"\ncolour = "red"'), "colour: not a field of the exercise file"),
        (
            ('metric = "hold_s"', 'metrik = "hold_s"'),
            "rep_columns[1].metrik: not a field of the exercise file (did you mean",
        ),
        (('kind = "min"', 'kind = "below"'), "rules[0].kind: Input should be 'min' or 'max'"),
        (('threshold = "min_top_deg"', 'threshold = "min_top"'), "threshold 'min_top' is not in the config"),
        (
            ('threshold = "min_top_deg"\nthreshold_label', 'threshold = "min_top"\nthreshold_label'),
            "plot: threshold 'min_top' is not in the config",
        ),
        (("value = 20", "value = -5"), "threshold 'min_excursion': default -5 is outside its range (gt 0)"),
        (('name = "glute-bridge"', 'name = "Glute Bridge"'), "name: 'Glute Bridge' must be lower case"),
        (
            ('signal = "hip_extension_deg"', 'signal = "hip_extension"'),
            "counting.signal: 'hip_extension' is not a per-leg metric",
        ),
        (('strategy = "rise-from-low"', 'strategy = "rises"'), "counting: Input tag 'rises' found using 'strategy'"),
        (('metric = "hold_s"', 'metric = "hold_time_s"'), "rep_columns: 'hold_time_s' is not a per-rep metric"),
        (
            ('[plot]\nmetric = "hip_extension_deg"', '[plot]\nmetric = "hip_extensor_deg"'),
            "plot: 'hip_extensor_deg' is not a per-frame series",
        ),
        (
            ("[plot]", '[[hud]]\nmetric = "knee_angel_deg.{leg}"\n\n[plot]'),
            "hud: 'knee_angel_deg.{leg}' is not measured",
        ),
        (('start_position = "lying on the back"', 'posture = "lying on the back"'), "'posture' is now start_position"),
        (('name = "min_excursion"', 'name = "min_excursion"\nname2 = 1'), "thresholds[0].name2: not a field"),
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


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_broken_file_in_the_user_folder_is_one_line_and_every_other_exercise_works(tmp_path):
    import os
    import subprocess
    import sys

    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "broken.toml").write_text('name = "x"\n[[')  # not TOML at all
    (folder / "typo.toml").write_text(BRIDGE_TOML.read_text().replace('kind = "min"', 'kind = "below"'))
    env = {**os.environ, "FORMCHECK_EXERCISES": str(folder), "FORMCHECK_ALLOW_NETWORK": "1"}
    recording = ROOT / "sample_videos" / "plank.landmarks.jsonl.gz"
    cmd = [sys.executable, "-m", "formcheck", "analyze", str(recording), "-e", "plank", "--no-log", "--no-progress"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "1 hold " in proc.stdout
    skipped = [line for line in proc.stderr.splitlines() if "exercise file skipped" in line]
    assert len(skipped) == 2
    assert any("broken.toml: not valid TOML" in line for line in skipped)
    assert any("typo.toml" in line and "rules[0].kind" in line for line in skipped)


V_UP_TOML = ROOT / "examples" / "exercises" / "v_up.toml"
V_UP_TOPS_S = (10.5, 12.5, 14.5, 16.5, 18.1, 20.0)
"""Hand-marked tops of the V-ups in wahoo/v_ups.mp4 (frame by frame at 4 fps): four in the full view, two in
the close-up that follows (the feet at the edge of the picture), a last one cut off by the end of the clip."""


def test_the_v_up_of_the_walkthrough_counts_the_real_v_ups():
    # added as docs/adding-an-exercise.md shows: a metric-table row (body_fold_deg) and one Python file
    result = analyze(read_frames(ROOT / "tests" / "data" / "v_ups.landmarks.jsonl.gz"), analyzer_for("v-up"))
    tops = [r.top_s for r in result.reps]
    assert len(tops) >= 4 and result.faults == ()  # a demonstration of good form
    assert all(min(abs(t - h) for h in V_UP_TOPS_S) < 0.4 for t in tops), tops  # never a rep that is not there
    assert all(any(abs(t - h) < 0.4 for t in tops) for h in V_UP_TOPS_S[:4])  # every V-up in the full view
    assert all(r.metrics["peak_body_fold_deg"] > 100 for r in result.reps)


def test_the_v_up_in_toml_is_the_same_exercise_as_in_python():
    from dataclasses import replace

    from formcheck.analysis.exercise_spec.toml import read_spec_file
    from formcheck.analysis.exercises.v_up import SPEC

    from_toml = read_spec_file(V_UP_TOML)
    assert replace(from_toml, declared_in="") == SPEC
    assert from_toml.declared_in.endswith("v_up.toml")


def test_the_v_up_in_toml_runs_on_the_real_clip_under_its_own_name(tmp_path):
    path = tmp_path / "my_v_up.toml"
    path.write_text(V_UP_TOML.read_text().replace('name = "v-up"', 'name = "my-v-up"'))
    (name,) = load_files([path])
    ours = analyze(read_frames(ROOT / "tests" / "data" / "v_ups.landmarks.jsonl.gz"), analyzer_for(name))
    built_in = analyze(read_frames(ROOT / "tests" / "data" / "v_ups.landmarks.jsonl.gz"), analyzer_for("v-up"))
    assert [r.top_s for r in ours.reps] == [r.top_s for r in built_in.reps]
