"""What a batch run has to do: the files, their exercises, and which are already finished."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.application import AnalysisOptions
from formcheck.batch.inputs import ExerciseMap, discover, output_keys
from formcheck.batch.ledger import Ledger, fingerprint
from formcheck.batch.task import FileResult, FileTask
from formcheck.errors import FormcheckError


@dataclass
class BatchPlan:
    """Files to analyse now, files finished by an earlier run, and files that cannot be analysed."""

    todo: list[FileTask] = field(default_factory=list)
    finished: list[dict[str, Any]] = field(default_factory=list)
    unusable: list[FileResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def report_path(out_dir: Path, key: str) -> Path:
    """Where the JSON report of the file with output stem ``key`` goes."""
    return out_dir / f"{key}.report.json"


def plan_batch(
    inputs: Sequence[str], out_dir: Path, options: AnalysisOptions, *, exercise: str | None, mapping: ExerciseMap | None
) -> BatchPlan:
    """Find the files, give each its exercise and output name, and skip what the ledger says is finished."""
    files, problems = discover(inputs)
    if not files:
        raise FormcheckError("no video or landmark recording found in: " + ", ".join(inputs))
    plan = BatchPlan(problems=problems)
    ledger = Ledger(out_dir)
    for path, key in output_keys(files).items():
        chosen = (mapping.exercise_for(path) if mapping is not None else None) or exercise
        if chosen is None:
            plan.unusable.append(
                FileResult(
                    FileTask(str(path), "", key, ""),
                    "failed",
                    error="no exercise for this file: give -e or a --map line",
                )
            )
            continue
        try:
            print_ = fingerprint(path, chosen, options)
        except OSError as exc:
            plan.unusable.append(
                FileResult(
                    FileTask(str(path), chosen, key, ""), "failed", error=f"cannot read it ({exc.strerror or exc})"
                )
            )
            continue
        entry = ledger.finished(print_, report_path(out_dir, key))
        if entry is not None:
            plan.finished.append(entry)
        else:
            plan.todo.append(FileTask(str(path), chosen, key, print_))
    plan.todo.sort(key=lambda task: expected_frames(Path(task.path)), reverse=True)
    return plan


def expected_frames(path: Path) -> int:
    """Frames the video header announces (0 for a landmark recording or an unreadable file).

    The batch runs the longest videos first, so the last file to finish is a short one and no
    core waits long at the end for the others.
    """
    import cv2

    capture = cv2.VideoCapture(str(path))
    try:
        return max(int(capture.get(cv2.CAP_PROP_FRAME_COUNT)), 0) if capture.isOpened() else 0
    finally:
        capture.release()
