"""The one writer of a report's files: JSON, HTML, rep CSV, frame CSV, each on its own and atomically.

A file that cannot be written (no space left, no permission, a folder in the way) is one line in
the :class:`OutputLog` and leaves no partial file; the others are still written. ``analyze``,
``batch`` and ``live`` all write through :func:`write_outputs`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from formcheck.errors import FormcheckError, describe_os_error
from formcheck.report.model import Report

Say = Callable[[str], None]


def _silent(message: str) -> None:
    """Say nothing (the default of an :class:`OutputLog`)."""


@dataclass
class OutputLog:
    """Which outputs were written and which could not be; ``say`` and ``warn`` tell a person as it happens."""

    failed: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    say: Say = _silent
    warn: Say = _silent

    def attempt(self, what: str, path: Path, write: Callable[[], object], *, say_written: bool = True) -> bool:
        """Run ``write``; on an OS error (or a formcheck error) say why in one line and note the failure."""
        try:
            write()
        except OSError as exc:
            self.fail(f"could not write the {what} to {path}: {describe_os_error(exc)}")
            return False
        except FormcheckError as exc:
            self.fail(f"could not write the {what}: {exc}")
            return False
        self.written.append(path)
        if say_written:
            self.say(f"written {path}")
        return True

    def failed_about(self, path: Path) -> bool:
        """True when an output at ``path`` could not be written."""
        return any(str(path) in m for m in self.failed)

    def fail(self, message: str) -> None:
        """Note one output that was not written."""
        self.failed.append(message)
        self.warn(message)


@dataclass(frozen=True)
class OutputRequest:
    """The files to write for one report (None: not asked for); ``video``: an annotated video to show in the HTML."""

    json: Path | None = None
    html: Path | None = None
    csv: Path | None = None
    frames_csv: Path | None = None
    video: Path | None = None


def write_outputs(
    report: Report, request: OutputRequest, log: OutputLog, *, thumbnails: Mapping[int, bytes] | None = None
) -> None:
    """Write every requested file, each on its own (see the module docstring)."""
    from formcheck.report.atomic import write_text_atomic
    from formcheck.report.build import write_json_atomic
    from formcheck.report.csv_export import frames_csv as frames_table
    from formcheck.report.csv_export import reps_csv
    from formcheck.report.html import render_html, video_src

    if request.json is not None:
        json_path = request.json
        log.attempt("JSON report", json_path, lambda: write_json_atomic(json_path, report.to_json()))
    if request.csv is not None:
        csv_path = request.csv
        log.attempt("rep CSV", csv_path, lambda: write_text_atomic(csv_path, reps_csv(report)))
    if request.frames_csv is not None:
        frames_path = request.frames_csv
        log.attempt("frame CSV", frames_path, lambda: write_text_atomic(frames_path, frames_table(report)))
    if request.html is not None:
        html = request.html
        playable = request.video if request.video is not None and request.video.is_file() else None

        def write_html() -> None:
            src = video_src(playable, html) if playable is not None else None
            write_text_atomic(html, render_html(report, thumbnails=thumbnails, video_src=src))

        log.attempt("HTML report", html, write_html)
