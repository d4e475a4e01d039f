"""What a batch writes for each file, and the summary over all of them.

Per file, in ``--out``: ``<name>.report.json`` (always), ``<name>.html`` / ``<name>.csv`` on
request, each written atomically; then the ledger line that marks the file finished. After
every file, ``summary.csv`` is rewritten (atomically) from the ledger and this run's failures.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.batch.ledger import Ledger
from formcheck.batch.plan import report_path
from formcheck.batch.task import FileResult
from formcheck.errors import describe_os_error
from formcheck.log.athletes import DEFAULT_ATHLETE

logger = logging.getLogger(__name__)

SUMMARY_COLUMNS = (
    "file",
    "exercise",
    "status",
    "reps",
    "hold_in_form_s",
    "faults",
    "frames",
    "seconds",
    "report",
    "problem",
)


def summary_row(result: FileResult, report: Path | None) -> dict[str, Any]:
    """One summary line for ``result``."""
    doc = result.document or {}
    holds = doc.get("holds") or []
    recognition = (doc.get("summary") or {}).get("recognition") or {}
    exercise = result.task.exercise
    problem = result.error
    if recognition:
        exercise = f"{doc.get('exercise')} ({recognition.get('confidence', 0):.2f})"
        if recognition.get("level") != "sure":
            look = "not recognised: look at it" if recognition.get("level") == "unknown" else "probable: check it"
            problem = "; ".join(p for p in (problem, look) if p)
        if result.more_sets:
            exercise += f" + {len(result.more_sets)} more set(s): " + ", ".join(
                str(d.get("exercise")) for d in result.more_sets
            )
    return {
        "file": result.task.path,
        "exercise": exercise,
        "status": result.status,
        "reps": doc.get("rep_count", ""),
        "faults": len(doc.get("faults") or []) if doc else "",
        "hold_in_form_s": round(sum(h.get("in_form_s") or 0.0 for h in holds), 1) if holds else "",
        "frames": result.frames or "",
        "seconds": round(result.seconds, 1) if result.seconds else "",
        "report": str(report) if report is not None else "",
        "problem": problem,
    }


@dataclass
class BatchOutputs:
    """Writes each finished file's outputs, remembers it in the ledger, keeps the summary up to date."""

    out_dir: Path
    html: bool = False
    csv: bool = False
    log: bool = False
    db: Path | None = None
    athlete: str = DEFAULT_ATHLETE
    """Whose sessions the training log gets (with ``log``)."""
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    output_failures: list[str] = field(default_factory=list)
    unexpected_errors: int = 0
    """Files that failed with an unexpected exception (its traceback is in the log)."""

    def __post_init__(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(self.out_dir)

    def add_finished(self, entries: list[dict[str, Any]]) -> None:
        """Rows for the files an earlier run finished."""
        for entry in entries:
            self.rows[entry["key"]] = dict(entry["row"], status=f"{entry['row']['status']} (earlier run)")

    def finish(self, result: FileResult) -> None:
        """Write what ``result`` produced; a file whose report cannot be written is not marked finished.

        A failure is logged, with the traceback the worker sent when there is one.
        """
        if result.traceback:
            self.unexpected_errors += 1
            logger.error("%s failed: %s\n%s", result.task.path, result.error, result.traceback)
        elif result.status != "done":
            logger.warning("%s %s: %s", result.task.path, result.status, result.error)
        report = report_path(self.out_dir, result.task.key) if result.document is not None else None
        if report is not None and result.document is not None and not self._write_all(result.document, result):
            result.status, report = "failed", None
        for number, document in enumerate(result.more_sets, start=2):
            if report is not None:
                self._write_all(document, result, f"{result.task.key}-set{number}")
        row = summary_row(result, report)
        self.rows[result.task.key] = row
        if report is not None:
            try:
                self.ledger.add({"fingerprint": result.task.fingerprint, "key": result.task.key, "row": row})
            except OSError as exc:
                self.output_failures.append(f"could not update the batch ledger: {describe_os_error(exc)}")
        self.write_summary()

    def _write_all(self, document: dict[str, Any], result: FileResult, key: str | None = None) -> bool:
        """Write the report, its HTML, CSV and training-log entry; False when the report itself was not written.

        ``key``: the stem of the files (default the task's; a further set of the input has its own).
        """
        from formcheck.application import log_session
        from formcheck.report.model import Report
        from formcheck.report.outputs import OutputLog, OutputRequest, write_outputs

        key = key or result.task.key
        log = OutputLog()
        report = Report.from_json(document)  # its JSON is ``document`` again, key for key
        path = report_path(self.out_dir, key)
        write_outputs(report, OutputRequest(json=path), log)
        if not log.failed:
            html = self.out_dir / f"{key}.html" if self.html else None
            csv = self.out_dir / f"{key}.csv" if self.csv else None
            write_outputs(report, OutputRequest(html=html, csv=csv), log)
            if self.log:
                log_session(
                    report,
                    self.db,
                    log,
                    input_key=f"{result.task.fingerprint}{key[len(result.task.key) :]}",
                    athlete=self.athlete,
                )
        for message in log.failed:
            failure = f"{result.task.path}: {message}"
            self.output_failures.append(failure)
            result.error = "; ".join(filter(None, [result.error, failure]))
        return not log.failed_about(path)

    def write_summary(self) -> None:
        """Rewrite ``summary.csv`` with every row so far."""
        from formcheck.report.atomic import write_text_atomic

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows.values())
        try:
            write_text_atomic(self.out_dir / "summary.csv", buffer.getvalue())
        except OSError as exc:
            message = f"could not write the batch summary: {describe_os_error(exc)}"
            if message not in self.output_failures:
                self.output_failures.append(message)
