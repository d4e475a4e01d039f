"""``formcheck extract``: record the landmarks of a video for replay and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from formcheck import __version__
from formcheck.cli.app import EXIT_INTERRUPTED, EXIT_PARTIAL, ModelDirOpt, ModelOpt, app, err, errors_to_exit
from formcheck.cli.progress import progress_bar, sigterm_as_interrupt


@app.command("extract")
def extract_cmd(
    video: Annotated[Path, typer.Argument(help="Video file to read.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Recording to write (.landmarks.jsonl[.gz]).")],
    model: ModelOpt = "full",
    model_dir: ModelDirOpt = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")] = True,
) -> None:
    """Write the pose landmarks of every frame of VIDEO (pixels, visibility, world, timestamps)."""
    from formcheck.io.landmarks_io import LandmarkWriter, RecordingHeader
    from formcheck.io.sources import VideoFileSource
    from formcheck.pose.estimator import MediaPipePoseEstimator
    from formcheck.pose.models import MODEL_SHA256

    with errors_to_exit():
        source = VideoFileSource(video)
        detected = frames = 0
        interrupted = False
        with source, MediaPipePoseEstimator(model, model_dir=model_dir) as est, sigterm_as_interrupt(), \
                progress_bar(f"extracting {video.name}", enabled=progress) as bar:
            header = RecordingHeader(source.info, model, MODEL_SHA256[model], __version__)
            with LandmarkWriter(output, header) as writer:
                try:
                    for frame in source:
                        pose = est.estimate(frame)
                        writer.write(pose)
                        frames += 1
                        detected += pose.detected
                        if bar is not None:
                            bar(frames, source.announced_frames)
                except KeyboardInterrupt:
                    interrupted = True
        err.print(f"{output}: {frames} frames, person detected in {detected}")
        if interrupted:
            err.print("interrupted: the recording holds the frames read so far")
            raise typer.Exit(EXIT_INTERRUPTED)
        if source.ended_early:
            err.print(f"warning: the video ended after {frames} of {source.announced_frames} announced frames")
            raise typer.Exit(EXIT_PARTIAL)
