"""Exercises declare what is shown: HUD readouts, rep-table columns, hold columns, plot, programme."""

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from conftest import SAMPLES
from report_helpers import recording_report
from rich.console import Console
from tiers import tiered

from formcheck.analysis.analyzer import ExerciseAnalyzer, analyzer_for
from formcheck.analysis.count.hold import Hold
from formcheck.analysis.count.leg_pair import LegPair
from formcheck.analysis.display import Display, Programme, shown
from formcheck.analysis.exercise_spec.model import ExerciseSpec
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.exercises.standing_knee_raise import SPEC as KNEE_RAISE
from formcheck.analysis.faults import Rule, Severity
from formcheck.analysis.positions.postures import Posture
from formcheck.analysis.registry import get, names
from formcheck.io.landmarks_io import read_frames
from formcheck.render.overlay import hud_lines
from formcheck.report.build import build_report
from formcheck.report.html import render_html
from formcheck.report.targets import target_rows
from formcheck.report.terminal import render
from formcheck.runner import analyze_recording

PLANK = SAMPLES / "plank.landmarks.jsonl.gz"
KNEELING = SAMPLES.parent / "tests" / "data" / "eval" / "bodyweight_fitness__kneeling_lunge_beginner.landmarks.jsonl.gz"


def _report(exercise, recording):
    outcome = analyze_recording(recording, analyzer_for(exercise))
    return build_report(outcome, input_kind="landmarks", input_path=recording.name, model=None)


def _terminal(report) -> str:
    console = Console(record=True, width=120)
    render(report, console)
    return console.export_text()


def test_the_plank_hud_shows_the_hip_sag_and_the_hold_not_the_thigh():
    plank = get("plank")
    analyzer = ExerciseAnalyzer(plank)
    results = [analyzer.step(pose) for pose in read_frames(PLANK)]
    holding = next(r for r in results if r.phase == "hold" and r.hold_s > 3)
    text = [line for line, *_ in hud_lines(holding, resolve(plank).display, title="Plank")]
    assert any(re.fullmatch(r"hip sag -?\d+ deg", line) for line in text), text
    assert any(f"hold {holding.hold_s:.1f} s" in line for line in text) and text[1].startswith("holds ")
    assert not any("thigh" in line or "hip flex" in line or "trunk lean" in line for line in text)


def test_the_knee_raise_hud_keeps_its_thigh_hip_and_trunk_readouts():
    analyzer = analyzer_for("standing-knee-raise")
    result = [analyzer.step(pose) for pose in read_frames(SAMPLES / "bent_leg_raises.landmarks.jsonl.gz")][300]
    text = [line for line, *_ in hud_lines(result, analyzer.display, title="t")]
    assert re.fullmatch(r"thigh -?\d+ deg   hip flex -?\d+ deg", text[3]) and text[4].startswith("trunk lean ")


class _Table(HTMLParser):
    """The cells of ``<table id="rep-table">``, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._in = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._in = dict(attrs).get("id") == "rep-table"
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag in ("td", "th"):
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._in = False

    def handle_data(self, data):
        if self._in and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def _rep_table(page: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(page)
    return parser.rows


def test_the_knee_raise_html_rep_table_has_no_column_empty_for_every_rep():
    head, *rows = _rep_table(render_html(recording_report(SAMPLES)))
    assert len(rows) == 5 and all(len(r) == len(head) for r in rows)
    for i, heading in enumerate(head):
        assert any(r[i] not in ("", "–") for r in rows), f"column {heading!r} is empty for every rep"
    assert "lean back (°)" in head and not any("lumbar depth" in h or "back Δ" in h for h in head)  # no mask
    assert rows[0][-1].startswith("top hold shorter than the 2-3 s the drill asks for: 0.")
    hold = next(i for i, h in enumerate(head) if h.startswith("hold"))
    assert rows[0][-1].split(": ", 1)[1].startswith(rows[0][hold])  # the number the table shows


@pytest.mark.parametrize(
    "exercise",
    tiered(
        ["lying-leg-raise", "hanging-knee-raise", "dead-bug", "mountain-climber"],
        fast=["mountain-climber"],
    ),
)
def test_catalogue_rep_tables_show_only_what_was_measured(exercise):
    recording = {
        "lying-leg-raise": "gymlessabs__leg_raises",
        "hanging-knee-raise": "gymlessabs__hanging_knee_ups",
        "dead-bug": "life_enherance__dead_bug",
        "mountain-climber": "life_enherance__mountain_climbers",
    }
    report = _report(exercise, KNEELING.with_name(f"{recording[exercise]}.landmarks.jsonl.gz"))
    head, *rows = _rep_table(render_html(report))
    assert rows and all(any(r[i] not in ("", "–") for r in rows) for i in range(len(head)))
    assert not any("contour" in h for h in head)  # a replay has no mask: the contour column is left out


def test_a_hold_exercise_shows_its_hold_columns_in_the_terminal_not_rep_columns():
    plank = _terminal(_report("plank", PLANK))
    assert re.search(r"start s\s*┃\s*duration s\s*┃\s*in form s\s*┃\s*target s", plank)
    assert "┃ side" not in plank and "thigh" not in plank and "top s" not in plank and "1 hold " in plank
    stretch = _terminal(_report("kneeling-hip-flexor-stretch", KNEELING))
    assert re.search(r"side\s*┃\s*start s\s*┃\s*duration s\s*┃\s*in form s\s*┃\s*target s", stretch)


def test_a_stretch_gets_a_hold_programme_row_not_reps():
    report = _report("kneeling-hip-flexor-stretch", KNEELING)
    rows, source = target_rows(report)
    assert not any(r.what.startswith("reps") for r in rows)
    hold = next(r for r in rows if r.what == "holds at target (in form)")
    assert hold.target == "30 s each" and "30 s per side" in source
    assert "10-15" not in render_html(report)


def test_every_registered_exercise_declares_a_programme_and_a_plot():
    for name in names():
        d = resolve(get(name)).display
        assert d.plot is not None and d.programme.source, name
        assert (d.programme.reps is None) == (d.counts == "holds"), name
        assert not d.rep_columns or d.counts == "reps", name


def _kneel(**declared):
    return ExerciseSpec(
        name="kneel-x",
        title="Kneel",
        summary="",
        start_position=Posture.HALF_KNEELING,
        counting=Hold(),
        rules=(Rule("lean", "trunk_back_deg", "target_s", "max", Severity.INFO, "m", "deg", "", missing="fail"),),
        **declared,
    )


def test_a_declared_column_must_be_a_metric_the_exercise_measures():
    typo = ExerciseSpec(
        name="typo",
        title="Typo",
        summary="",
        start_position=Posture.SUPINE,
        counting=LegPair(signal="hip_flexion_deg"),
        rep_columns=(shown("peak_hip_flexon_deg"),),
    )
    assert any("rep_columns: 'peak_hip_flexon_deg' is not a per-rep metric" in p for p in resolve(typo).problems)
    lift = replace(KNEE_RAISE, name="l", terminal_columns=(shown("swing_ratio"),))
    assert any("terminal_columns: 'swing_ratio' is not a per-rep metric" in p for p in resolve(lift).problems)
    bad = _kneel(
        rep_columns=(shown("hold_s"),),
        hold_columns=("side", "best_s"),
        hud=(shown("trunk_bak_deg"),),
        programme=Programme(None, (30.0, 10.0)),
    )
    message = " ".join(resolve(bad).problems)
    assert "rep_columns: 'hold_s' is not a per-rep metric of this exercise (choose from none" in message
    assert "hold_columns: 'best_s'" in message and "hud: 'trunk_bak_deg' is not measured" in message
    assert "programme: hold_s [30.0, 10.0] is not a range" in message


def test_declarations_override_the_defaults_one_by_one():
    kneel = _kneel(hud=(shown("trunk_lean_deg", "lean"),))
    assert resolve(kneel).problems == ()
    assert resolve(kneel).display.hud == (shown("trunk_lean_deg", "lean"),)
    assert resolve(kneel).display.hold_columns == ("start_s", "duration_s", "in_form_s", "target_s")  # not per side
    assert resolve(kneel).display.plot is not None and resolve(kneel).display.plot.metric == "trunk_back_deg"
    assert Display().programme.reps == (10, 15)
