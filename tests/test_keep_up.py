"""A live session that cannot keep up with the camera steps down to a cheaper estimator and says so."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from formcheck.analysis.analyzer import analyzer_for
from formcheck.core.types import Frame, PoseFrame
from formcheck.live.keep_up import KeepUp, Level, levels
from formcheck.live.session import LiveOptions, LiveSession


def test_the_levels_go_from_the_model_asked_for_to_the_lite_model_on_smaller_pictures() -> None:
    assert levels("full") == [Level("full"), Level("lite"), Level("lite", 640)]
    assert levels("lite") == [Level("lite"), Level("lite", 640)]
    assert Level("lite", 640).describe() == "the lite model on 640-pixel-wide pictures"


def test_keep_up_steps_down_only_after_a_whole_window_drops_too_many_frames() -> None:
    keep = KeepUp(levels("full"))
    assert keep.update(0.0, 0, 0) is None  # the start-up (1 s) is not judged
    assert keep.update(0.9, 27, 20) is None
    assert keep.update(1.0, 30, 20) is None  # the window starts
    assert keep.update(2.0, 60, 35) is None  # half dropped, but the window is not over
    assert keep.update(2.5, 75, 23) is None  # 3 of 45 dropped over 1.5 s: keeps up
    assert keep.update(4.0, 120, 40) == Level("lite")  # 17 of 45 (38 %) dropped
    assert keep.switches[0].t_s == 4.0 and round(keep.switches[0].dropped_share, 2) == 0.38
    keep.restart_window(4.0)
    assert keep.update(4.5, 135, 50) is None  # the lite model starting up: not judged
    assert keep.update(5.0, 150, 55) is None  # a new window
    assert keep.update(6.5, 195, 57) is None  # 2 of 45: the lite model keeps up
    assert keep.level == Level("lite")
    assert keep.update(8.0, 240, 90) == Level("lite", 640)
    keep.restart_window(8.0)
    for t, captured, dropped in ((9.0, 270, 100), (10.5, 315, 140)):
        assert keep.update(t, captured, dropped) is None  # nothing cheaper left
    said = keep.sentences(Level("full"))
    assert said[0].startswith("the full model could not keep up with the camera (38% of the frames dropped")
    assert said[0].endswith("switched to the lite model at 4.0 s")
    assert said[1].startswith("the lite model could not keep up")


def test_a_window_of_too_few_frames_is_not_judged() -> None:
    keep = KeepUp(levels("full"))
    keep.update(0.0, 0, 0)
    keep.update(1.0, 5, 0)
    assert keep.update(3.0, 15, 8) is None  # a 5 fps camera: 10 frames are too few to judge


class PacedCamera:
    """A 30 fps camera: a blank frame every 1/30 s, for ``seconds``."""

    is_file = False
    name = "camera 0"
    fps = 30.0
    image_size = (64, 48)

    def __init__(self, seconds: float) -> None:
        self.n = round(seconds * self.fps)
        self.i = 0
        self.t0 = time.monotonic()

    def read(self) -> Frame | None:
        if self.i >= self.n:
            return None
        time.sleep(max(0.0, self.t0 + self.i / self.fps - time.monotonic()))
        frame = Frame(self.i, self.i / self.fps, np.zeros((48, 64, 3), np.uint8))
        self.i += 1
        return frame


class SleepyEstimator:
    """Takes ``seconds`` a frame (a model on a busy machine) and finds nobody."""

    def __init__(self, model: str, seconds: float) -> None:
        self.model, self.seconds = model, seconds
        self.closed = threading.Event()

    def estimate(self, frame: Frame) -> PoseFrame:
        time.sleep(self.seconds)
        return PoseFrame.missing(frame.index, frame.t, (64, 48))

    def notes(self) -> list[str]:
        return []

    def close(self) -> None:
        self.closed.set()


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_session_that_cannot_keep_up_switches_to_the_lite_model_and_drops_few_frames_after() -> None:
    slow = SleepyEstimator("full", 0.07)  # 14 frames a second of a camera's 30
    opened: list[SleepyEstimator] = []

    def step_down(level: Level) -> SleepyEstimator:
        opened.append(SleepyEstimator(level.model, 0.005))
        return opened[-1]

    said: list[str] = []
    session = LiveSession(
        PacedCamera(4.5),  # type: ignore[arg-type]
        slow,  # type: ignore[arg-type]
        lambda side: analyzer_for("standing-knee-raise", side=side),  # type: ignore[call-arg]
        LiveOptions(title="test", model="full"),
        step_down=step_down,  # type: ignore[arg-type]
        say=said.append,
    )
    outcome = session.run()
    (switch,) = outcome.stats.switches
    assert switch.level == Level("lite") and switch.dropped_share > 0.3 and 2.4 <= switch.t_s <= 3.5
    assert slow.closed.is_set() and opened[0].closed.is_set()  # the session closes what it replaced and opened
    assert session.model == "lite"
    assert said == outcome.notes[:1] and "switched to the lite model" in said[0]
    live = outcome.stats.to_json()
    assert live["switches"] == [switch.to_json()]
    after = [lat for lat in outcome.stats.latencies_ms[-30:]]
    assert max(after) < 50  # the lite stand-in keeps up: no frame waits behind a slow one


@pytest.mark.slow  # moved out of the fast tier (under a minute); runs in .ci/run
def test_a_session_without_a_cheaper_estimator_never_switches() -> None:
    session = LiveSession(
        PacedCamera(2.0),  # type: ignore[arg-type]
        SleepyEstimator("full", 0.07),  # type: ignore[arg-type]
        lambda side: analyzer_for("standing-knee-raise", side=side),  # type: ignore[call-arg]
        LiveOptions(title="test"),
    )
    outcome = session.run()
    assert outcome.stats.switches == [] and outcome.stats.dropped > 10 and session.model == "full"
