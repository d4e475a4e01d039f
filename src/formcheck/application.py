"""The application layer: an input, an exercise and options in; a :class:`~formcheck.report.model.Report` out.

Every way into formcheck that analyses a file goes through :func:`analyse` (``formcheck analyze``,
each file of ``formcheck batch``, the benchmarks, the golden reports), and every file it writes
goes through :func:`~formcheck.report.outputs.write_outputs`; a live session builds its reports
with :func:`live_report`. The commands only parse arguments, show progress and print.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formcheck.analysis.analyzer import ExerciseAnalyzer
from formcheck.io import PREFETCH
from formcheck.log.athletes import DEFAULT_ATHLETE
from formcheck.pipeline import RunOutcome
from formcheck.report.model import Report
from formcheck.report.outputs import OutputLog
from formcheck.runner import Progress

if TYPE_CHECKING:
    from formcheck.log.store import LoggedSession
    from formcheck.render.frame_outputs import FrameOutputs


@dataclass(frozen=True)
class AnalysisOptions:
    """How to analyse (plain data: it travels to worker processes and Ray tasks).

    Attributes:
        side: ``auto``, ``left`` or ``right``: the leg or side analysed.
        config: a TOML file of threshold overrides (``[exercise.NAME]`` tables).
        exercise_files: TOML files declaring exercises to load first.
        model: pose model, ``lite``, ``full`` or ``heavy``.
        model_dir: folder of the model files (None: the packaged ones).
        person: whom to follow when several people are in view.
        jobs: worker processes estimating a long video's segments (1: this process).
        decode_threads: decoding threads (0: the decoder's choice; 1 in a worker that has a core to itself).
        prefetch: frames decoded ahead on a thread (0: decode in line with inference, as a worker does).
        every_frame: estimate the pose on every frame even above 30 fps (default: every second
            frame of a 60 fps video, see :mod:`formcheck.pose.rate`).

    """

    side: str = "auto"
    config: str | None = None
    exercise_files: tuple[str, ...] = ()
    model: str = "full"
    model_dir: str | None = None
    person: str = "auto"
    jobs: int = 1
    decode_threads: int = 0
    prefetch: int = PREFETCH
    every_frame: bool = False

    def identity(self) -> dict[str, Any]:
        """The options a report depends on (how many processes or threads did the work does not change it)."""
        return {
            "side": self.side, "config": self.config, "model": self.model, "model_dir": self.model_dir,
            "person": self.person, "exercise_files": list(self.exercise_files),
            **({"every_frame": False} if not self.every_frame else {}),
        }  # fmt: skip


@dataclass
class Analysis:
    """One analysed input: its report, how the run ended, and the thumbnails (JPEG by rep number, or hold number)."""

    report: Report
    outcome: RunOutcome
    thumbnails: Mapping[int, bytes] = field(default_factory=dict)
    sets: tuple[Analysis, ...] = ()
    """With ``exercise="auto"``: every set of the input (this is the first), see :mod:`formcheck.workout`."""


def make_analyzer(exercise: str, options: AnalysisOptions = AnalysisOptions()) -> ExerciseAnalyzer:
    """The analyzer of ``exercise`` with the options' exercise files loaded and thresholds overridden.

    Raises :class:`~formcheck.errors.FormcheckError` (unknown exercise, bad file or config) naming what is wrong.
    """
    from formcheck.analysis import registry
    from formcheck.config import load_exercise_config

    registry.load_files([Path(p) for p in options.exercise_files])
    spec = registry.get(exercise)
    config = load_exercise_config(spec, Path(options.config)) if options.config else None
    return ExerciseAnalyzer(spec, config, side=options.side)


def analyse(
    path: Path,
    exercise: str,
    options: AnalysisOptions = AnalysisOptions(),
    *,
    save_landmarks: Path | None = None,
    annotate: Path | None = None,
    thumbnails: bool = False,
    progress: Progress | None = None,
    log: OutputLog | None = None,
) -> Analysis:
    """Analyse a video or a landmark recording as ``exercise``; the report of everything analysed.

    ``exercise="auto"`` recognises it and splits a workout into sets: the first set is returned,
    every set in its ``sets`` (:func:`formcheck.workout.analyse_workout`).

    ``annotate`` writes the video with the analysis drawn, ``thumbnails`` keeps a picture of each
    rep's top (both need a video); a file that cannot be written is noted in ``log`` and never
    stops the analysis. Raises :class:`~formcheck.errors.FormcheckError` before the first frame
    when the input, the model or the options are unusable; after it nothing is lost (the outcome
    says how the run ended).
    """
    from formcheck import runner
    from formcheck.io.landmarks_io import is_recording
    from formcheck.report.build import build_report
    from formcheck.workout import AUTO, analyse_workout

    if exercise == AUTO:
        sets = analyse_workout(
            path, options, save_landmarks=save_landmarks, annotate=annotate, thumbnails=thumbnails,
            progress=progress, log=log,
        )  # fmt: skip
        return replace(sets[0], sets=tuple(sets))
    analyzer = make_analyzer(exercise, options)
    log = log if log is not None else OutputLog()
    if is_recording(path):
        outcome = runner.analyze_recording(path, analyzer, progress=progress)
        return Analysis(build_report(outcome, input_kind="landmarks", input_path=str(path), model=None), outcome)
    outcome, extra = _analyse_video(path, analyzer, options, save_landmarks, annotate, thumbnails, progress, log)
    return video_analysis(outcome, extra, path, options)


def video_analysis(outcome: RunOutcome, extra: FrameOutputs, path: Path, options: AnalysisOptions) -> Analysis:
    """The analysis of a video run: its report, with a thumbnail of each rep's top (or each hold's middle)."""
    from formcheck.report.build import build_report

    report = build_report(outcome, input_kind="video", input_path=str(path), model=options.model)
    pictures = extra.thumbnails
    if report.counts_holds and extra.during_holds:
        from formcheck.render.annotate import hold_thumbnails

        pictures = hold_thumbnails([(h.start_s, h.end_s) for h in report.own_holds()], extra.during_holds)
    return Analysis(report, outcome, pictures)


def _analyse_video(
    path: Path, analyzer: ExerciseAnalyzer, options: AnalysisOptions, save_landmarks: Path | None,
    annotate: Path | None, thumbnails: bool, progress: Progress | None, log: OutputLog,
) -> tuple[RunOutcome, FrameOutputs]:  # fmt: skip
    """Decode, estimate, analyse; the annotated video and thumbnails written in the same pass."""
    from formcheck import runner
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.protocol import PoseSettings
    from formcheck.render.frame_outputs import frame_outputs

    model_dir = Path(options.model_dir) if options.model_dir else None
    pose = PoseSettings(options.model, model_dir, person=options.person)  # type: ignore[arg-type]
    with (
        VideoFileSource(path, prefetch=options.prefetch, decode_threads=options.decode_threads) as video,
        frame_outputs(video.info, analyzer, annotate=annotate, thumbnails=thumbnails, log=log) as extra,
    ):
        outcome = runner.analyze_video(
            video, analyzer, pose=pose, save_landmarks=save_landmarks, progress=progress,
            frame_observers=extra.observers, jobs=options.jobs, every_frame=options.every_frame or annotate is not None,
        )  # fmt: skip
    for failure in outcome.output_failures:
        log.fail(failure)
    return outcome, extra


def live_report(outcome: RunOutcome, live: Mapping[str, Any], source: str, model: str) -> Report:
    """The report of one set of a live session, with the session's statistics."""
    from formcheck.report.build import build_report

    report = build_report(outcome, input_kind="camera", input_path=source, model=model)
    dropped = (
        (
            f"{live['frames_dropped']} of {live['frames_captured']} camera frames dropped because the analysis "
            "fell behind (try --model lite)",
        )
        if live["frames_dropped"]
        else ()
    )
    return replace(report, live=live, warnings=(*report.warnings, *dropped))


def live_session_reports(
    sets: Sequence[RunOutcome], live: Mapping[str, Any], status: str, notes: Sequence[str], source: str, model: str
) -> list[Report]:
    """One report per set of a live session; the last carries how the session ended, its notes and the sets before."""
    reports = [live_report(s, {**live, "set": i + 1, "sets": len(sets)}, source, model) for i, s in enumerate(sets)]
    reports[-1] = replace(
        reports[-1], status=status, warnings=(*notes, *reports[-1].warnings), previous_sets=tuple(reports[:-1])
    )
    return reports


def input_key(path: Path, exercise: str, options: AnalysisOptions) -> str:
    """Identity of one input analysed with these options (the file as it is now: path, size, modification time).

    The training log keeps one session per key: the same video analysed again replaces its session.
    """
    import hashlib
    import json

    st = path.stat()
    parts: dict[str, Any] = {
        "path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "exercise": exercise,
        "options": options.identity(),
    }  # fmt: skip
    for name in [options.config, *options.exercise_files]:
        if name:
            parts[f"file:{name}"] = hashlib.sha256(Path(name).read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def log_session(
    report: Report, db: Path | None, log: OutputLog, *, input_key: str | None = None, athlete: str = DEFAULT_ATHLETE
) -> LoggedSession | None:
    """Add the session to ``athlete``'s in the training log (replacing theirs of the same ``input_key``).

    A problem (a bad name included) is one line in ``log``, never a lost report. The session logged,
    None when it could not be.
    """
    import sqlite3

    from formcheck.errors import FormcheckError, describe_os_error
    from formcheck.log import log_session as add
    from formcheck.log.store import describe_sqlite_error

    try:
        return add(report, db, input_key=input_key, athlete=athlete)
    except OSError as exc:
        log.fail(f"session not added to the training log: {describe_os_error(exc)}")
    except (sqlite3.Error, FormcheckError) as exc:  # full disk, locked or damaged database
        log.fail(f"session not added to the training log: {describe_sqlite_error(exc)}")
    return None
