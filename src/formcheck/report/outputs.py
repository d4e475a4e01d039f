"""Write a report's file renderings (HTML, rep CSV, frame CSV), each atomically."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from formcheck.report.atomic import write_text_atomic
from formcheck.report.csv_export import frames_csv, reps_csv
from formcheck.report.html import render_html, video_src
from formcheck.report.model import Report


def write_outputs(
    report: Report,
    *,
    html: Path | None = None,
    csv: Path | None = None,
    frames_csv_path: Path | None = None,
    thumbnails: Mapping[int, bytes] | None = None,
    video: Path | None = None,
) -> list[Path]:
    """Write the requested files; returns the paths written.

    ``video`` is an annotated video to show in the HTML (embedded when small, else linked).
    """
    written = []
    if csv is not None:
        write_text_atomic(csv, reps_csv(report))
        written.append(csv)
    if frames_csv_path is not None:
        write_text_atomic(frames_csv_path, frames_csv(report))
        written.append(frames_csv_path)
    if html is not None:
        src = video_src(video, html) if video is not None else None
        write_text_atomic(html, render_html(report, thumbnails=thumbnails, video_src=src))
        written.append(html)
    return written
