"""``formcheck extract``: record the landmarks of a video for replay and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.app import (
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_PARTIAL,
    ModelDirOpt,
    ModelOpt,
    PersonOpt,
    app,
    err,
    errors_to_exit,
    person_choice,
)
from formcheck.cli.progress import progress_bar, sigterm_as_interrupt


@app.command("extract")
def extract_cmd(
    video: Annotated[Path, typer.Argument(help="Video file to read.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Recording to write (.landmarks.jsonl[.gz]).")],
    model: ModelOpt = "full",
    model_dir: ModelDirOpt = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")] = True,
    person: PersonOpt = "auto",
) -> None:
    """Write the pose landmarks of every frame of VIDEO (pixels, visibility, world, timestamps)."""
    from formcheck import runner
    from formcheck.pipeline import RunStatus
    from formcheck.pose.protocol import PoseSettings

    with errors_to_exit(), sigterm_as_interrupt(), progress_bar(f"extracting {video.name}", enabled=progress) as bar:
        settings = PoseSettings(model, model_dir, person=person_choice(person))
        outcome = runner.extract_video(video, output, pose=settings, progress=bar)
    err.print(f"{output}: {outcome.source.frames} frames, person detected in {outcome.detected}")
    for note in outcome.notes:
        err.print(f"warning: {note}")
    for failure in outcome.output_failures:
        err.print(f"[bold red]error:[/bold red] {failure}")
    if outcome.output_failures:
        raise typer.Exit(EXIT_OUTPUT)
    if outcome.status is RunStatus.INTERRUPTED:
        raise typer.Exit(EXIT_INTERRUPTED)
    if outcome.status is not RunStatus.COMPLETE:
        raise typer.Exit(EXIT_PARTIAL)
