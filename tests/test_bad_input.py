"""Every bad input gets one clear sentence and the right exit code, and loses nothing.

One table of cases through the real CLI (typer's runner, replay inputs where the model is not
the point), plus property-based tests: randomly damaged recordings and configs never give a
traceback.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from formcheck.cli import app
from formcheck.errors import ConfigError, FormcheckError

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "sample_videos"
BLR = SAMPLES / "bent_leg_raises.landmarks.jsonl.gz"


@dataclass(frozen=True)
class Case:
    """One bad input: how to make it, the arguments, the exit code and a piece of the message."""

    name: str
    make: Callable[[Path], list[str]]
    code: int
    says: str
    keeps: str = ""
    """A file that must still be written (the other outputs are kept)."""


def _truncated(tmp: Path) -> list[str]:
    cut = tmp / "cut.landmarks.jsonl.gz"
    cut.write_bytes(BLR.read_bytes()[:30000])
    return ["analyze", str(cut), "-e", "standing-knee-raise", "--json", str(tmp / "r.json")]


def _renamed(tmp: Path) -> list[str]:
    odd = tmp / "run.landmarks"
    odd.write_bytes(BLR.read_bytes())
    return ["analyze", str(odd), "-e", "standing-knee-raise"]


def _garbage_video(tmp: Path) -> list[str]:
    bad = tmp / "clip.mp4"
    bad.write_bytes(b"not a video at all" * 100)
    return ["analyze", str(bad), "-e", "plank"]


def _config(body: str) -> Callable[[Path], list[str]]:
    def make(tmp: Path) -> list[str]:
        path = tmp / "c.toml"
        path.write_text(body)
        return ["analyze", str(BLR), "-e", "standing-knee-raise", "-c", str(path)]

    return make


def _json_into_folder(tmp: Path) -> list[str]:
    (tmp / "r.json").mkdir()
    return [
        "analyze",
        str(BLR),
        "-e",
        "standing-knee-raise",
        "--json",
        str(tmp / "r.json"),
        "--csv",
        str(tmp / "reps.csv"),
    ]


def _csv_under_a_file(tmp: Path) -> list[str]:
    (tmp / "afile").write_text("x")
    return [
        "analyze",
        str(BLR),
        "-e",
        "standing-knee-raise",
        "--csv",
        str(tmp / "afile" / "reps.csv"),
        "--json",
        str(tmp / "r.json"),
    ]


def _log_is_a_folder(tmp: Path) -> list[str]:
    (tmp / "afile").write_text("x")
    return [
        "analyze",
        str(BLR),
        "-e",
        "standing-knee-raise",
        "--db",
        str(tmp / "afile" / "log.sqlite3"),
        "--json",
        str(tmp / "r.json"),
    ]


CASES = [
    Case("missing input", lambda t: ["analyze", str(t / "nope.mp4"), "-e", "plank"], 1, "no such file"),
    Case("not a video", _garbage_video, 1, "cannot be opened as a video"),
    Case("truncated recording", _truncated, 3, "breaks off at line", keeps="r.json"),
    Case("recording with another name", _renamed, 0, "5 reps"),
    Case("unknown exercise", lambda t: ["analyze", str(BLR), "-e", "squats"], 2, "unknown exercise"),
    Case("unknown config key", _config("[exercise.standing-knee-raise]\nhold = 3\n"), 1, "valid keys"),
    Case(
        "config value out of range",
        _config("[exercise.standing-knee-raise]\nmax_lean_back_deg = -4\n"),
        1,
        "max_lean_back_deg: Input should be greater than or equal to 0",
    ),
    Case("config not TOML", _config("[exercise.standing-knee-raise\n"), 1, "not valid TOML"),
    Case("JSON path is a folder", _json_into_folder, 4, "a folder of that name is in the way", keeps="reps.csv"),
    Case("CSV under a file", _csv_under_a_file, 4, "a file is in the way of the folder", keeps="r.json"),
    Case("training log not writable", _log_is_a_folder, 4, "session not added to the training log", keeps="r.json"),
    Case(
        "annotate a recording",
        lambda t: ["analyze", str(BLR), "-e", "plank", "--annotate", str(t / "a.mp4")],
        2,
        "needs a video input",
    ),
    Case("camera missing", lambda t: ["live", "-e", "plank", "--camera", "9", "--headless", "--no-log"], 1, "camera 9"),
    Case("report that is not JSON", lambda t: ["report", str(BLR)], 1, "not a formcheck report"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_table(case, tmp_path, monkeypatch):
    monkeypatch.setenv("FORMCHECK_DB", str(tmp_path / "default-log.sqlite3"))
    args = case.make(tmp_path)
    result = runner.invoke(app, [*args, *(["--no-progress"] if args[0] == "analyze" else [])])
    assert result.exit_code == case.code, result.output
    assert case.says in " ".join(result.output.split())  # the sentence, however the terminal wrapped it
    assert "Traceback" not in result.output
    if case.keeps:
        assert (tmp_path / case.keeps).is_file() and (tmp_path / case.keeps).stat().st_size > 0
    leftovers = [p.name for p in tmp_path.rglob(".*.tmp")]
    assert leftovers == []  # no partial file


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny disk needs root")
def test_disk_full_while_writing_the_report(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (disk / "fill").write_bytes(b"\0" * 60_000)
        result = runner.invoke(
            app,
            [
                "analyze",
                str(BLR),
                "-e",
                "standing-knee-raise",
                "--no-progress",
                "--no-log",
                "--json",
                str(disk / "r.json"),
                "--csv",
                str(tmp_path / "reps.csv"),
            ],
        )
        assert result.exit_code == 4
        assert "could not write the JSON report" in result.output and "no space left on the disk" in result.output
        assert "Traceback" not in result.output and "5 reps" in result.output  # the terminal report still printed
        assert sorted(p.name for p in disk.iterdir()) == ["fill"]  # no partial file
        assert (tmp_path / "reps.csv").is_file()
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# ---- property-based: random damage never gives a traceback -------------------------------------------------
LINES = gzip.decompress(BLR.read_bytes()).decode().splitlines(keepends=True)[:60]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=sum(len(x) for x in LINES)),
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=20000), st.integers(min_value=0, max_value=255)), max_size=5
    ),
    gz=st.booleans(),
)
def test_damaged_recordings_are_analysed_up_to_the_break_or_refused(tmp_path, cut, flips, gz):
    from formcheck import runner as run
    from formcheck.analysis.analyzer import analyzer_for

    data = bytearray("".join(LINES).encode()[:cut])
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    path = tmp_path / "r.landmarks.jsonl"
    path.write_bytes(gzip.compress(bytes(data)) if gz else bytes(data))
    try:
        outcome = run.analyze_recording(path, analyzer_for("standing-knee-raise"))
    except FormcheckError:
        return  # refused with a message (not a recording at all)
    assert outcome.status.value in ("complete", "truncated")
    assert outcome.source.frames <= len(LINES) - 1


@settings(max_examples=80, deadline=None)
@given(
    body=st.dictionaries(
        st.sampled_from(["min_excursion", "enter_fraction", "max_sag_deg", "target_s", "bogus", "min_dwell_s"]),
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.integers(),
            st.text(max_size=5),
            st.booleans(),
            st.lists(st.integers(), max_size=2),
        ),
        max_size=4,
    ),
    exercise=st.sampled_from(["plank", "mountain-climber", "standing-knee-raise"]),
)
def test_random_configs_load_or_name_the_bad_field(tmp_path_factory, body, exercise):
    from formcheck.analysis.registry import get
    from formcheck.config import load_exercise_config

    path = tmp_path_factory.mktemp("cfg") / "c.toml"
    lines = [f"[exercise.{exercise}]"]
    for key, value in body.items():
        lines.append(
            f"{key} = {json.dumps(value)}" if not isinstance(value, float) or value == value else f"{key} = nan"
        )
    path.write_text("\n".join(lines) + "\n")
    try:
        cfg = load_exercise_config(get(exercise), path)
    except ConfigError as exc:
        message = str(exc)
        assert str(path) in message
        bad = [k for k in body if k in message]
        assert bad or "not valid TOML" in message
        return
    for key, value in body.items():
        assert getattr(cfg, key) == value or getattr(cfg, key) == pytest.approx(value)
