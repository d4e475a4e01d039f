"""``formcheck analyze``: a video or a landmark recording in, a per-rep report out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from formcheck import runner
from formcheck.analysis import registry
from formcheck.analysis.base import Analyzer
from formcheck.cli.app import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_PARTIAL,
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
from formcheck.cli.outputs import (
    CsvOpt,
    FramesCsvOpt,
    HtmlOpt,
    OutputLog,
    frame_outputs,
    save_outputs,
)
from formcheck.cli.progress import progress_bar, sigterm_as_interrupt
from formcheck.errors import FormcheckError, describe_os_error
from formcheck.io.landmarks_io import is_recording
from formcheck.pipeline import RunOutcome, RunStatus
from formcheck.pose.parallel import available_cores
from formcheck.pose.protocol import PoseSettings
from formcheck.report.build import build_report, write_json_atomic
from formcheck.report.model import Report
from formcheck.report.terminal import render


def make_analyzer(exercise: str, side: str, config_path: Path | None) -> Analyzer:
    """Instantiate the analyzer with thresholds from ``config_path`` when given."""
    from formcheck.config import load_exercise_config

    cls = registry.get(exercise)
    config = load_exercise_config(cls, config_path) if config_path is not None else None
    return cls(config, side=side)  # type: ignore[arg-type]


def exit_code(outcome: RunOutcome) -> int:
    """Exit status for how the run ended (see :mod:`formcheck.cli.app`)."""
    if outcome.status is RunStatus.INTERRUPTED:
        return EXIT_INTERRUPTED
    if outcome.status in (RunStatus.TRUNCATED, RunStatus.SOURCE_LOST):
        return EXIT_PARTIAL
    if outcome.result.frames_with_person == 0:
        return EXIT_ERROR
    return EXIT_OK


def emit(report: Report, log: OutputLog, *, json_path: Path | None, fmt: str) -> None:
    """Print the report (table or JSON on stdout), then write the JSON file when asked."""
    if fmt == "json":
        out.print_json(json.dumps(report.to_json()))
    else:
        render(report, out)
    if json_path is not None:
        log.attempt("JSON report", json_path, lambda: write_json_atomic(json_path, report.to_json()))


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
NoLogOpt = Annotated[bool, typer.Option("--no-log", help="Do not record this session in the training log.")]


@app.command("analyze")
def analyze_cmd(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="Video file, or a .landmarks.jsonl[.gz] recording.")
    ],
    exercise: ExerciseOpt,
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
    jobs: JobsOpt = None,
) -> None:
    """Analyse a recorded exercise and print a per-rep report."""
    chosen = person_choice(person)
    if fmt not in ("table", "json"):
        raise typer.BadParameter("choose from: table, json", param_hint="--format")
    recording = is_recording(input_path)
    if annotate is not None and recording:
        raise typer.BadParameter("needs a video input (a landmark recording has no pixels)", param_hint="--annotate")
    log = OutputLog()
    with errors_to_exit():
        analyzer = make_analyzer(exercise, side, config)
        with sigterm_as_interrupt(), progress_bar(f"analysing {input_path.name}", enabled=progress) as bar:
            if recording:
                outcome, thumbs = runner.analyze_recording(input_path, analyzer, progress=bar), None
            else:
                from formcheck.io.sources import VideoFileSource

                cores = jobs or available_cores()
                with (
                    VideoFileSource(input_path, prefetch=8 if cores > 1 else 0) as video,
                    frame_outputs(
                        video.info, analyzer, annotate=annotate, thumbnails=html is not None, log=log
                    ) as extra,
                ):
                    outcome = runner.analyze_video(
                        video,
                        analyzer,
                        pose=PoseSettings(model, model_dir, person=chosen),
                        save_landmarks=save_landmarks,
                        progress=bar,
                        frame_observers=extra.observers,
                        jobs=cores,
                    )
                thumbs = extra.thumbnails
        report = build_report(
            outcome,
            input_kind="landmarks" if recording else "video",
            input_path=str(input_path),
            model=None if recording else model,
        )
        _write_everything(
            report,
            outcome,
            log,
            json_path=json_path,
            fmt=fmt,
            html=html,
            csv=csv,
            frames_csv=frames_csv,
            thumbnails=thumbs,
            annotate=annotate,
        )
        raise typer.Exit(_close_session(report, outcome, log, db=db, no_log=no_log))


def _write_everything(
    report: Report,
    outcome: RunOutcome,
    log: OutputLog,
    *,
    json_path: Path | None,
    fmt: str,
    html: Path | None,
    csv: Path | None,
    frames_csv: Path | None,
    thumbnails: Any,
    annotate: Path | None,
) -> None:
    """Print the report, then write each requested output on its own."""
    for failure in outcome.output_failures:
        log.fail(failure)
    emit(report, log, json_path=json_path, fmt=fmt)
    if annotate is not None and annotate.is_file() and not log.failed_about(annotate):
        err.print(f"annotated video written to {annotate}")
    save_outputs(report, log, html=html, csv=csv, frames_csv=frames_csv, thumbnails=thumbnails, video=annotate)


def _close_session(report: Report, outcome: RunOutcome, log: OutputLog, *, db: Path | None, no_log: bool) -> int:
    """Log the session (unless nobody was seen or ``no_log``); the exit code."""
    code = exit_code(outcome)
    if code == EXIT_ERROR:
        err.print("[bold red]error:[/bold red] no person was detected in the input; nothing to analyse")
    elif not no_log:
        record_in_log(report, db, log)
    return EXIT_OUTPUT if code == EXIT_OK and log.failed else code


def record_in_log(report: Report, db: Path | None, log: OutputLog) -> None:
    """Add the session to the training log; a log problem is one line (and exit 4), never a lost report."""
    import sqlite3

    from formcheck.log import log_session

    try:
        session_id = log_session(report, db)
    except OSError as exc:
        log.fail(f"session not added to the training log: {describe_os_error(exc)}")
    except (sqlite3.Error, FormcheckError) as exc:  # full disk, locked or damaged database
        log.fail(f"session not added to the training log: {exc}")
    else:
        err.print(f"logged as session {session_id} (see `formcheck history`)")
