"""The typed report: exact JSON round trip, clear errors, the analysis result it is built from, the log's reports."""

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from report_helpers import BLR, recording_report
from rich.console import Console

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.registry import get
from formcheck.log.store import TrainingLog
from formcheck.report.build import build_report, load_report
from formcheck.report.html import render_html
from formcheck.report.model import Report, inferred_display
from formcheck.report.parts import ReportError
from formcheck.report.terminal import render
from formcheck.runner import analyze_recording

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.report.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name.split(".")[0])
def test_every_golden_report_round_trips_exactly(path):
    doc = {"formcheck": "0.0.0", **json.loads(path.read_text())}  # the goldens leave out the version
    report = Report.from_json(doc)
    assert report.to_json() == doc
    assert Report.from_json(report.to_json()).to_json() == report.to_json()
    assert report.display == resolve(get(doc["exercise"])).display  # what to show: the exercise's declaration


def test_a_built_report_round_trips_key_order_included():
    report = recording_report(SAMPLES)
    text = json.dumps(report.to_json())
    assert json.dumps(Report.from_json(json.loads(text)).to_json()) == text


@pytest.fixture(scope="module")
def doc():
    return recording_report(SAMPLES).to_json()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: [], "expected schema 'formcheck.report/1', got 'list'"),
        (lambda d: {**d, "schema": "other/1"}, "got 'other/1'"),
        (lambda d: {k: v for k, v in d.items() if k != "title"}, "report: missing 'title'"),
        (
            lambda d: {**d, "reps": [*d["reps"][:2], {**d["reps"][2], "number": "3"}, *d["reps"][3:]]},
            "report: reps[2]: 'number' must be an integer, got '3'",
        ),
        (
            lambda d: {**d, "faults": [{k: v for k, v in d["faults"][0].items() if k != "limit"}]},
            "report: faults[0]: missing 'limit'",
        ),
        (lambda d: {**d, "rep_count": 4}, "rep_count is 4 but 5 reps are listed"),
        (lambda d: {**d, "source": {**d["source"], "fps": "fast"}}, "report: source:"),
        (lambda d: {**d, "warnings": "none"}, "'warnings' must be a list"),
    ],
)
def test_a_document_that_is_not_a_report_is_refused_naming_the_part(doc, change, says):
    with pytest.raises(ReportError) as info:
        Report.from_json(change(json.loads(json.dumps(doc))))
    assert says in str(info.value)


def test_load_report_is_a_value_error_naming_the_part(tmp_path, doc):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**doc, "view": {"expected": "side"}}))
    with pytest.raises(ValueError, match=r"report: view: missing 'detected'"):
        load_report(path)


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_the_analysis_result_says_what_the_exercise_is():
    cases = (
        ("standing-knee-raise", BLR, "thigh_elevation_deg"),
        ("lying-leg-raise", BLR, "hip_flexion_deg"),
        ("plank", "plank.landmarks.jsonl.gz", None),
    )
    for exercise, recording, signal in cases:
        spec = get(exercise)
        result = analyze_recording(SAMPLES / recording, analyzer_for(exercise)).result
        assert (result.title, result.expected_view, result.display) == (spec.title, spec.view, resolve(spec).display)
        assert result.counting_signal == signal
        assert result.frames_with_person == result.summary["frames_with_person"] > 0


def test_a_report_of_an_exercise_unknown_here_still_renders(doc):
    unknown = Report.from_json({**doc, "exercise": "my-own-raise"})
    display = unknown.display
    assert display == inferred_display(unknown)
    assert display.plot is not None and display.plot.metric == "thigh_elevation_deg"
    assert "peak_thigh_elevation_deg" in [c.metric for c in display.rep_columns]
    assert render_html(unknown).count('class="rep-row"') == 5


def analyze_plank_report() -> Report:
    outcome = analyze_recording(SAMPLES / "plank.landmarks.jsonl.gz", analyzer_for("plank"))
    return build_report(outcome, input_kind="landmarks", input_path="plank", model=None)


def _rendered(report: Report) -> str:
    console = Console(record=True, width=120)
    render(report, console)
    return console.export_text()


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_session_rebuilt_from_the_training_log_renders_in_the_terminal(tmp_path):
    with TrainingLog(tmp_path / "log.sqlite3") as log:
        log.add_session(recording_report(SAMPLES))
        log.add_session(analyze_plank_report())
        stored = [log.report(s) for s in log.sessions()]
        log.conn.execute("UPDATE sessions SET report_json = NULL")  # as logged before the whole report was kept
        rebuilt = [log.report(s) for s in log.sessions()]
    for kept, again in zip(stored, rebuilt, strict=True):
        assert kept.frames == {} and again.frames == {} and again.summary == {}
        assert (again.title, again.view.expected) == (kept.title, kept.view.expected)
        assert again.reps == kept.reps and again.holds == kept.holds and again.faults == kept.faults
        for report in (kept, again):
            text = _rendered(report)
            assert report.title in text and "Traceback" not in text
            render_html(report)
    knee, plank = (_rendered(r) for r in rebuilt)
    first = rebuilt[0].faults[0]  # the numbers next to the limit, as measured
    assert "5 reps (right 5)" in knee and f"drill asks for: {first.measured:.2f} s < 2.00 s" in knee
    assert "1 hold " in plank and "in form s" in plank
