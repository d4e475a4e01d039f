"""``formcheck batch``: analyse a backlog of videos, in parallel, resumable, one report each.

Exit codes: 0 every file analysed; 1 some files failed (listed; the others are done);
3 some files were only partly analysed (truncated); 4 an output could not be written;
130 interrupted (a rerun with the same arguments finishes the rest).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from formcheck.application import AnalysisOptions
from formcheck.batch.outputs import BatchOutputs
from formcheck.batch.plan import BatchPlan, plan_batch
from formcheck.batch.task import FileResult
from formcheck.cli import logs
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
    ModelDirOpt,
    ModelOpt,
    PersonOpt,
    SideOpt,
    app,
    err,
    errors_to_exit,
    exercise_names,
    out,
    person_choice,
    warn_skipped_exercise_files,
)
from formcheck.cli.progress import progress_columns, sigterm_as_interrupt
from formcheck.log.athletes import DEFAULT_ATHLETE

InputsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="INPUTS...", help="Videos, landmark recordings, folders (searched recursively) or glob patterns."
    ),
]
OutOpt = Annotated[
    Path, typer.Option("--out", "-o", help="Folder for the reports, summary.csv and the ledger.", file_okay=False)
]
BatchExerciseOpt = Annotated[
    str | None,
    typer.Option(
        "--exercise",
        "-e",
        help="Exercise of every file (files matched by --map take the map's; default auto: each recognised).",
    ),
]
MapOpt = Annotated[
    Path | None,
    typer.Option(
        "--map",
        help="File of 'PATTERN EXERCISE' lines (glob on the file name or path, first match wins).",
        dir_okay=False,
    ),
]
RayOpt = Annotated[bool, typer.Option("--ray", help="Run the files as Ray tasks (pip install 'formcheck\\[ray]').")]
BatchJobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Files analysed at once, one worker process each (default: every core; with --ray "
        "and no address: the CPUs of the local Ray instance).",
    ),
]
RayAddressOpt = Annotated[
    str | None,
    typer.Option("--ray-address", help="Ray cluster to use with --ray (default: a local instance with --jobs CPUs)."),
]


@app.command("batch")
def batch_cmd(
    inputs: InputsArg,
    out_dir: OutOpt,
    exercise: BatchExerciseOpt = None,
    mapping: MapOpt = None,
    jobs: BatchJobsOpt = None,
    html: Annotated[bool, typer.Option("--html", help="Also an HTML report per file.")] = False,
    csv: Annotated[bool, typer.Option("--csv", help="Also a rep CSV per file.")] = False,
    log: Annotated[bool, typer.Option("--log", help="Add each file's session to the training log.")] = False,
    db: DbOpt = None,
    athlete: AthleteOpt = None,
    ray: RayOpt = False,
    ray_address: RayAddressOpt = None,
    model: ModelOpt = "full",
    model_dir: ModelDirOpt = None,
    side: SideOpt = "auto",
    config: ConfigOpt = None,
    person: PersonOpt = "auto",
    exercise_file: ExerciseFileOpt = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")] = True,
) -> None:
    """Analyse many videos: one JSON report each (HTML/CSV on request) and a summary; reruns skip finished ones."""
    from formcheck.pose.parallel import available_cores

    if athlete is not None and not log:
        raise typer.BadParameter("it says whose sessions the training log gets: add --log", param_hint="--athlete")
    with errors_to_exit():
        warn_skipped_exercise_files()
        options = AnalysisOptions(
            side=side,
            config=str(config) if config else None,
            exercise_files=tuple(str(p) for p in exercise_file or ()),
            model=model,
            model_dir=str(model_dir) if model_dir else None,
            person=person_choice(person),
        )
        plan = _plan(inputs, out_dir, options, exercise, mapping)
        outputs = BatchOutputs(out_dir, html=html, csv=csv, log=log, db=db, athlete=athlete or DEFAULT_ATHLETE)
        outputs.add_finished(plan.finished)
        for result in plan.unusable:
            outputs.finish(result)
        interrupted = _run(
            plan, options, jobs or available_cores(), outputs, ray=ray, address=ray_address, progress=progress
        )
        outputs.write_summary()
    raise typer.Exit(_conclude(outputs, interrupted))


def _plan(
    inputs: list[str], out_dir: Path, options: AnalysisOptions, exercise: str | None, mapping: Path | None
) -> BatchPlan:
    from formcheck.batch.inputs import ExerciseMap

    known = exercise_names()
    if exercise is None and mapping is None:
        exercise = "auto"  # each file recognised
    if exercise is not None and exercise not in (*known, "auto"):
        raise typer.BadParameter(
            f"unknown exercise {exercise!r}; choose from: {', '.join(known)}", param_hint="--exercise"
        )
    plan = plan_batch(
        inputs,
        out_dir,
        options,
        exercise=exercise,
        mapping=ExerciseMap.read(mapping, known) if mapping is not None else None,
    )
    for problem in plan.problems:
        err.print(f"[yellow]warning:[/yellow] {escape(problem)}")
    if plan.finished:
        err.print(f"{len(plan.finished)} file(s) finished by an earlier run: skipped")
    return plan


def _run(
    plan: BatchPlan,
    options: AnalysisOptions,
    jobs: int,
    outputs: BatchOutputs,
    *,
    ray: bool,
    address: str | None,
    progress: bool,
) -> bool:
    """Analyse ``plan.todo``; True when interrupted (what finished is kept)."""
    from formcheck.batch.local import run_here, run_pool

    with sigterm_as_interrupt(), _bar(len(plan.todo), enabled=progress) as bar:

        def done(result: FileResult) -> None:
            outputs.finish(result)
            bar.file_done(result)

        try:
            if ray:
                from formcheck.batch.cluster import run_ray

                run_ray(plan.todo, options, jobs, address, bar.frames, done)
            elif jobs == 1 or len(plan.todo) <= 1:
                run_here(plan.todo, options, bar.frames, done)
            else:
                run_pool(plan.todo, options, jobs, bar.frames, done)
        except KeyboardInterrupt:
            return True
    return False


class _Bar:
    """One bar over the batch's frames, with the files done in its description."""

    def __init__(self, progress: Progress | None, files: int) -> None:
        self.progress, self.files, self.finished = progress, files, 0
        self.counts: dict[str, tuple[int, int]] = {}
        self.task = progress.add_task(self._label(), total=None) if progress is not None else None

    def _label(self) -> str:
        return f"files {self.finished}/{self.files}, frames"

    def frames(self, key: str, done: int, total: int) -> None:
        """A worker's progress on one file."""
        self.counts[key] = (done, max(total, done))
        self._show()

    def file_done(self, result: FileResult) -> None:
        """One more file finished (whatever its status)."""
        self.finished += 1
        done, total = self.counts.get(result.task.key, (0, 0))
        self.counts[result.task.key] = (max(done, result.frames), max(total, result.frames))
        self._show()

    def _show(self) -> None:
        if self.progress is None or self.task is None:
            return
        done = sum(d for d, _ in self.counts.values())
        known = [t for _, t in self.counts.values() if t]
        remaining = self.files - len(self.counts)
        total = sum(known) + (remaining * sum(known) // len(known) if known else 0)
        self.progress.update(self.task, description=self._label(), completed=done, total=total or None)


@contextmanager
def _bar(files: int, *, enabled: bool) -> Iterator[_Bar]:
    if not enabled or files == 0:
        yield _Bar(None, files)
        return
    with Progress(*progress_columns(), console=err, transient=True) as progress:
        yield _Bar(progress, files)


def _conclude(outputs: BatchOutputs, interrupted: bool) -> int:
    """Print the summary table and the problems; the exit code."""
    table = Table("file", "exercise", "status", "reps", "in form s", "faults", "problem", title="batch summary")
    for row in outputs.rows.values():
        table.add_row(
            *(
                escape(str(row[k]))
                for k in ("file", "exercise", "status", "reps", "hold_in_form_s", "faults", "problem")
            )
        )
    out.print(table)
    out.print(f"summary: {outputs.out_dir / 'summary.csv'}")
    for failure in outputs.output_failures:
        err.print(f"[bold red]error:[/bold red] {escape(failure)}")
    if outputs.unexpected_errors:
        where = (
            f"the full tracebacks are in {logs.current.path}"
            if logs.current.path is not None
            else "no log file could be written; run again with --verbose to see the tracebacks"
        )
        err.print(f"{outputs.unexpected_errors} file(s) failed with an unexpected error; {escape(where)}")
    statuses = [row["status"] for row in outputs.rows.values()]
    if interrupted:
        err.print("interrupted: the files finished so far are kept; run the same command again to finish the rest")
        return EXIT_INTERRUPTED
    if any(s == "failed" for s in statuses):
        return EXIT_ERROR
    if outputs.output_failures:
        return EXIT_OUTPUT
    return EXIT_PARTIAL if any(s == "partial" for s in statuses) else EXIT_OK
