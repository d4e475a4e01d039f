"""One file of a batch: analysed the same way in this process, a worker process or a Ray task."""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from formcheck.application import AnalysisOptions
from formcheck.errors import FormcheckError

Progress = Callable[[int, int], None]
"""Called with (frames done, frames expected or 0) for the file being analysed."""

TEST_FAULT_ENV = "FORMCHECK_TEST_FAULT"
"""Tests only: a file whose name contains this text fails with an unexpected error wherever it is analysed
(this process, a worker process, a Ray task), so a test can follow a worker's traceback to the log."""


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
    more_sets: list[dict[str, Any]] = field(default_factory=list)
    """With ``-e auto``: the reports of the input's further sets (``document`` is the first)."""


def analyse_file(
    task: FileTask, options: AnalysisOptions, progress: Progress | None = None, *, decode_threads: int = 0
) -> FileResult:
    """Analyse ``task`` in this process; every failure becomes a ``failed`` result, never an exception.

    ``decode_threads``: 1 in a worker that has a core to itself (see :class:`VideoFileSource`).

    KeyboardInterrupt still propagates (the batch stops; this file is redone next time).
    """
    started = time.perf_counter()
    try:
        _injected_fault(task)
        from formcheck.application import analyse

        worker = replace(options, jobs=1, prefetch=0, decode_threads=decode_threads)  # a core each: decode in line
        analysis = analyse(Path(task.path), task.exercise, worker, progress=progress)
    except FormcheckError as exc:
        return FileResult(task, "failed", error=str(exc), seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug or a library failure: one line, the rest of the batch goes on
        error = str(exc) if isinstance(exc, (OSError, ValueError)) else f"{type(exc).__name__}: {exc}"
        stack = traceback.format_exc().rstrip()
        return FileResult(task, "failed", error=error, seconds=time.perf_counter() - started, traceback=stack)
    from formcheck.pipeline import RunStatus

    outcome = analysis.outcome
    document = analysis.report.to_json()
    status = "done" if outcome.status is RunStatus.COMPLETE else "partial"
    if not outcome.result.frames_with_person:
        status, error = "failed", "no person was detected in the input; nothing to analyse"
    else:
        error = "; ".join(outcome.notes) if status == "partial" else ""
    more = [one.report.to_json() for one in analysis.sets[1:]]
    seconds = time.perf_counter() - started
    return FileResult(task, status, document, error, outcome.source.frames, seconds, more_sets=more)


def _injected_fault(task: FileTask) -> None:
    """Tests only: fail as a bug would when the file's name contains ``$FORMCHECK_TEST_FAULT``."""
    fault = os.environ.get(TEST_FAULT_ENV, "")
    if fault and fault in Path(task.path).name:
        raise RuntimeError(f"fault injected by ${TEST_FAULT_ENV} for {task.path}")
