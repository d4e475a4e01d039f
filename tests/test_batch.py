"""``formcheck batch``: inputs, exercise map, parallel = serial, resume after a kill, failures, Ray."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.batch.inputs import ExerciseMap, discover, output_keys
from formcheck.cli import app
from formcheck.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
RECORDINGS = ROOT / "tests" / "data" / "eval"
cli = CliRunner()


def recordings(*names: str) -> list[str]:
    return [str(RECORDINGS / f"{n}.landmarks.jsonl.gz") for n in names]


KNEES = recordings("wahoo__bent_leg_raises", "skatefit__knee_lifts", "wahoo__high_knees", "wahoo__step_ups")


def batch_args(inputs: list[str], out: Path, *extra: str) -> list[str]:
    """``formcheck batch`` arguments: ``inputs`` as standing knee raises into ``out``, no progress bar."""
    return ["batch", *inputs, "-e", "standing-knee-raise", "--out", str(out), "--no-progress", *extra]


def reports(folder: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text()) for p in sorted(folder.glob("*.report.json"))}


def summary(folder: Path) -> list[dict[str, str]]:
    with open(folder / "summary.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def test_inputs_from_folders_globs_and_files_once_each(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/one.mp4", "a/two.MOV", "a/notes.txt", "three.landmarks.jsonl.gz"):
        (tmp_path / name).write_bytes(b"x")
    found, problems = discover(
        [str(tmp_path / "a"), str(tmp_path / "*.gz"), str(tmp_path / "a/one.mp4"), str(tmp_path / "missing")]
    )
    assert [p.name for p in found] == ["one.mp4", "two.MOV", "three.landmarks.jsonl.gz"]
    assert problems == [f"{tmp_path / 'missing'}: no such file or folder"]
    keys = output_keys([Path("x/clip.mp4"), Path("y/clip.mp4"), Path("z/other.landmarks.jsonl.gz")])
    assert len(set(keys.values())) == 3 and keys[Path("z/other.landmarks.jsonl.gz")] == "other"
    assert all(k.startswith("clip-") for p, k in keys.items() if p.name == "clip.mp4")


def test_the_longest_videos_are_planned_first(tmp_path: Path) -> None:
    from test_sources_and_models import write_video

    from formcheck.application import AnalysisOptions
    from formcheck.batch.plan import plan_batch

    for name, frames in (("short.avi", 10), ("long.avi", 40), ("middle.avi", 25)):
        write_video(tmp_path / name, n=frames)
    inputs = [str(tmp_path / n) for n in ("short.avi", "long.avi", "middle.avi")] + KNEES[:1]
    plan = plan_batch(inputs, tmp_path / "out", AnalysisOptions(), exercise="standing-knee-raise", mapping=None)
    assert [Path(t.path).name for t in plan.todo] == [
        "long.avi",
        "middle.avi",
        "short.avi",
        "wahoo__bent_leg_raises.landmarks.jsonl.gz",
    ]


def test_the_exercise_map_matches_names_and_names_the_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "map.txt"
    good.write_text("# client videos\n*plank*  plank\nclients/*/knee_*.mp4, standing-knee-raise\n")
    mapping = ExerciseMap.read(good, ["plank", "standing-knee-raise"])
    assert mapping.exercise_for(Path("anna_plank_03.mp4")) == "plank"
    assert mapping.exercise_for(Path("clients/bo/knee_1.mp4")) == "standing-knee-raise"
    assert mapping.exercise_for(Path("squat.mp4")) is None
    bad = tmp_path / "bad.txt"
    bad.write_text("*plank* plank\n*x* no-such-exercise\n")
    with pytest.raises(ConfigError, match="line 2: unknown exercise 'no-such-exercise'"):
        ExerciseMap.read(bad, ["plank"])


@pytest.mark.slow
def test_two_jobs_give_the_same_reports_as_one_and_a_rerun_skips_everything(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, jobs in ((one, "1"), (two, "2")):
        result = cli.invoke(app, batch_args(KNEES, folder, "--jobs", jobs, "--csv"))
        assert result.exit_code == 0, result.output
    assert reports(one) == reports(two) and len(reports(one)) == 4
    # each file counts what a single analysis of it counts (the labelled clips: 5, 6 and 5 + 16 in the full views)
    from formcheck.analysis.analyzer import analyzer_for
    from formcheck.io.landmarks_io import read_frames
    from formcheck.pipeline import analyze_poses

    alone = [str(len(analyze_poses(read_frames(Path(p)), analyzer_for("standing-knee-raise")).reps)) for p in KNEES[2:]]
    assert [r["reps"] for r in summary(one)][:2] == ["5", "6"]
    assert [r["reps"] for r in summary(one)][2:] == alone
    assert (one / "wahoo__bent_leg_raises.csv").exists()
    before = {p: p.stat().st_mtime_ns for p in one.glob("*.report.json")}
    again = cli.invoke(app, batch_args(KNEES, one))
    assert again.exit_code == 0 and "4 file(s) finished by an earlier run" in again.output
    assert {p: p.stat().st_mtime_ns for p in one.glob("*.report.json")} == before
    assert all(r["status"] == "done (earlier run)" for r in summary(one))


def test_a_bad_file_is_listed_and_the_others_are_done(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00" * 500)
    out = tmp_path / "out"
    result = cli.invoke(app, batch_args([str(broken), *KNEES[:2]], out, "--jobs", "2"))
    assert result.exit_code == 1
    rows = {Path(r["file"]).name: r for r in summary(out)}
    assert rows["broken.mp4"]["status"] == "failed" and "cannot be opened as a video" in rows["broken.mp4"]["problem"]
    assert len(reports(out)) == 2
    assert "Traceback" not in result.output


def test_a_file_without_an_exercise_is_listed(tmp_path: Path) -> None:
    mapping = tmp_path / "map.txt"
    mapping.write_text("*bent_leg* standing-knee-raise\n")
    result = cli.invoke(
        app, ["batch", *KNEES[:2], "--map", str(mapping), "--out", str(tmp_path / "o"), "--no-progress"]
    )
    assert result.exit_code == 1
    rows = {Path(r["file"]).name: r for r in summary(tmp_path / "o")}
    assert rows["skatefit__knee_lifts.landmarks.jsonl.gz"]["problem"].startswith("no exercise for this file")
    assert rows["wahoo__bent_leg_raises.landmarks.jsonl.gz"]["status"] == "done"


@pytest.mark.slow
def test_a_batch_killed_mid_run_finishes_on_restart_without_redoing_finished_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [str(ROOT / "sample_videos" / "bridging.mp4"), *KNEES, str(ROOT / "sample_videos" / "bridging.mp4")]
    inputs[-1] = str(tmp_path / "copy.mp4")
    Path(inputs[-1]).write_bytes((ROOT / "sample_videos" / "bridging.mp4").read_bytes())
    cmd = [sys.executable, "-m", "formcheck", *batch_args(inputs, out, "--jobs", "1", "-m", "lite")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*.report.json"))) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)  # a crash: no chance to clean up
    proc.wait()
    finished_before = {json.loads(line)["key"] for line in (out / "batch-ledger.jsonl").read_text().splitlines()}
    assert 2 <= len(finished_before) < 6
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    keys = [json.loads(line)["key"] for line in (out / "batch-ledger.jsonl").read_text().splitlines()]
    assert sorted(keys) == sorted(set(keys)) and len(keys) == 6  # every file once: nothing finished was redone
    assert f"{len(finished_before)} file(s) finished by an earlier run" in done.stderr


@pytest.mark.slow
def test_the_ray_path_gives_the_same_reports(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    local, ray = tmp_path / "local", tmp_path / "ray"
    inputs = [*KNEES[:2], str(ROOT / "sample_videos" / "bridging.mp4")]
    for folder, extra in ((local, []), (ray, ["--ray"])):
        cmd = [sys.executable, "-m", "formcheck", *batch_args(inputs, folder, "--jobs", "2", "-m", "lite", *extra)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
    strip = {name: {k: v for k, v in doc.items() if k != "input"} for name, doc in reports(local).items()}
    assert strip == {name: {k: v for k, v in doc.items() if k != "input"} for name, doc in reports(ray).items()}
    assert len(strip) == 3


@pytest.mark.slow
def test_a_ray_task_failing_sends_its_traceback_to_the_log(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    from formcheck.batch.task import TEST_FAULT_ENV

    second = tmp_path / "second.landmarks.jsonl.gz"
    second.write_bytes(Path(KNEES[0]).read_bytes())
    log = tmp_path / "formcheck.log"
    cmd = [
        sys.executable,
        "-m",
        "formcheck",
        *batch_args([KNEES[0], str(second)], tmp_path / "out", "--jobs", "2", "--ray"),
    ]
    env = {**os.environ, "FORMCHECK_LOG": str(log), TEST_FAULT_ENV: "second"}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 1, done.stderr[-2000:]
    assert f"1 file(s) failed with an unexpected error; the full tracebacks are in {log}" in done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    rows = {Path(r["file"]).name: r for r in summary(tmp_path / "out")}
    assert rows["second.landmarks.jsonl.gz"]["problem"].startswith("RuntimeError: fault injected")
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "in _injected_fault" in text and "in analyse_file" in text


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_report_that_cannot_be_written_leaves_its_file_unfinished_and_the_others_done(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "wahoo__bent_leg_raises.report.json").mkdir()  # a folder in the way of one report
    result = cli.invoke(app, batch_args(KNEES[:2], out, "--jobs", "1", "--csv"))
    assert result.exit_code == 1, result.output  # a file failed (its report could not be written)
    rows = {Path(r["file"]).name: r for r in summary(out)}
    blocked = rows["wahoo__bent_leg_raises.landmarks.jsonl.gz"]
    assert blocked["status"] == "failed" and "could not write the JSON report" in blocked["problem"]
    assert "a folder of that name is in the way" in blocked["problem"]
    assert rows["skatefit__knee_lifts.landmarks.jsonl.gz"]["status"] == "done"
    assert (out / "skatefit__knee_lifts.csv").is_file() and not (out / "wahoo__bent_leg_raises.csv").exists()
    ledger = (out / "batch-ledger.jsonl").read_text()
    assert "skatefit__knee_lifts" in ledger and "wahoo__bent_leg_raises" not in ledger  # redone next time
