"""Holds reported as holds: terminal, HTML (holds table, thumbnails), CSV, and one sign for the hip sag."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.registry import get
from formcheck.render.annotate import hold_thumbnails
from formcheck.report.build import build_report
from formcheck.report.csv_export import reps_csv
from formcheck.report.html import render_html
from formcheck.report.model import Report
from formcheck.report.terminal import render
from formcheck.report.wording import counted
from formcheck.runner import analyze_recording


@pytest.fixture(scope="module")
def plank() -> Report:
    recording = Path(__file__).resolve().parents[1] / "sample_videos" / "plank.landmarks.jsonl.gz"
    outcome = analyze_recording(recording, analyzer_for("plank"))
    return build_report(outcome, input_kind="landmarks", input_path=str(recording), model=None)


def terminal_text(report: Report, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    render(report, console)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_counts_are_singular_for_one() -> None:
    assert [counted(n, "hold") for n in (0, 1, 2)] == ["0 holds", "1 hold", "2 holds"]
    assert counted(1, "fault") == "1 fault"


def test_the_terminal_says_one_hold(plank: Report) -> None:
    assert len(plank.own_holds()) == 1 and plank.rep_count == 0
    text = terminal_text(plank)
    assert plank.source.path.startswith("../shared/eval/clips/")  # where the recording was made
    assert "../shared" not in text and "../shared" not in render_html(plank)  # not shown to the person
    assert text.startswith("Plank — plank.landmarks.jsonl.gz, recorded from plank.mp4 (21.5 s")
    assert "1 hold " in text and "1 holds" not in text and "reps" not in text.split("\n")[1]


def test_the_html_of_a_hold_has_a_holds_table_and_no_missing_reps(plank: Report) -> None:
    page = render_html(plank)
    assert page.count('class="hold-row"') == 1 and 'id="hold-table"' in page
    assert "0 reps" not in page and "No reps counted" not in page and "1 faults" not in page
    assert "<b>1 hold</b>, longest 11.1 s, 10.8 s in good form; 1 fault." in page
    assert "shorter than the 20 s target" in page.split('id="hold-table"')[1]  # the hold's fault in its row


def test_the_html_of_a_hold_shows_its_thumbnail(plank: Report) -> None:
    pictures = hold_thumbnails([(h.start_s, h.end_s) for h in plank.own_holds()], {9.0: b"a", 15.5: b"mid", 20.0: b"c"})
    assert pictures == {1: b"mid"}  # nearest the middle of 10.0-21.1 s
    page = render_html(plank, thumbnails=pictures)
    assert page.count('class="hold-thumb"') == 1 and "hold 1, at 15.58 s" in page


def test_the_csv_of_a_hold_has_a_row_per_hold(plank: Report) -> None:
    header, row = reps_csv(plank).splitlines()
    assert header.split(",")[:6] == ["number", "side", "start_s", "end_s", "duration_s", "in_form_s"]
    assert row.startswith("1,,10.01,21.146,11.136,10.844,20.0,1,plank.short_hold")


def test_the_plank_hud_plot_and_limit_share_one_sign_for_the_hip_sag() -> None:
    display = resolve(get("plank")).display
    (hud,) = display.hud
    assert display.plot is not None
    assert hud.metric.split(".")[0] == display.plot.metric == "hip_sag_deg"  # + = hips below the line everywhere
    assert display.plot.threshold == "max_sag_deg"
