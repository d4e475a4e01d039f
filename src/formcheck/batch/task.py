"""One file of a batch: analysed the same way in this process, a worker process or a Ray task."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.errors import FormcheckError

Progress = Callable[[int, int], None]
"""Called with (frames done, frames expected or 0) for the file being analysed."""

TEST_FAULT_ENV = "FORMCHECK_TEST_FAULT"
"""Tests only: a file whose name contains this text fails with an unexpected error wherever it is analysed
(this process, a worker process, a Ray task), so a test can follow a worker's traceback to the log."""


@dataclass(frozen=True)
class BatchOptions:
    """What every file of the batch shares (plain data: it travels to worker processes and Ray)."""

    side: str = "auto"
    config: str | None = None
    model: str = "full"
    model_dir: str | None = None
    person: str = "auto"
    exercise_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileTask:
    """One file to analyse: where it is, as which exercise, and the stem of its outputs."""

    path: str
    exercise: str
    key: str
    fingerprint: str


@dataclass
class FileResult:
    """How one file went: ``done``, ``partial`` (report of the part analysed) or ``failed`` (``error`` says why).

    ``traceback``: of the exception behind a failure that is not a :class:`FormcheckError`,
    formatted where it happened (a worker process, a Ray task) for the log file.
    """

    task: FileTask
    status: str
    document: dict[str, Any] | None = None
    error: str = ""
    frames: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    traceback: str = ""


def analyse_file(
    task: FileTask, options: BatchOptions, progress: Progress | None = None, *, decode_threads: int = 0
) -> FileResult:
    """Analyse ``task`` in this process; every failure becomes a ``failed`` result, never an exception.

    ``decode_threads``: 1 in a worker that has a core to itself (see :class:`VideoFileSource`).

    KeyboardInterrupt still propagates (the batch stops; this file is redone next time).
    """
    started = time.perf_counter()
    try:
        outcome, kind = _run(task, options, progress, decode_threads)
    except FormcheckError as exc:
        return FileResult(task, "failed", error=str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug or a library failure: one line, the rest of the batch goes on
        error = str(exc) if isinstance(exc, (OSError, ValueError)) else f"{type(exc).__name__}: {exc}"
        stack = traceback.format_exc().rstrip()
        return FileResult(task, "failed", error=error, seconds=time.perf_counter() - started, traceback=stack)
    from formcheck.pipeline import RunStatus
    from formcheck.report.build import build_report

    report = build_report(
        outcome, input_kind=kind, input_path=task.path, model=options.model if kind == "video" else None
    )
    document = report.to_json()
    status = "done" if outcome.status is RunStatus.COMPLETE else "partial"
    if not outcome.result.frames_with_person:
        status, error = "failed", "no person was detected in the input; nothing to analyse"
    else:
        error = "; ".join(outcome.notes) if status == "partial" else ""
    return FileResult(task, status, document, error, outcome.source.frames, time.perf_counter() - started)


def _run(task: FileTask, options: BatchOptions, progress: Progress | None, decode_threads: int) -> tuple[Any, str]:
    from formcheck import runner
    from formcheck.analysis import registry
    from formcheck.config import load_exercise_config
    from formcheck.io.landmarks_io import is_recording
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.protocol import PoseSettings

    fault = os.environ.get(TEST_FAULT_ENV, "")
    if fault and fault in Path(task.path).name:
        raise RuntimeError(f"fault injected by ${TEST_FAULT_ENV} for {task.path}")
    registry.load_files([Path(p) for p in options.exercise_files if p])
    cls = registry.get(task.exercise)
    config = load_exercise_config(cls, Path(options.config)) if options.config else None
    analyzer = cls(config, side=options.side)  # type: ignore[arg-type]
    path = Path(task.path)
    if is_recording(path):
        return runner.analyze_recording(path, analyzer, progress=progress), "landmarks"
    pose = PoseSettings(options.model, Path(options.model_dir) if options.model_dir else None, person=options.person)  # type: ignore[arg-type]
    with VideoFileSource(path, prefetch=0, decode_threads=decode_threads) as source:  # inference waits for decoding
        return runner.analyze_video(source, analyzer, pose=pose, progress=progress, jobs=1), "video"
