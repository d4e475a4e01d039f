"""The command line through typer's runner (replay inputs: no model needed)."""

import json

import pytest
from typer.testing import CliRunner

from formcheck.cli import app

runner = CliRunner()
BLR = "bent_leg_raises.landmarks.jsonl.gz"


@pytest.mark.parametrize("command", [[], ["analyze"], ["extract"], ["exercises"]])
def test_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("formcheck ")


def test_analyze_recording_json_contract(samples, tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["analyze", str(samples / BLR), "-e", "standing-knee-raise", "--json", str(out), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["schema"] == "formcheck.report/1" and doc["exercise"] == "standing-knee-raise"
    assert set(doc["source"]) >= {"path", "fps", "frames", "duration_s"}
    assert doc["source"]["frames"] == 500 and doc["source"]["fps"] == pytest.approx(23.976, abs=1e-3)
    assert doc["rep_count"] == 5 == len(doc["reps"])
    for rep in doc["reps"]:
        assert set(rep) >= {"number", "side", "start_s", "top_s", "end_s", "faults"}
    for f in doc["faults"]:
        assert set(f) == {"code", "severity", "message", "rep", "start_s", "end_s", "measured", "limit", "unit"}
    assert {h["rep"] for h in doc["holds"]} == {1, 2, 3, 4, 5}
    assert isinstance(doc["warnings"], list)
    assert len(doc["frames"]["t"]) == 500
    # the table names each fault with its measured value next to the limit
    assert "top hold shorter than the 2-3 s the drill asks for: 0.25 s < 2.00 s" in " ".join(
        line.strip("│ ") for line in result.output.splitlines()
    )


def test_format_json_prints_only_json(samples):
    result = runner.invoke(
        app, ["analyze", str(samples / BLR), "-e", "high-knees", "--format", "json", "--no-progress"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["exercise"] == "high-knees"


def test_unknown_exercise_is_a_usage_error(samples):
    result = runner.invoke(app, ["analyze", str(samples / BLR), "-e", "squat"])
    assert result.exit_code == 2
    assert "standing-knee-raise" in result.output


def test_missing_and_non_video_inputs(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.mp4"), "-e", "high-knees", "--no-progress"])
    assert result.exit_code == 1 and "no such file" in result.output
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    result = runner.invoke(app, ["analyze", str(text), "-e", "high-knees", "--no-progress"])
    assert result.exit_code == 1 and "cannot be opened as a video" in result.output


def test_bad_config_values_are_reported_per_field(samples, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[exercise.standing-knee-raise]\nmin_top_hold_s = -1\nlift_enter_deg = "high"\n')
    result = runner.invoke(app, ["analyze", str(samples / BLR), "-e", "standing-knee-raise", "-c", str(cfg)])
    assert result.exit_code == 1
    assert "min_top_hold_s" in result.output and "lift_enter_deg" in result.output
    cfg.write_text("[exercise.standing-knee-raise]\nmin_top_hold_s = 0.1\n")
    result = runner.invoke(
        app,
        [
            "analyze",
            str(samples / BLR),
            "-e",
            "standing-knee-raise",
            "-c",
            str(cfg),
            "--format",
            "json",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["config"]["min_top_hold_s"] == 0.1
    assert not any(f["code"].endswith("short_top_hold") for f in doc["faults"])


def test_no_person_detected_exits_1_but_writes_report(tmp_path):
    from formcheck.core.types import PoseFrame, SourceInfo
    from formcheck.io.landmarks_io import LandmarkWriter, RecordingHeader

    path = tmp_path / "empty.landmarks.jsonl"
    with LandmarkWriter(path, RecordingHeader(SourceInfo("x.mp4", 30.0, 30, 1.0, (64, 48)), "full")) as w:
        for i in range(30):
            w.write(PoseFrame.missing(i, i / 30, (64, 48)))
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["analyze", str(path), "-e", "high-knees", "--json", str(out), "--no-progress"])
    assert result.exit_code == 1
    assert "no person was detected" in result.output
    assert json.loads(out.read_text())["rep_count"] == 0


def test_exercises_lists_and_shows(samples):
    result = runner.invoke(app, ["exercises"])
    assert result.exit_code == 0 and "standing-knee-raise" in result.output and "high-knees" in result.output
    result = runner.invoke(app, ["exercises", "--show", "standing-knee-raise"])
    assert result.exit_code == 0 and "min_top_hold_s" in result.output and "coaching guidance" in result.output
    assert "EXERCISES.md" not in result.output  # sources are read on their own


def test_lower_back_values_say_what_they_are(samples):
    result = runner.invoke(
        app,
        [
            "analyze",
            str(samples / "plank.landmarks.jsonl.gz"),
            "-e",
            "plank",
            "--format",
            "json",
            "--no-progress",
            "--no-log",
        ],
    )
    doc = json.loads(result.stdout)
    kinds = doc["measurement_kinds"]
    assert kinds["lumbar_curve_change_deg"] == "contour" and kinds["pelvic_tilt_proxy_deg"] == "landmark proxy"
    assert "contour_confidence" in doc["frames"]
    assert all(v is None for v in doc["frames"]["lumbar_curve_deg"])  # a replay holds no mask ...
    assert any("no segmentation mask" in w for w in doc["warnings"])  # ... and says so
