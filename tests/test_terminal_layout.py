"""The terminal report reads at 80 columns, and its first lines say what to change next time."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from formcheck.analysis.analyzer import analyzer_for
from formcheck.report.advice import next_time
from formcheck.report.build import build_report
from formcheck.report.html import render_html
from formcheck.report.model import Report
from formcheck.report.parts import ReportFault
from formcheck.report.terminal import render
from formcheck.runner import analyze_recording

SAMPLES = Path(__file__).resolve().parents[1] / "sample_videos"


@pytest.fixture(scope="module")
def knee_raises() -> Report:
    recording = SAMPLES / "bent_leg_raises.landmarks.jsonl.gz"
    outcome = analyze_recording(recording, analyzer_for("standing-knee-raise"))
    return build_report(outcome, input_kind="landmarks", input_path=recording.name, model=None)


def rendered(report: Report, width: int) -> list[str]:
    console = Console(record=True, width=width, color_system=None)
    render(report, console)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_at_80_columns_the_headers_are_whole_and_each_fault_is_one_line_under_the_table(knee_raises: Report) -> None:
    lines = rendered(knee_raises, 80)
    assert all(len(line) <= 80 for line in lines)
    (header,) = [line for line in lines if line.lstrip().startswith("#")]
    for heading in ("side", "top s", "thigh°", "hip flex°", "hold s", "lift s", "lower s", "pelvis Δ°", "faults"):
        assert heading in header.split("  ") or f" {heading} " in f" {header} ", heading
    hold = knee_raises.faults[0].measured  # the number next to the limit, as measured
    said = f"  rep 1: top hold shorter than the 2-3 s the drill asks for: {hold:.2f} s < 2.00 s"
    assert said in lines
    assert sum(line.startswith("  rep ") for line in lines) == len(knee_raises.faults) == 10


def test_a_wide_terminal_keeps_the_faults_beside_each_rep(knee_raises: Report) -> None:
    lines = rendered(knee_raises, 180)
    assert any("faults (measured vs limit)" in line for line in lines)
    assert not any(line.startswith("  rep ") for line in lines)
    assert any("│ 1 │" in line and "top hold shorter than the 2-3 s" in line for line in lines)


def test_the_first_lines_say_what_to_change_next_time(knee_raises: Report) -> None:
    lines = rendered(knee_raises, 120)
    assert lines[0].startswith("Standing knee raise — bent_leg_raises.landmarks.jsonl.gz, recorded from bent_leg")
    start = lines.index("Next time:")
    assert start <= 3  # right under the title and the count
    assert lines[start : start + 3] == [
        "Next time:",
        "  1. Hold at the top: top hold shorter than the 2-3 s the drill asks for (5 of 5 reps).",
        "  2. Slower on the way down: leg dropped instead of lowering under control (5 of 5 reps).",
    ]
    page = render_html(knee_raises)
    assert page.index('id="next-time"') < page.index('id="summary"')
    assert "<li>Hold at the top: top hold shorter" in page


def test_at_most_three_corrections_errors_first_and_none_without_faults(knee_raises: Report) -> None:
    def fault(code: str, severity: str, rep: int) -> ReportFault:
        return ReportFault(f"standing-knee-raise.{code}", severity, code, rep, 1.0, 2.0, 1.0, 2.0, "s")

    faults = (
        *knee_raises.faults,
        fault("leaning_back", "error", 3),
        fault("trunk_not_upright", "warning", 1),
        fault("knee_below_hip", "warning", 2),
    )
    cues = [c.cue for c in next_time(replace(knee_raises, faults=faults))]
    assert len(cues) == 3 and cues[0] == "don't lean back"
    assert cues[1:] == ["hold at the top", "slower on the way down"]  # five reps each before one rep each
    clean = replace(knee_raises, faults=())
    assert next_time(clean) == [] and "Next time" not in "\n".join(rendered(clean, 120))
