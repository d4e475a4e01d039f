"""``formcheck analyze``: a video or a landmark recording in, a per-rep report out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from formcheck.application import AnalysisOptions, analyse, input_key, log_session
from formcheck.cli.app import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_PARTIAL,
    AthleteOpt,
    ConfigOpt,
    DbOpt,
    ExerciseFileOpt,
    ExerciseOpt,
    JobsOpt,
    ModelDirOpt,
    ModelOpt,
    PersonOpt,
    SideOpt,
    app,
    err,
    errors_to_exit,
    out,
    person_choice,
)
from formcheck.cli.outputs import CsvOpt, FramesCsvOpt, HtmlOpt, terminal_log
from formcheck.cli.progress import progress_bar, sigterm_as_interrupt
from formcheck.io import prefetch_for
from formcheck.io.landmarks_io import is_recording
from formcheck.log.athletes import DEFAULT_ATHLETE
from formcheck.log.schema import PARTIAL_STATUSES
from formcheck.pipeline import RunOutcome, RunStatus
from formcheck.pose.parallel import available_cores
from formcheck.report.model import Report
from formcheck.report.outputs import OutputLog, OutputRequest, write_outputs
from formcheck.report.terminal import render


def exit_code(outcome: RunOutcome) -> int:
    """Exit status for how the run ended (see :mod:`formcheck.cli.app`)."""
    if outcome.status is RunStatus.INTERRUPTED:
        return EXIT_INTERRUPTED
    if outcome.status in (RunStatus.TRUNCATED, RunStatus.SOURCE_LOST):
        return EXIT_PARTIAL
    if outcome.result.frames_with_person == 0:
        return EXIT_ERROR
    return EXIT_OK


def emit(report: Report, *, fmt: str) -> None:
    """Print the report on stdout: the table, or the JSON document."""
    if fmt == "json":
        out.print_json(json.dumps(report.to_json()))
    else:
        render(report, out)


JsonOpt = Annotated[Path | None, typer.Option("--json", help="Write the JSON report here.")]
SaveLandmarksOpt = Annotated[
    Path | None, typer.Option("--save-landmarks", help="Also record the landmarks (replay later with `analyze FILE`).")
]
FormatOpt = Annotated[str, typer.Option("--format", help="stdout format: table or json.")]
ProgressOpt = Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")]
AnnotateOpt = Annotated[
    Path | None,
    typer.Option(
        "--annotate", help="Write the video with skeleton, angles, reps and cues drawn (.mp4 H.264, or .webm VP9)."
    ),
]
EveryFrameOpt = Annotated[
    bool,
    typer.Option(
        "--every-frame/--pose-rate-30",
        help="Estimate the pose on every frame, or at about 30 a second (the default: every second frame of a "
        "60 fps video, about twice as fast, with the same counts, holds and faults on the labelled 60 fps clip).",
    ),
]
NoLogOpt = Annotated[bool, typer.Option("--no-log", help="Do not record this session in the training log.")]


@app.command("analyze")
def analyze_cmd(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="Video file, or a .landmarks.jsonl[.gz] recording.")
    ],
    exercise: ExerciseOpt = "auto",
    exercise_file: ExerciseFileOpt = None,
    side: SideOpt = "auto",
    model: ModelOpt = "full",
    model_dir: ModelDirOpt = None,
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
    save_landmarks: SaveLandmarksOpt = None,
    fmt: FormatOpt = "table",
    progress: ProgressOpt = True,
    html: HtmlOpt = None,
    annotate: AnnotateOpt = None,
    csv: CsvOpt = None,
    frames_csv: FramesCsvOpt = None,
    db: DbOpt = None,
    no_log: NoLogOpt = False,
    person: PersonOpt = "auto",
    athlete: AthleteOpt = None,
    jobs: JobsOpt = None,
    every_frame: EveryFrameOpt = False,
) -> None:
    """Analyse a recorded exercise and print a per-rep report."""
    chosen = person_choice(person)
    if fmt not in ("table", "json"):
        raise typer.BadParameter("choose from: table, json", param_hint="--format")
    if annotate is not None and is_recording(input_path):
        raise typer.BadParameter("needs a video input (a landmark recording has no pixels)", param_hint="--annotate")
    log = terminal_log()
    cores = jobs or available_cores()
    options = AnalysisOptions(
        side=side, config=str(config) if config else None, model=model, model_dir=str(model_dir) if model_dir else None,
        person=chosen, jobs=cores, prefetch=prefetch_for(cores), every_frame=every_frame,
    )  # fmt: skip
    with errors_to_exit():
        with sigterm_as_interrupt(), progress_bar(f"analysing {input_path.name}", enabled=progress) as bar:
            analysis = analyse(
                input_path, exercise, options, save_landmarks=save_landmarks, annotate=annotate,
                thumbnails=html is not None, progress=bar, log=log,
            )  # fmt: skip
        sets = analysis.sets or (analysis,)
        emit_sets([a.report for a in sets], fmt=fmt)
        codes = []
        for number, one in enumerate(sets, start=1):
            request = OutputRequest(json=json_path, html=html, csv=csv, frames_csv=frames_csv, video=annotate)
            write_outputs(one.report, set_request(request, number, len(sets)), log, thumbnails=one.thumbnails)
            key = input_key(input_path, exercise if len(sets) == 1 else f"{exercise}#set{number}", options)
            codes.append(_close_session(one.report, one.outcome, log, db=db, no_log=no_log, key=key, athlete=athlete))
        if len(sets) > 1:
            write_workout([a.report for a in sets], json_path, html, log)
        if annotate is not None and annotate.is_file() and not log.failed_about(annotate):
            err.print(f"annotated video written to {annotate}")
        raise typer.Exit(max(codes, key=lambda c: (c != EXIT_OK, c)))


def write_workout(reports: list[Report], json_path: Path | None, html: Path | None, log: OutputLog) -> None:
    """A workout of several sets: ``--json`` the workout document, ``--html`` one page with a section per set.

    Each set's own files are the same names with ``-setN`` (:func:`set_request`).
    """
    from formcheck.report.atomic import write_text_atomic
    from formcheck.report.build import write_json_atomic
    from formcheck.report.workout_html import render_workout_html

    if json_path is not None:
        doc = workout_document(reports)
        log.attempt("workout JSON", json_path, lambda: write_json_atomic(json_path, doc))
    if html is not None:
        pages = [set_request(OutputRequest(html=html), n, len(reports)).html for n in range(1, len(reports) + 1)]
        page = render_workout_html(reports, pages)
        log.attempt("workout HTML", html, lambda: write_text_atomic(html, page))


def workout_document(reports: list[Report]) -> dict[str, object]:
    """``{"schema": "formcheck.workout/1", "sets": [formcheck.report/1, ...]}``."""
    return {"schema": WORKOUT_SCHEMA, "sets": [r.to_json() for r in reports]}


def emit_sets(reports: list[Report], *, fmt: str) -> None:
    """Print every set's report: one after the other (table), or one JSON document (a workout of several)."""
    if len(reports) == 1:
        emit(reports[0], fmt=fmt)
        return
    if fmt == "json":
        out.print_json(json.dumps(workout_document(reports)))
        return
    for number, report in enumerate(reports, start=1):
        rec = report.summary.get("recognition", {})
        out.rule(f"set {number} of {len(reports)}: {rec.get('start_s', 0):.1f}-{rec.get('end_s', 0):.1f} s")
        render(report, out)


WORKOUT_SCHEMA = "formcheck.workout/1"
"""A JSON document of several sets: ``{"schema": ..., "sets": [formcheck.report/1, ...]}``."""


def set_request(request: OutputRequest, number: int, of: int) -> OutputRequest:
    """The files of set ``number`` of ``of``: the names asked for, with ``-setN`` before the suffix when ``of`` > 1."""
    if of == 1:
        return request

    def named(path: Path | None) -> Path | None:
        if path is None:
            return None
        return path.with_name(f"{path.name.split('.')[0]}-set{number}{''.join(path.suffixes)}")

    return OutputRequest(
        json=named(request.json), html=named(request.html), csv=named(request.csv),
        frames_csv=named(request.frames_csv), video=None,
    )  # fmt: skip


def _close_session(
    report: Report,
    outcome: RunOutcome,
    log: OutputLog,
    *,
    db: Path | None,
    no_log: bool,
    key: str | None,
    athlete: str | None = None,
) -> int:
    """Log the session as ``athlete``'s (unless nobody was seen or ``no_log``); the exit code."""
    code = exit_code(outcome)
    if code == EXIT_ERROR:
        err.print("[bold red]error:[/bold red] no person was detected in the input; nothing to analyse")
    elif not no_log:
        record_in_log(report, db, log, key=key, athlete=athlete)
    return EXIT_OUTPUT if code == EXIT_OK and log.failed else code


def record_in_log(
    report: Report, db: Path | None, log: OutputLog, *, key: str | None = None, athlete: str | None = None
) -> None:
    """Add the session to the training log and say so; a log problem is one line (and exit 4), never a lost report.

    ``key``: the input and options (:func:`~formcheck.application.input_key`): the session replaces one of the same
    athlete with the same. ``athlete``: whose session it is (None: :data:`~formcheck.log.athletes.DEFAULT_ATHLETE`).
    """
    logged = log_session(report, db, log, input_key=key, athlete=athlete or DEFAULT_ATHLETE)
    if logged is None:
        return
    replacing = ", ".join(str(i) for i in logged.replaced)
    what = f", replacing session {replacing} (the same input and options)" if replacing else ""
    partial = (
        ", as partial (stopped before the end: left out of the trends)" if report.status in PARTIAL_STATUSES else ""
    )
    whose = f" of {escape(athlete)}" if athlete and athlete != DEFAULT_ATHLETE else ""
    err.print(f"logged as session {logged.id}{whose}{what}{partial}; see `formcheck history`")
