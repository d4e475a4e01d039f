"""What a batch has finished, so a rerun skips it: one JSON line per finished file, flushed to disk.

A file counts as finished when the ledger has its fingerprint (path, size, modification time,
exercise and every option that changes the report) and its JSON report exists. A crash loses
at most the files being analysed at that moment.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from formcheck import __version__
from formcheck.application import AnalysisOptions, input_key

LEDGER_NAME = "batch-ledger.jsonl"


def fingerprint(path: Path, exercise: str, options: AnalysisOptions) -> str:
    """Identity of one analysis by this formcheck: the input and options (:func:`input_key`) and the version."""
    both = f"{input_key(path, exercise, options)} {__version__}"
    return hashlib.sha256(both.encode()).hexdigest()[:20]


class Ledger:
    """The finished files of one output folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LEDGER_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by a crash: that file is redone
                if isinstance(entry, dict) and "fingerprint" in entry:
                    self.entries[str(entry["fingerprint"])] = entry

    def finished(self, fingerprint: str, report: Path) -> dict[str, Any] | None:
        """The ledger entry when this analysis is finished and its report is still there."""
        entry = self.entries.get(fingerprint)
        return entry if entry is not None and report.exists() else None

    def add(self, entry: dict[str, Any]) -> None:
        """Record one finished file (written through to the disk before returning)."""
        self.entries[str(entry["fingerprint"])] = entry
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
