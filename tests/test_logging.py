"""Logging: one line on the terminal, the full traceback in the log file ($FORMCHECK_LOG, in tmp_path here)."""

from __future__ import annotations

import csv
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from formcheck.batch.task import TEST_FAULT_ENV
from formcheck.cli import app, logs

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "sample_videos" / "bent_leg_raises.landmarks.jsonl.gz")
ANALYZE = ["analyze", SAMPLE, "-e", "standing-knee-raise", "--no-progress", "--no-log"]
cli = CliRunner()


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "logs" / "formcheck.log"  # a folder not made yet: the CLI makes it
    monkeypatch.setenv("FORMCHECK_LOG", str(path))
    return path


def exploding_analysis(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom in the analysis")


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_an_internal_error_is_one_line_on_the_terminal_and_a_traceback_in_the_log(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("formcheck.runner.analyze_recording", exploding_analysis)
    result = cli.invoke(app, ANALYZE)
    assert result.exit_code == 1
    assert lines(result.stderr) == [
        f"error: internal error (RuntimeError: boom in the analysis); the full traceback is in {log_file}"
    ]
    assert "Traceback" not in result.output
    text = log_file.read_text()
    assert "Traceback (most recent call last)" in text and "in exploding_analysis" in text
    assert "RuntimeError: boom in the analysis" in text and " analyze (Python " in text


def test_verbose_puts_the_log_lines_and_the_traceback_on_stderr(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet = cli.invoke(app, ANALYZE)
    assert quiet.exit_code == 0 and "INFO" not in quiet.stderr  # log lines stay in the file without -v
    loud = cli.invoke(app, ["-v", *ANALYZE])
    assert loud.exit_code == 0 and "INFO formcheck.cli.app: formcheck " in loud.stderr
    monkeypatch.setattr("formcheck.runner.analyze_recording", exploding_analysis)
    failed = cli.invoke(app, ["--verbose", *ANALYZE])
    assert failed.exit_code == 1
    assert "Traceback (most recent call last)" in failed.stderr and "in exploding_analysis" in failed.stderr
    assert lines(failed.stderr)[-1].startswith("error: internal error (RuntimeError: boom in the analysis)")
    assert log_file.read_text().count(" analyze (Python ") == 3


def test_a_log_file_that_cannot_be_opened_costs_one_warning_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder would go")
    monkeypatch.setenv("FORMCHECK_LOG", str(blocker / "formcheck.log"))
    result = cli.invoke(app, ANALYZE)
    assert result.exit_code == 0, result.output
    assert lines(result.stderr) == [
        f"warning: cannot write the log file {blocker / 'formcheck.log'} (a file is in the way of the folder); "
        "going on without it"
    ]
    monkeypatch.setattr("formcheck.runner.analyze_recording", exploding_analysis)
    failed = cli.invoke(app, ANALYZE)
    assert failed.exit_code == 1 and len(lines(failed.stderr)) == 2
    assert "no log file could be written; run again with --verbose" in lines(failed.stderr)[1]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_log_folder_does_not_break_a_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("FORMCHECK_LOG", str(folder / "formcheck.log"))
    result = cli.invoke(app, ANALYZE)
    folder.chmod(0o700)
    assert result.exit_code == 0 and len(lines(result.stderr)) == 1
    assert lines(result.stderr)[0].startswith("warning: cannot write the log file")


def test_the_log_file_rotates_and_stays_small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORMCHECK_LOG", str(tmp_path / "formcheck.log"))
    assert logs.configure(verbose=False, stderr=sys.stderr) is None
    try:
        for n in range(6000):  # 6000 lines of 1 kB: 6 MB
            logging.getLogger("formcheck.test").info("%05d %s", n, "x" * 1000)
    finally:
        logs.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["formcheck.log", "formcheck.log.1", "formcheck.log.2", "formcheck.log.3"]
    assert all((tmp_path / f).stat().st_size <= logs.MAX_BYTES for f in files)
    assert "05999 " in (tmp_path / "formcheck.log").read_text()


def test_the_default_log_file_is_in_the_user_log_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("FORMCHECK_LOG")
    assert logs.log_path() == Path(platformdirs.user_log_dir("formcheck", appauthor=False)) / "formcheck.log"


def problems(out: Path) -> dict[str, str]:
    """The summary's one-line problem of each file that has one."""
    with open(out / "summary.csv", newline="") as fh:
        return {Path(row["file"]).name: row["problem"] for row in csv.DictReader(fh) if row["problem"]}


def test_a_batch_file_failing_in_this_process_logs_its_traceback(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from formcheck import runner

    real = runner.analyze_recording

    def analysis_that_breaks_on_one_file(path: Path, *args: object, **kwargs: object) -> object:
        if "second" in path.name:
            raise RuntimeError("boom on the second file")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    second = tmp_path / "second.landmarks.jsonl.gz"
    second.write_bytes(Path(SAMPLE).read_bytes())
    monkeypatch.setattr("formcheck.runner.analyze_recording", analysis_that_breaks_on_one_file)
    result = cli.invoke(
        app, ["batch", SAMPLE, str(second), "-e", "standing-knee-raise", "-o", str(tmp_path / "o"), "-j", "1"]
    )
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"1 file(s) failed with an unexpected error; the full tracebacks are in {log_file}"]
    assert problems(tmp_path / "o") == {"second.landmarks.jsonl.gz": "RuntimeError: boom on the second file"}
    text = log_file.read_text()
    assert "Traceback (most recent call last)" in text and "in analysis_that_breaks_on_one_file" in text


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_batch_file_failing_in_a_worker_process_logs_the_worker_traceback(
    tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the worker processes are spawned: a monkeypatch here cannot reach them, the test fault hook can
    second = tmp_path / "second.landmarks.jsonl.gz"
    second.write_bytes(Path(SAMPLE).read_bytes())
    monkeypatch.setenv(TEST_FAULT_ENV, "second")
    result = cli.invoke(
        app, ["batch", SAMPLE, str(second), "-e", "standing-knee-raise", "-o", str(tmp_path / "o"), "-j", "2"]
    )
    assert result.exit_code == 1
    assert lines(result.stderr) == [f"1 file(s) failed with an unexpected error; the full tracebacks are in {log_file}"]
    assert problems(tmp_path / "o") == {
        "second.landmarks.jsonl.gz": f"RuntimeError: fault injected by ${TEST_FAULT_ENV} for {second}"
    }
    assert "Traceback" not in result.output
    text = log_file.read_text()
    assert f"{second} failed: RuntimeError: fault injected" in text
    assert "Traceback (most recent call last)" in text and "in _injected_fault" in text and "in analyse_file" in text
    assert f"{os.getpid()} ERROR formcheck.batch.outputs" in text  # logged by this process, the parent


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_without_a_log_file_a_worker_traceback_stays_off_the_terminal(tmp_path: Path) -> None:
    # a real process: Python's last-resort handler would print any unhandled log record on stderr
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder would go")
    second = tmp_path / "second.landmarks.jsonl.gz"
    second.write_bytes(Path(SAMPLE).read_bytes())
    env = {**os.environ, "FORMCHECK_LOG": str(blocker / "formcheck.log"), TEST_FAULT_ENV: "second"}
    cmd = [sys.executable, "-m", "formcheck", "batch", SAMPLE, str(second), "-e", "standing-knee-raise", "-j", "1"]
    done = subprocess.run([*cmd, "-o", str(tmp_path / "o"), "--no-progress"], capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert lines(done.stderr) == [
        f"warning: cannot write the log file {blocker / 'formcheck.log'} (a file is in the way of the folder); "
        "going on without it",
        "1 file(s) failed with an unexpected error; no log file could be written; run again with --verbose to see "
        "the tracebacks",
    ]
