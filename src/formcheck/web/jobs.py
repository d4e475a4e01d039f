"""The app's uploads and what became of them, kept on disk so that nothing depends on the server staying up.

Layout of the data folder::

    uploads/<id>.<kind>        the uploaded bytes (generated name)
    jobs/<id>.json             the job: who, which exercise, the name shown
    results/<id>/...           its reports, annotated video and ``outcome.json``
    results/batch-ledger.jsonl the finished jobs (:class:`formcheck.batch.ledger.Ledger`)

A job is finished when the ledger has it and its ``outcome.json`` exists; every other job is
queued again when the app starts (an analysis cut by a closed app is redone, never half-kept).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from formcheck.batch.ledger import Ledger
from formcheck.report.build import write_json_atomic

JOB_ID = re.compile(r"^[0-9a-f]{16}$")
OUTCOME = "outcome.json"


@dataclass(frozen=True)
class Job:
    """One uploaded file to analyse (plain data: it is written as JSON for the worker process).

    Attributes:
        id: 16 hex digits, generated (also the upload's and results folder's name).
        name: the client's file name, for display only.
        athlete: whose session it is in the training log.
        exercise: an exercise name, or ``auto``.
        upload: the stored upload.
        results: the job's results folder.
        db: the training log.
        model: pose model (``lite``, ``full``, ``heavy``).
        created: ISO 8601 UTC.
        size: bytes uploaded.

    """

    id: str
    name: str
    athlete: str
    exercise: str
    upload: Path
    results: Path
    db: Path | None
    model: str
    created: str
    size: int

    def to_json(self) -> dict[str, Any]:
        """The job as JSON (paths as strings)."""
        doc = asdict(self)
        return {k: str(v) if isinstance(v, Path) else v for k, v in doc.items()}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Job:
        """The job written by :meth:`to_json`."""
        return cls(
            id=str(doc["id"]), name=str(doc["name"]), athlete=str(doc["athlete"]), exercise=str(doc["exercise"]),
            upload=Path(doc["upload"]), results=Path(doc["results"]), db=Path(doc["db"]) if doc.get("db") else None,
            model=str(doc["model"]), created=str(doc["created"]), size=int(doc["size"]),
        )  # fmt: skip

    @classmethod
    def read(cls, path: Path) -> Job:
        """The job stored at ``path``."""
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def write_outcome(job: Job, outcome: dict[str, Any]) -> None:
    """Write the job's ``outcome.json`` and then its ledger line (the job is finished from then on)."""
    write_json_atomic(job.results / OUTCOME, outcome)
    Ledger(job.results.parent).add({"fingerprint": job.id, "key": job.id, "row": outcome})


class JobStore:
    """The jobs of one data folder."""

    def __init__(self, data_dir: Path, *, db: Path | None, model: str) -> None:
        self.data_dir, self.db, self.model = data_dir, db, model
        for sub in ("uploads", "jobs", "results"):
            (data_dir / sub).mkdir(parents=True, exist_ok=True)

    @property
    def uploads(self) -> Path:
        """Where uploads are stored."""
        return self.data_dir / "uploads"

    def results(self, job_id: str) -> Path:
        """The results folder of a job (``job_id`` must be a generated id)."""
        if not JOB_ID.match(job_id):
            raise ValueError("not a job id")
        return self.data_dir / "results" / job_id

    def create(self, job_id: str, upload: Path, size: int, *, name: str, athlete: str, exercise: str) -> Job:
        """Record a new job for a stored upload."""
        job = Job(
            id=job_id, name=name, athlete=athlete, exercise=exercise, upload=upload, results=self.results(job_id),
            db=self.db, model=self.model, created=datetime.now(UTC).isoformat(timespec="seconds"), size=size,
        )  # fmt: skip
        write_json_atomic(self.job_file(job_id), job.to_json())
        return job

    def job_file(self, job_id: str) -> Path:
        """Where the job is written."""
        if not JOB_ID.match(job_id):
            raise ValueError("not a job id")
        return self.data_dir / "jobs" / f"{job_id}.json"

    def get(self, job_id: str) -> Job | None:
        """The job, or None when there is none of that id (or its file is damaged)."""
        if not JOB_ID.match(job_id):
            return None
        try:
            return Job.read(self.job_file(job_id))
        except (OSError, ValueError, KeyError):
            return None

    def all(self) -> list[Job]:
        """Every job, oldest first."""
        jobs = [self.get(p.stem) for p in (self.data_dir / "jobs").glob("*.json")]
        return sorted((j for j in jobs if j is not None), key=lambda j: (j.created, j.id))

    def ledger(self) -> Ledger:
        """The finished jobs, as the ledger says now (read from disk)."""
        return Ledger(self.data_dir / "results")

    def outcome(self, job: Job, ledger: Ledger | None = None) -> dict[str, Any] | None:
        """The finished job's outcome, None while it is not finished (``ledger``: one already read)."""
        entry = (ledger or self.ledger()).finished(job.id, job.results / OUTCOME)
        if entry is None:
            return None
        try:
            doc = json.loads((job.results / OUTCOME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return doc if isinstance(doc, dict) else None
