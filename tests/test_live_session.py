"""LiveSession without camera or model: a real landmark recording replayed through the live loop.

The camera and the estimator are stand-ins that hand over the frames of
sample_videos/bent_leg_raises.landmarks.jsonl.gz (five hand-counted knee raises), so these
tests check the loop itself: same answers as the batch pipeline, keys, and every way a
session can end badly, each keeping what was analysed.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
import typer

from formcheck.analysis.analyzer import analyzer_for
from formcheck.cli.live import _finish
from formcheck.core.types import Frame, PoseFrame
from formcheck.io.landmarks_io import read_frames
from formcheck.live.session import LiveOptions, LiveOutcome, LiveSession
from formcheck.live.window import Action
from formcheck.pipeline import RunStatus, analyze_poses

RECORDING = Path(__file__).resolve().parents[1] / "sample_videos" / "bent_leg_raises.landmarks.jsonl.gz"
EXERCISE = "standing-knee-raise"


@pytest.fixture(scope="module")
def poses() -> list[PoseFrame]:
    return list(read_frames(RECORDING))


class ReplayCamera:
    """A camera delivering one small blank image per recorded pose, then stopping (or hanging)."""

    is_file = False
    name = "camera 0"
    fps = 23.976
    image_size = (192, 108)

    def __init__(self, poses: list[PoseFrame], *, stop_after: int | None = None, hang: bool = False) -> None:
        self.poses = poses[:stop_after] if stop_after is not None else poses
        self.i = 0
        self.hang = hang
        self.released = threading.Event()

    def read(self) -> Frame | None:
        if self.i >= len(self.poses):
            if self.hang:  # a driver that blocks for a while instead of failing
                self.released.wait(1.5)
            return None
        pose = self.poses[self.i]
        self.i += 1
        return Frame(pose.index, pose.t, np.zeros((108, 192, 3), np.uint8))


class ReplayEstimator:
    """Returns the recorded pose of the frame's index instead of running the model.

    ``interrupt_at``: raise KeyboardInterrupt there; ``nobody_from``: nobody detected from there on.
    """

    def __init__(
        self, poses: list[PoseFrame], *, interrupt_at: int | None = None, nobody_from: int | None = None
    ) -> None:
        self.by_index = {p.index: p for p in poses}
        self.interrupt_at, self.nobody_from = interrupt_at, nobody_from

    def estimate(self, frame: Frame) -> PoseFrame:
        if frame.index == self.interrupt_at:
            raise KeyboardInterrupt  # what Ctrl-C / SIGTERM (sigterm_as_interrupt) raise in the loop
        pose = self.by_index[frame.index]
        if self.nobody_from is not None and frame.index >= self.nobody_from:
            return PoseFrame.missing(pose.index, pose.t, pose.image_size)
        return pose


class ScriptedWindow:
    """Presses a key after given frames: {shown frame count: action}."""

    def __init__(self, script: dict[int, Action]) -> None:
        self.script = script
        self.shown = 0

    def show(self, image: np.ndarray) -> Action | None:
        self.shown += 1
        return self.script.get(self.shown)

    def poll(self, wait_ms: int = 1) -> Action | None:
        self.shown += 1  # while paused the loop polls once per delivered frame
        return self.script.get(self.shown)


def session(
    camera: ReplayCamera,
    estimator: ReplayEstimator,
    *,
    window: ScriptedWindow | None = None,
    stall_timeout_s: float = 5.0,
) -> LiveSession:
    opts = LiveOptions(title="test", realtime=False, drop_stale=False, stall_timeout_s=stall_timeout_s)
    return LiveSession(
        camera,
        estimator,
        lambda side: analyzer_for(EXERCISE, side=side),  # type: ignore[arg-type,call-arg]
        opts,
        window=window,
    )  # type: ignore[arg-type]


def reps_of(result) -> list:
    """Every rep record, all fields: side, times, metrics and fault codes."""
    return list(result.reps)


def test_live_loop_gives_the_batch_pipeline_answers(poses):
    outcome = session(ReplayCamera(poses), ReplayEstimator(poses)).run()
    batch = analyze_poses(poses, analyzer_for(EXERCISE, side="auto"))  # type: ignore[call-arg]
    (only,) = outcome.sets
    assert outcome.status is RunStatus.SOURCE_LOST  # a camera never "ends": it stopped delivering
    assert len(only.result.reps) == len(batch.reps) == 5  # the hand count of this clip
    assert reps_of(only.result) == reps_of(batch)
    assert [f.code for f in only.result.faults] == [f.code for f in batch.faults]
    assert only.result.series == batch.series
    assert only.source.frames == outcome.stats.processed == len(poses)


def test_camera_that_stops_mid_session_keeps_what_was_analysed(poses, tmp_path):
    outcome = session(ReplayCamera(poses, stop_after=300), ReplayEstimator(poses)).run()
    batch = analyze_poses(poses[:300], analyzer_for(EXERCISE, side="auto"))  # type: ignore[call-arg]
    assert outcome.status is RunStatus.SOURCE_LOST
    assert "stopped delivering frames" in outcome.notes[0]
    assert reps_of(outcome.sets[-1].result) == reps_of(batch) and len(batch.reps) >= 2
    report = finish(outcome, tmp_path, expect_code=3)
    assert report["status"] == "source_lost" and report["source"]["frames"] == 300
    assert report["rep_count"] == len(batch.reps)


@pytest.mark.slow
def test_camera_that_hangs_is_given_up_after_the_stall_timeout(poses, tmp_path):
    camera = ReplayCamera(poses, stop_after=120, hang=True)
    outcome = session(camera, ReplayEstimator(poses), stall_timeout_s=0.3).run()
    assert outcome.status is RunStatus.SOURCE_LOST
    assert "delivered no frame for" in outcome.notes[0]
    assert outcome.sets[-1].source.frames == 120
    assert finish(outcome, tmp_path, expect_code=3)["status"] == "source_lost"


def test_interrupt_mid_session_keeps_the_report(poses, tmp_path):
    outcome = session(ReplayCamera(poses), ReplayEstimator(poses, interrupt_at=250)).run()
    assert outcome.status is RunStatus.INTERRUPTED
    assert outcome.sets[-1].source.frames == 250
    report = finish(outcome, tmp_path, expect_code=130)
    assert report["status"] == "interrupted" and report["rep_count"] >= 2


@pytest.mark.slow
def test_reset_and_switch_side_start_new_sets_and_keep_the_earlier_ones(poses, tmp_path):
    window = ScriptedWindow({200: Action.RESET, 350: Action.SWITCH_SIDE, 450: Action.QUIT})
    outcome = session(ReplayCamera(poses), ReplayEstimator(poses), window=window).run()
    assert outcome.status is RunStatus.COMPLETE  # quit by key
    assert [s.source.frames for s in outcome.sets] == [200, 150, 100]
    assert [s.result.side_mode for s in outcome.sets] == ["auto", "auto", "left"]
    first_set = analyze_poses(poses[:200], analyzer_for(EXERCISE, side="auto"))  # type: ignore[call-arg]
    assert reps_of(outcome.sets[0].result) == reps_of(first_set)
    report = finish(outcome, tmp_path, expect_code=0)
    assert [p["source"]["frames"] for p in report["previous_sets"]] == [200, 150]
    assert report["live"]["sets"] == 3 and report["live"]["set"] == 3


@pytest.mark.slow
def test_quitting_in_an_empty_set_after_good_ones_is_still_a_success(poses, tmp_path):
    window = ScriptedWindow({300: Action.RESET, 400: Action.QUIT})
    outcome = session(ReplayCamera(poses), ReplayEstimator(poses, nobody_from=300), window=window).run()
    assert outcome.sets[-1].result.summary["frames_with_person"] == 0
    report = finish(outcome, tmp_path, expect_code=0)
    assert (
        report["previous_sets"][0]["rep_count"]
        == len(analyze_poses(poses[:300], analyzer_for(EXERCISE, side="auto")).reps)
        > 0
    )


def test_pause_skips_frames_until_resumed(poses):
    window = ScriptedWindow({100: Action.PAUSE, 160: Action.PAUSE})
    outcome = session(ReplayCamera(poses), ReplayEstimator(poses), window=window).run()
    # frames 101..160 arrive while paused and are not analysed
    assert outcome.stats.processed == len(poses) - 60
    assert outcome.sets[-1].source.frames == len(poses) - 60


def finish(outcome: LiveOutcome, tmp_path: Path, *, expect_code: int) -> dict:
    """Run the CLI's ending (summary, JSON, exit code) and return the written report."""
    out = tmp_path / "r.json"
    with pytest.raises(typer.Exit) as exc:
        _finish(outcome, "camera 0", "full", json_path=out, db=None, log=False, record=None)
    assert exc.value.exit_code == expect_code
    report = json.loads(out.read_text())
    assert report["input"]["kind"] == "camera"
    return report


@pytest.mark.slow
def test_speaker_runs_the_engine_and_does_not_talk_over_itself(tmp_path):
    """A stand-in engine (a shell script) records what it was asked to say and takes 1 s to say it."""
    from formcheck.live.speech import Speaker

    said = tmp_path / "said.txt"
    engine = tmp_path / "engine"
    engine.write_text(f'#!/bin/sh\necho "$@" >> {said}\nsleep 1\n')
    engine.chmod(0o755)
    speaker = Speaker(str(engine))
    speaker.say("knee higher")
    speaker.say("don't lean back")  # skipped: the first cue is still being spoken
    speaker.close()
    assert said.read_text().splitlines() == ["-s 165 knee higher"]
