"""``-e auto``: recognise the exercise, split a workout into its sets, analyse each set as its exercise.

The poses are estimated once and kept (each segmentation mask read at once for what the back
contour needs, then dropped: :class:`PoseKeeper`); the sets are found and recognised on them
(:mod:`formcheck.analysis.recognise`), and each set is analysed on its own poses by its
exercise's analyzer, as ``-e NAME`` would on those frames. A video of one set with an annotated
video or thumbnails asked for is decoded a second time and drawn with the poses kept (they need the
decoded frames; nothing is estimated twice): :func:`draw_from_poses`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formcheck.analysis.analyzer import ExerciseAnalyzer
from formcheck.analysis.display import Display
from formcheck.analysis.measure.lumbopelvic import read_back_contours
from formcheck.analysis.recognise.trace import Tracer
from formcheck.analysis.results import ExerciseResult, FrameResult, RepRecord
from formcheck.core.types import PoseFrame
from formcheck.pipeline import RunOutcome, RunStatus, analyze_poses

if TYPE_CHECKING:
    from formcheck.analysis.recognise.sets import WorkoutSet
    from formcheck.application import Analysis, AnalysisOptions
    from formcheck.report.model import Report
    from formcheck.report.outputs import OutputLog
    from formcheck.runner import Progress

AUTO = "auto"
"""The ``--exercise`` value that recognises the exercise (the default)."""
PROBE_EXERCISE = "standing-knee-raise"
"""Reports an input without a single frame (any exercise without the mask would do)."""


class PoseKeeper:
    """The first pass's analyzer: keeps and measures every pose, analyses nothing (the sets are not known yet).

    With ``uses_mask`` (an exercise that may be recognised measures the back contour), each
    pose's mask is read at once for every way the back can face and dropped
    (:func:`~formcheck.analysis.measure.lumbopelvic.read_back_contours`): the sets' analyses
    then measure the back contour as they would on the mask, and nothing is estimated twice.
    """

    title = "Recognising the exercise"

    def __init__(self, make: Callable[[], ExerciseAnalyzer], *, uses_mask: bool = False) -> None:
        self.make = make
        self.uses_mask = uses_mask
        self.poses: list[PoseFrame] = []
        self.tracer = Tracer()
        """Every pose measured as it comes (what the sets are recognised from)."""

    @property
    def display(self) -> Display:
        """A plain display."""
        return Display()

    def step(self, pose: PoseFrame) -> FrameResult:
        """Keep and measure ``pose`` (with what the back contour needs of its mask instead of the mask)."""
        body = self.tracer.add(pose)
        if pose.mask is not None:
            pose = replace(pose, mask=None, back_contours=read_back_contours(pose, body))
        self.poses.append(pose)
        return FrameResult(pose.t, "unknown", 0, {}, {}, in_view=pose.detected)

    def reps_so_far(self) -> Sequence[RepRecord]:
        """None yet."""
        return ()

    def finish(self) -> ExerciseResult:
        """An empty result (the sets' results are made from :attr:`poses`)."""
        return self.make().finish()


def recognition_summary(found: WorkoutSet, number: int, of: int) -> dict[str, Any]:
    """The report's ``summary.recognition``: the exercise chosen, how sure, the runner-up, the evidence, the set."""
    return {
        **found.recognition.to_json(),
        "set": number, "sets": of, "start_s": round(found.start_s, 2), "end_s": round(found.end_s, 2),
    }  # fmt: skip


def recognition_warning(found: WorkoutSet) -> str | None:
    """One sentence when the exercise was not recognised for sure."""
    rec = found.recognition
    if rec.level == "sure":
        return None
    if rec.level == "likely":
        return f"exercise recognised as probably {rec.title} ({rec.confidence:.2f}): {rec.sentence}; set -e to be sure"
    closest = ", ".join(rec.closest())
    return (
        f"formcheck does not know this movement (best {rec.confidence:.2f}): what it measured is reported as the "
        f"closest exercise, {rec.title}; closest: {closest}. Choose one with -e if it is a catalogue exercise"
    )


def with_recognition(report: Report, found: WorkoutSet, number: int, of: int, extra: tuple[str, ...] = ()) -> Report:
    """``report`` with its recognition in the summary and, when unsure, a warning."""
    warning = recognition_warning(found)
    return replace(
        report,
        summary={**report.summary, "recognition": recognition_summary(found, number, of)},
        warnings=(*([warning] if warning else []), *extra, *report.warnings),
    )


def analyse_workout(
    path: Path,
    options: AnalysisOptions,
    *,
    save_landmarks: Path | None = None,
    annotate: Path | None = None,
    thumbnails: bool = False,
    progress: Progress | None = None,
    log: OutputLog | None = None,
) -> list[Analysis]:
    """Every set of the input, recognised and analysed, in time order (at least one).

    Raises :class:`~formcheck.errors.FormcheckError` before the first frame when the input, the
    model or the options are unusable; after it nothing is lost (an interrupted or truncated
    input is recognised and analysed as far as it was read).
    """
    from formcheck import runner
    from formcheck.analysis import registry
    from formcheck.analysis.recognise.sets import split_sets
    from formcheck.application import Analysis, make_analyzer
    from formcheck.io.landmarks_io import is_recording
    from formcheck.report.build import build_report
    from formcheck.report.outputs import OutputLog

    log = log if log is not None else OutputLog()
    registry.load_files([Path(p) for p in options.exercise_files])  # the user's exercises take part
    specs = [registry.get(name) for name in registry.names()]
    keeper = PoseKeeper(lambda: make_analyzer(PROBE_EXERCISE, options), uses_mask=any(s.uses_mask for s in specs))
    recording = is_recording(path)
    if recording:
        first = runner.analyze_recording(path, keeper, progress=progress)
    else:
        first = _first_pass(path, keeper, options, save_landmarks, progress)
        for failure in first.output_failures:
            log.fail(failure)
    poses = keeper.poses
    kind, model = ("landmarks", None) if recording else ("video", options.model)
    sets = split_sets(keeper.tracer.trace(), specs)
    if not sets:  # no frame at all: the probe exercise's report says so
        first.result = analyze_poses(poses, keeper.make())
        report = build_report(first, input_kind=kind, input_path=str(path), model=model)
        nothing = "no frame to recognise the exercise from: the report below is empty"
        return [Analysis(replace(report, warnings=(nothing, *report.warnings)), first)]
    if len(sets) == 1 and not recording and first.status is RunStatus.COMPLETE:
        spec = registry.get(sets[0].recognition.exercise)
        if annotate is not None or thumbnails:  # they need the decoded frames: a second decode, no estimation
            drawn = draw_from_poses(
                path, poses, first, spec.name, options, annotate=annotate, thumbnails=thumbnails, log=log
            )
            return [replace(drawn, report=with_recognition(drawn.report, sets[0], 1, 1))]
    if annotate is not None:
        log.fail(f"annotated video not written: the video holds {len(sets)} sets; analyse each with -e to draw it")
    out = []
    for number, found in enumerate(sets, start=1):
        analyzer = make_analyzer(found.recognition.exercise, options)
        result = analyze_poses(poses[found.start : found.end], analyzer)
        last = number == len(sets)
        outcome = RunOutcome(
            result, first.source, first.status if last else RunStatus.COMPLETE, list(first.notes) if last else [],
            pose_every=first.pose_every,
        )  # fmt: skip
        report = build_report(outcome, input_kind=kind, input_path=str(path), model=model)
        out.append(Analysis(with_recognition(report, found, number, len(sets)), outcome))
    return out


def draw_from_poses(
    path: Path, poses: Sequence[PoseFrame], first: RunOutcome, exercise: str, options: AnalysisOptions, *,
    annotate: Path | None, thumbnails: bool, log: OutputLog,
) -> Analysis:  # fmt: skip
    """``exercise``'s analysis of the kept ``poses`` of ``first``, drawn on the video decoded again.

    The analyzer steps on exactly the poses kept (the report is the one a replay of them gives); a
    frame without a pose of its own (every second frame of a 60 fps video) is drawn with the pose
    and result before it.
    """
    from formcheck.application import make_analyzer, video_analysis
    from formcheck.io.sources import VideoFileSource
    from formcheck.pipeline import step
    from formcheck.render.frame_outputs import frame_outputs

    analyzer = make_analyzer(exercise, options)
    by_index = {pose.index: pose for pose in poses}
    with (
        VideoFileSource(path, prefetch=options.prefetch, decode_threads=options.decode_threads) as video,
        frame_outputs(video.info, analyzer, annotate=annotate, thumbnails=thumbnails, log=log) as extra,
    ):
        shown: tuple[PoseFrame, FrameResult] | None = None
        for frame in video:
            pose = by_index.get(frame.index)
            if pose is not None:
                shown = (pose, step(analyzer, frame, pose, (), extra.observers))
            elif shown is not None:
                before, result = shown
                for observe in extra.observers:
                    observe(frame, replace(before, index=frame.index, t=frame.t), result)
            if frame.index >= first.source.frames - 1:
                break  # the first pass ended here (truncated or interrupted): so does the drawing
        outcome = RunOutcome(
            analyzer.finish(), first.source, first.status, list(first.notes), pose_every=first.pose_every
        )
    return video_analysis(outcome, extra, path, options)


def _first_pass(
    path: Path, keeper: PoseKeeper, options: AnalysisOptions, save_landmarks: Path | None, progress: Any
) -> RunOutcome:
    """Decode and estimate every pose (no mask), keeping them."""
    from formcheck import runner
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.protocol import PoseSettings

    model_dir = Path(options.model_dir) if options.model_dir else None
    pose = PoseSettings(options.model, model_dir, person=options.person)  # type: ignore[arg-type]
    with VideoFileSource(path, prefetch=options.prefetch, decode_threads=options.decode_threads) as video:
        return runner.analyze_video(
            video, keeper, pose=pose, save_landmarks=save_landmarks, progress=progress,
            jobs=options.jobs, every_frame=options.every_frame,
        )  # fmt: skip
