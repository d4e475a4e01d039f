"""``formcheck live``: a webcam session with on-screen feedback; nothing lost when it ends badly.

Exit codes: 0 quit or end of a --source file; 1 camera/model cannot be opened; 3 the camera
stopped delivering frames (or a --source file broke off); 130 Ctrl-C / SIGTERM. The report
of everything analysed is written in every case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from formcheck.analysis.analyzer import ExerciseAnalyzer, SetAnalyzer
from formcheck.application import AnalysisOptions, live_session_reports, make_analyzer
from formcheck.cli.analyze import JsonOpt, NoLogOpt, exit_code, record_in_log
from formcheck.cli.app import (
    EXIT_OK,
    EXIT_OUTPUT,
    AthleteOpt,
    ConfigOpt,
    DbOpt,
    ExerciseFileOpt,
    ExerciseOpt,
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
from formcheck.cli.outputs import terminal_log
from formcheck.cli.progress import sigterm_as_interrupt
from formcheck.pipeline import RunOutcome
from formcheck.report.outputs import OutputRequest, write_outputs
from formcheck.report.terminal import render

if TYPE_CHECKING:
    from formcheck.io.sources import CameraSource
    from formcheck.live.keep_up import Level
    from formcheck.live.session import LiveOutcome
    from formcheck.pose.protocol import PoseEstimator


CameraIndexOpt = Annotated[int | None, typer.Option("--camera", help="Webcam index (default 0).")]
StandInOpt = Annotated[Path | None, typer.Option("--source", help="Play a video file as if it were the camera.")]
RecordOpt = Annotated[
    Path | None,
    typer.Option("--record", help="Save every frame, annotated, at its capture time (.mp4 H.264, or .webm VP9)."),
]
HeadlessOpt = Annotated[bool, typer.Option("--headless", help="No window (feedback in the report only).")]
FastOpt = Annotated[
    bool,
    typer.Option("--as-fast-as-possible", help="With --source: no real-time pacing, no dropped frames (for tests)."),
]
MaxWidthOpt = Annotated[
    int,
    typer.Option(
        "--max-width", min=0, help="Scale camera frames wider than this (px) down once, on capture (0: never)."
    ),
]
SpeakOpt = Annotated[bool, typer.Option("--speak", help="Speak cues (needs espeak-ng).")]


@app.command("live")
def live_cmd(
    exercise: ExerciseOpt,
    exercise_file: ExerciseFileOpt = None,
    camera: CameraIndexOpt = None,
    source: StandInOpt = None,
    model: ModelOpt = "full",
    model_dir: ModelDirOpt = None,
    side: SideOpt = "auto",
    config: ConfigOpt = None,
    json_path: JsonOpt = None,
    record: RecordOpt = None,
    headless: HeadlessOpt = False,
    fast: FastOpt = False,
    speak: SpeakOpt = False,
    db: DbOpt = None,
    no_log: NoLogOpt = False,
    person: PersonOpt = "auto",
    athlete: AthleteOpt = None,
    max_width: MaxWidthOpt = 1280,
) -> None:
    """Analyse a live session from a webcam (or a video standing in for one), with feedback on screen."""
    from formcheck.io.sources import CameraSource
    from formcheck.live.window import NO_DISPLAY, display_available
    from formcheck.pose.protocol import PoseSettings, open_estimator

    if camera is not None and source is not None:
        raise typer.BadParameter("use either --camera or --source, not both")
    if record is not None and record.suffix.lower() not in (".mp4", ".webm"):
        raise typer.BadParameter(f"{record}: recordings are .mp4 (H.264) or .webm (VP9)", param_hint="--record")
    if not headless and not display_available():
        err.print(f"[yellow]notice:[/yellow] {NO_DISPLAY}")
        headless = True
    with errors_to_exit():
        options = AnalysisOptions(side=side, config=str(config) if config else None)
        make = _analyzers(exercise, options)
        first = make(side)  # the exercise and its config checked before the camera opens
        device: int | str = str(source) if source is not None else (camera or 0)
        settings = PoseSettings(model, model_dir, first.uses_mask, person=person_choice(person))
        with CameraSource(device, max_width=max_width or None) as cam, open_estimator(settings) as est:
            outcome, used = _run_session(
                cam,
                est,
                first,
                make,
                side=side,
                record=record,
                headless=headless,
                fast=fast,
                speak=speak,
                step_down=lambda level: open_estimator(
                    replace(settings, model=level.model, input_width=level.input_width)
                ),
                model=model,
            )
        _finish(outcome, str(device), used, json_path=json_path, db=db, log=not no_log, record=record, athlete=athlete)


def _analyzers(exercise: str, options: AnalysisOptions) -> Callable[[str], SetAnalyzer]:
    """The analyzer of each set, by side: the exercise's, or one recognising it first (``auto``)."""
    if exercise != "auto":
        make_analyzer(exercise, options)  # checked now, before the camera opens
        return lambda side: make_analyzer(exercise, replace(options, side=side))
    from formcheck.analysis import registry
    from formcheck.analysis.recognise.online import RecognisingAnalyzer

    specs = [make_analyzer(name, options).spec for name in registry.names()]  # the config checked for each, now
    return lambda side: RecognisingAnalyzer(lambda name: make_analyzer(name, replace(options, side=side)), specs)


def _run_session(
    cam: CameraSource,
    est: PoseEstimator,
    first: SetAnalyzer,
    make: Callable[[str], SetAnalyzer],
    *,
    side: str,
    record: Path | None,
    headless: bool,
    fast: bool,
    speak: bool,
    step_down: Callable[[Level], PoseEstimator] | None = None,
    model: str = "full",
) -> tuple[LiveOutcome, str]:
    """The session with its window, recorder and speaker, each closed whatever happens; the model used last.

    ``step_down`` opens a cheaper estimator when the machine cannot keep up (see
    :mod:`formcheck.live.keep_up`).
    """
    from formcheck.live.record import SessionRecorder
    from formcheck.live.session import LiveOptions, LiveSession
    from formcheck.live.speech import Speaker
    from formcheck.live.window import HELP, LiveWindow

    speaker = Speaker.find() if speak else None
    if speak and speaker is None:
        err.print("[yellow]warning:[/yellow] no offline speech engine found (apt-get install espeak-ng)")
    err.print(
        f"{first.title}: step back until your whole body is in view"
        + (
            ", and stand side-on to the camera"
            if isinstance(first, ExerciseAnalyzer) and first.spec.view == "side"
            else ""
        )
        + ". Counting starts in the start position."
        + ("" if headless else f"\n{HELP}")
    )
    writer = SessionRecorder(record, fps=cam.fps, size=cam.image_size) if record is not None else None
    window = None if headless else LiveWindow(f"formcheck — {first.title}")
    opts = LiveOptions(title=first.title, side=side, realtime=not fast, drop_stale=not fast, model=model)
    session = LiveSession(
        cam,
        est,
        make,
        opts,
        window=window,
        sinks=(writer,) if writer is not None else (),
        speaker=speaker,
        step_down=step_down,
        say=lambda sentence: err.print(f"[yellow]note:[/yellow] {sentence}"),
    )
    try:
        with sigterm_as_interrupt():
            return session.run(), session.model
    finally:
        if window is not None:
            window.close()
        if writer is not None:
            writer.close()
        if speaker is not None:
            speaker.close()


def _finish(
    outcome: Any,
    source: str,
    model: str,
    *,
    json_path: Path | None,
    db: Path | None,
    log: bool,
    record: Path | None,
    athlete: str | None = None,
) -> None:
    """Summary in the terminal, JSON report, training log (as ``athlete``'s sessions), exit code."""
    live = outcome.stats.to_json()
    reports = live_session_reports(outcome.sets, live, outcome.status.value, outcome.notes, source, model)
    last = reports[-1]
    render(last, out)
    lat = live["latency_ms"]
    err.print(
        f"{live['frames_processed']} frames analysed, {live['frames_dropped']} dropped; capture-to-overlay "
        f"latency median {lat['median']} ms, p95 {lat['p95']} ms"
    )
    if record is not None:
        err.print(f"annotated video written to {record}")
    outputs = terminal_log()
    write_outputs(last, OutputRequest(json=json_path), outputs)
    if log:
        for report, analysed in zip(reports, outcome.sets, strict=True):
            if analysed.result.frames_with_person:
                record_in_log(report, db, outputs, athlete=athlete)
    # A session counts as a success when any of its sets saw the person (the last one may be
    # a set started with `r` just before quitting, or after the person walked away).
    best = max(outcome.sets, key=lambda s: s.result.frames_with_person)
    code = exit_code(RunOutcome(best.result, best.source, outcome.status))
    raise typer.Exit(EXIT_OUTPUT if code == EXIT_OK and outputs.failed else code)
