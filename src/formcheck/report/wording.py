"""Small pieces of report English shared by the terminal, the HTML and the live summary."""

from __future__ import annotations

from pathlib import Path

from formcheck.report.model import Report
from formcheck.report.parts import ReportFault, ReportHold


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one: ``1 hold``, ``2 holds``, ``0 faults``."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def hold_faults(report: Report, hold: ReportHold) -> list[ReportFault]:
    """The faults outside reps that began during ``hold`` (its start to its end, s)."""
    if hold.start_s is None or hold.end_s is None:
        return []
    return [
        f
        for f in report.faults
        if f.rep is None and f.start_s is not None and hold.start_s - 1e-6 <= f.start_s <= hold.end_s + 1e-6
    ]


NO_NETWORK = "analysed with no network access"
"""What the terminal and the HTML say when the run was network isolated (``input.network`` is ``isolated``)."""


def network_note(report: Report) -> str:
    """:data:`NO_NETWORK` for a network-isolated run, else nothing (recordings never touch the network)."""
    return NO_NETWORK if report.input.network == "isolated" else ""


def source_label(report: Report) -> str:
    """What was analysed, for a person: the video's path, or for a replayed recording its file name and the video's.

    A recording keeps the path of the video it was made from as it was on the recording machine
    (``../shared/eval/clips/...``): only its file name means anything here.
    """
    if report.input.kind == "landmarks":
        return f"{Path(report.input.path).name}, recorded from {Path(report.source.path).name}"
    return report.source.path
