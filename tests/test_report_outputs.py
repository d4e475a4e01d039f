"""CSV and HTML renderings of a report, the `report` command, atomic writes (no model, no browser)."""

import csv
import io
import json
import re
from dataclasses import replace

import pytest
from conftest import SAMPLES
from report_helpers import BLR, recording_report
from typer.testing import CliRunner

from formcheck.analysis.analyzer import analyzer_for
from formcheck.analysis.exercise_spec.resolved import resolve
from formcheck.analysis.registry import get
from formcheck.cli import app
from formcheck.report import html as html_module
from formcheck.report import outputs
from formcheck.report.csv_export import frames_csv, reps_csv
from formcheck.report.html import render_html
from formcheck.report.model import Report
from formcheck.report.parts import ReportHold
from formcheck.report.plot import signal_svg

runner = CliRunner()


@pytest.fixture(scope="module")
def report():
    return recording_report(SAMPLES)


def test_reps_csv_has_one_row_per_rep_with_measured_vs_limit(report):
    rows = list(csv.DictReader(io.StringIO(reps_csv(report))))
    assert [r["number"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert {r["side"] for r in rows} == {"right"}
    for row, rep in zip(rows, report.reps, strict=True):
        assert float(row["top_s"]) == rep.top_s
        assert float(row["peak_thigh_elevation_deg"]) == rep.metrics["peak_thigh_elevation_deg"]
        assert int(row["fault_count"]) == len(rep.faults)
        hold = next(f for f in report.rep_faults(rep.number) if f.code.endswith("short_top_hold"))
        assert f"short_top_hold ({hold.measured!r} s vs 2.0)" in row["faults"]


def test_frames_csv_has_every_frame_and_blank_for_unmeasurable(report):
    rows = list(csv.reader(io.StringIO(frames_csv(report))))
    header, body = rows[0], rows[1:]
    assert header[0] == "t" and "thigh_elevation_deg.right" in header
    assert len(body) == len(report.frames["t"]) == 500
    col = header.index("thigh_elevation_deg.right")
    values = report.frames["thigh_elevation_deg.right"]
    assert [r[col] == "" for r in body] == [v is None for v in values]
    assert max(float(r[col]) for r in body if r[col]) == max(v for v in values if v is not None)


def test_report_command_reproduces_the_csv_of_the_original_run(samples, tmp_path):
    a = {k: tmp_path / f"a_{k}" for k in ("r.json", "reps.csv", "frames.csv", "r.html")}
    result = runner.invoke(
        app,
        [
            "analyze",
            str(samples / BLR),
            "-e",
            "standing-knee-raise",
            "--no-progress",
            "--json",
            str(a["r.json"]),
            "--csv",
            str(a["reps.csv"]),
            "--frames-csv",
            str(a["frames.csv"]),
            "--html",
            str(a["r.html"]),
        ],
    )
    assert result.exit_code == 0, result.output
    b_reps, b_frames, b_html = tmp_path / "b_reps.csv", tmp_path / "b_frames.csv", tmp_path / "b.html"
    result = runner.invoke(
        app, ["report", str(a["r.json"]), "--csv", str(b_reps), "--frames-csv", str(b_frames), "--html", str(b_html)]
    )
    assert result.exit_code == 0, result.output
    assert b_reps.read_bytes() == a["reps.csv"].read_bytes()
    assert b_frames.read_bytes() == a["frames.csv"].read_bytes()
    assert b_html.read_bytes() == a["r.html"].read_bytes()  # no thumbnails either way for a replay
    assert len(a["reps.csv"].read_text().splitlines()) == 1 + 5


def test_report_command_without_outputs_prints_the_table(samples, tmp_path):
    path = tmp_path / "r.json"
    runner.invoke(
        app, ["analyze", str(samples / BLR), "-e", "standing-knee-raise", "--no-progress", "--json", str(path)]
    )
    result = runner.invoke(app, ["report", str(path)])
    assert result.exit_code == 0 and "5 reps" in result.output


@pytest.mark.parametrize("content", ['{"schema": "other/1"}', "not json at all", None])
def test_report_command_rejects_bad_input(tmp_path, content):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["report", str(path), "--csv", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert str(path.name) in result.output
    assert not (tmp_path / "x.csv").exists()


def test_annotate_needs_a_video(samples, tmp_path):
    result = runner.invoke(
        app,
        [
            "analyze",
            str(samples / BLR),
            "-e",
            "standing-knee-raise",
            "--no-progress",
            "--annotate",
            str(tmp_path / "a.webm"),
        ],
    )
    assert result.exit_code == 2
    assert "needs a video" in result.output


def test_html_is_self_contained_with_plot_table_and_no_external_assets(report):
    page = render_html(report, thumbnails={1: b"\xff\xd8fakejpeg"}, video_src="clip.webm")
    assert page.count('class="rep-row"') == 5
    assert page.count('class="rep-span"') == 5
    assert page.count('class="fault-span"') == len(report.faults) == 10
    assert 'id="threshold-line"' in page and "knee at hip height" in page
    assert page.count('class="rep-thumb"') == 1 and "data:image/jpeg;base64," in page
    assert '<video id="annotated-video"' in page and 'src="clip.webm"' in page
    # nothing fetched from anywhere: the only URL is the SVG namespace
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]
    assert "<link" not in page and "@import" not in page


def test_html_escapes_text_from_the_report(report):
    evil = replace(
        report, warnings=("<script>alert(1)</script>",), source=replace(report.source, path="/x/<b>clip</b>.mp4")
    )
    page = render_html(evil)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>clip</b>" not in page


def test_plot_breaks_the_line_at_gaps_and_scales_to_the_data(report):
    plotted = replace(
        report,
        reps=(),
        holds=(),
        faults=(),
        config={"knee_above_hip_deg": 0.0},
        frames={
            "t": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            "thigh_elevation_deg.left": [-80.0, -10.0, None, 20.0, 30.0, -80.0],
        },
    )
    svg = signal_svg(plotted)
    path = re.search(r'class="signal-line" data-leg="left" d="([^"]+)"', svg).group(1)
    assert path.count("M") == 2 and path.count("L") == 3  # two runs: 2 points, then 3 points
    assert 'id="threshold-line"' in svg
    assert signal_svg(replace(plotted, frames={"t": []})).startswith('<p class="note">')


def test_a_failed_write_leaves_the_previous_file_whole(report, tmp_path, monkeypatch):
    html = tmp_path / "r.html"
    html.write_text("previous report")

    def boom(*_a, **_k):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(html_module, "render_html", boom)
    with pytest.raises(RuntimeError):
        outputs.write_outputs(report, outputs.OutputRequest(html=html), outputs.OutputLog())
    assert html.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # no temp file left behind


def test_written_files_have_ordinary_permissions(report, tmp_path):
    import os

    path = tmp_path / "r.csv"
    log = outputs.OutputLog()
    outputs.write_outputs(report, outputs.OutputRequest(csv=path), log)
    assert log.written == [path] and not log.failed
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_report_help():
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0 and "--frames-csv" in result.output


def test_large_videos_are_linked_relative_to_the_html(tmp_path):
    from formcheck.report.html import video_src

    (tmp_path / "videos").mkdir()
    video = tmp_path / "videos" / "a.webm"
    video.write_bytes(b"\x1a\x45\xdf\xa3" + b"0" * 100)
    assert video_src(video, tmp_path / "out" / "r.html", max_embed=10) == "../videos/a.webm"
    assert video_src(video, tmp_path / "r.html").startswith("data:video/webm;base64,GkXfo")


def test_summary_compares_with_the_programme(report):
    from formcheck.report.targets import target_rows

    rows, source = target_rows(report)
    by_what = {r.what: r for r in rows}
    assert "8-10" in source and "2-3 s" in source
    assert by_what["reps (right leg)"].measured == "5" and by_what["reps (right leg)"].met is False
    assert by_what["reps (left leg)"].met is None  # nothing done on that leg: nothing to judge
    assert by_what["holds at target (in form)"].measured.startswith("0 of 5")
    assert by_what["faults flagged"].measured == "10"
    plank = replace(
        report,
        exercise="plank",
        reps_by_side={},
        reps=(),
        faults=(),
        holds=(ReportHold(0.0, 26.0, 26.0, 25.0),),
        display=resolve(get("plank")).display,
    )
    rows, _ = target_rows(plank)
    hold = next(r for r in rows if r.what.startswith("holds"))
    assert hold.met is True and hold.target == "20-30 s each"
    assert not any(r.what.startswith("reps") for r in rows)


def first_frames(recording, frames, folder):
    """A copy of ``recording`` cut to its first ``frames`` frames (header included)."""
    from dataclasses import replace

    from formcheck.io.landmarks_io import LandmarkWriter, read_frames, read_header

    header = read_header(recording)
    source = replace(header.source, frames=frames, duration_s=frames / header.source.fps)
    cut = folder / recording.name
    with LandmarkWriter(cut, replace(header, source=source)) as writer:
        for pose in list(read_frames(recording, header))[:frames]:
            writer.write(pose)
    return cut


@pytest.mark.parametrize(
    "frames", [pytest.param(None, id="whole", marks=pytest.mark.slow), pytest.param(60, id="2.5s")]
)
def test_every_exercise_renders_html_and_csv(samples, tmp_path, frames):
    from formcheck.analysis.registry import names
    from formcheck.report.build import build_report
    from formcheck.runner import analyze_recording

    recording = samples / "plank.landmarks.jsonl.gz"
    if frames is not None:  # the fast tier's smaller version: the first 2.5 s
        recording = first_frames(recording, frames, tmp_path)
    for name in names():
        outcome = analyze_recording(recording, analyzer_for(name))
        doc = Report.from_json(
            json.loads(json.dumps(build_report(outcome, input_kind="landmarks", input_path="x", model=None).to_json()))
        )
        page = render_html(doc)
        assert page.count('class="rep-row"') == doc.rep_count, name
        assert 'id="signal-plot"' in page, name
        assert len(reps_csv(doc).splitlines()) == 1 + (len(doc.own_holds()) if doc.counts_holds else doc.rep_count)
        assert len(frames_csv(doc).splitlines()) == 1 + len(doc.frames["t"])


def test_hold_exercise_plot_shades_the_hold(samples):
    from formcheck.report.build import build_report
    from formcheck.runner import analyze_recording

    outcome = analyze_recording(samples / "plank.landmarks.jsonl.gz", analyzer_for("plank"))
    doc = build_report(outcome, input_kind="landmarks", input_path="x", model=None)
    assert doc.holds and doc.rep_count == 0
    svg = signal_svg(doc)
    assert svg.count('class="hold-span"') == len(doc.own_holds()) >= 1
    assert "reps (all)" not in render_html(doc)
