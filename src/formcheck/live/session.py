"""The live loop: newest frame → pose → analyzer → overlay → window / recording, until it ends.

When the machine cannot keep up with the camera (too many frames dropped), the session steps
down to a cheaper estimator (:mod:`formcheck.live.keep_up`), says so, and the report lists the
switches.

It ends on the quit key, Ctrl-C/SIGTERM (KeyboardInterrupt), the end of a file standing
in for the camera, a camera that stops delivering frames, or :meth:`LiveSession.stop` called
from another thread; in every case the sets analysed so far are returned, never lost. ``r``
closes the current set and starts a new one, ``s`` does the same with the other side.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from formcheck.analysis.analyzer import SetAnalyzer
from formcheck.analysis.results import FrameResult
from formcheck.core.types import PoseFrame, SourceInfo
from formcheck.io.sources import CameraSource
from formcheck.live.capture import Captured, FrameGrabber
from formcheck.live.cues import CueThrottle
from formcheck.live.keep_up import KeepUp, Level, Switch, levels
from formcheck.live.speech import Speaker
from formcheck.live.window import Action, LiveWindow
from formcheck.pipeline import RunOutcome, RunStatus, StreamStats, analysed_source, step
from formcheck.pose.protocol import PoseEstimator
from formcheck.render.overlay import draw_overlay

Image = npt.NDArray[np.uint8]
FrameSink = Callable[[Image, float], None]
"""Gets every captured frame with the overlay drawn, and its time (s)."""
FrameObserver = Callable[[Captured, PoseFrame, FrameResult, str], None]
"""Called after each analysed frame with its pose, its result and the cue shown (``""``: none)."""


@dataclass
class LiveStats:
    """Frame counts and capture-to-overlay latencies (milliseconds) of a session."""

    captured: int = 0
    processed: int = 0
    dropped: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    switches: list[Switch] = field(default_factory=list)
    """Steps down to a cheaper estimator because the machine could not keep up (see :mod:`formcheck.live.keep_up`)."""
    said: list[str] = field(default_factory=list)
    """Those steps, one sentence each (for the report's warnings)."""

    def to_json(self) -> dict[str, object]:
        """The report's ``live`` object (``switches``: each step down; empty when the estimator kept up)."""
        lat = np.asarray(self.latencies_ms) if self.latencies_ms else np.asarray([math.nan])
        return {
            "frames_captured": self.captured,
            "frames_processed": self.processed,
            "frames_dropped": self.dropped,
            "latency_ms": {"median": round(float(np.median(lat)), 1), "p95": round(float(np.percentile(lat, 95)), 1)},
            "switches": [s.to_json() for s in self.switches],
        }


@dataclass
class LiveOutcome:
    """Every set of the session (the last one is the current), how it ended and the stats."""

    sets: list[RunOutcome]
    status: RunStatus
    stats: LiveStats
    notes: list[str] = field(default_factory=list)


@dataclass
class LiveOptions:
    """How the loop runs. ``realtime``: pace a file like a camera; ``drop_stale``: keep only the newest frame."""

    title: str
    side: str = "auto"
    realtime: bool = True
    drop_stale: bool = True
    stall_timeout_s: float = 5.0
    model: str = "full"
    """The model the session's estimator was opened with (the first level of :mod:`formcheck.live.keep_up`)."""


class LiveSession:
    """Runs one live session; see the module docstring."""

    def __init__(
        self,
        source: CameraSource,
        estimator: PoseEstimator,
        make_analyzer: Callable[[str], SetAnalyzer],
        options: LiveOptions,
        *,
        window: LiveWindow | None = None,
        sinks: tuple[FrameSink, ...] = (),
        speaker: Speaker | None = None,
        step_down: Callable[[Level], PoseEstimator] | None = None,
        say: Callable[[str], None] | None = None,
        on_frame: FrameObserver | None = None,
    ) -> None:
        """Set up a session (nothing runs before :meth:`run`).

        ``step_down`` opens the estimator of a cheaper level when frames are dropped (None: never
        switch; the estimator it replaces is closed, so an estimator's ``close`` must allow a second
        call by its owner); ``say`` tells the person of a switch (a terminal line); ``on_frame``
        is called in the loop's thread after each analysed frame (a remote display).
        """
        self.source, self.estimator, self.make_analyzer = source, estimator, make_analyzer
        self.step_down, self.say = step_down, say
        self.keep_up = KeepUp(levels(options.model))
        self._owned: PoseEstimator | None = None
        """The estimator this session opened when it stepped down (closed when the session ends)."""
        self.opt = options
        self.window, self.sinks, self.speaker = window, sinks, speaker
        self.on_frame = on_frame
        self._stopping = threading.Event()
        self._drain = False
        self.side = options.side
        self.stats = LiveStats()
        self.cues = CueThrottle()
        self.sets: list[RunOutcome] = []
        self._template = SourceInfo(source.name, source.fps, 0, 0.0, source.image_size)
        self._analyzer = make_analyzer(self.side)
        self._set_stats = StreamStats()
        self._paused = False
        self._last: tuple[PoseFrame, FrameResult, str] | None = None
        """The last analysed pose, result and cue: drawn on the frames dropped before the next one."""

    def _close_set(self) -> None:
        self.sets.append(RunOutcome(self._analyzer.finish(), analysed_source(self._template, self._set_stats)))

    def _new_set(self, side: str | None = None) -> None:
        self._close_set()
        if side is not None:
            self.side = side
        self._analyzer = self.make_analyzer(self.side)
        self._set_stats = StreamStats()

    def _act(self, action: Action | None) -> bool:
        """Apply a key action; True when the session should end."""
        if action is Action.QUIT:
            return True
        if action is Action.PAUSE:
            self._paused = not self._paused
        elif action is Action.RESET:
            self._new_set()
        elif action is Action.SWITCH_SIDE:
            order = ["left", "right", "auto"]
            self._new_set(order[(order.index(self.side) + 1) % 3] if self.side in order else "auto")
        return False

    def _process(self, item: Captured) -> Image:
        pose: PoseFrame = self.estimator.estimate(item.frame)
        result: FrameResult = step(self._analyzer, item.frame, pose)
        self._set_stats.frames += 1
        self._set_stats.last_t = pose.t
        shown = self.cues.current
        cue = self.cues.update(time.monotonic(), result.cues)
        if cue and cue != shown and self.speaker is not None:
            self.speaker.say(cue)
        side = "" if self.side == "auto" else f" ({self.side} leg)"
        self._last = (pose, result, cue)
        if self.on_frame is not None:
            self.on_frame(item, pose, result, cue)
        image = draw_overlay(
            item.frame.image, pose, result, self._analyzer.display, title=self.opt.title + side, cue=cue
        )
        self.stats.latencies_ms.append((time.perf_counter() - item.captured_at) * 1000.0)
        self.stats.processed += 1
        return image

    def _keep_up(self, grabber: FrameGrabber, t_s: float) -> None:
        """Step down to a cheaper estimator when the last window dropped too many frames."""
        if self.step_down is None or not self.opt.drop_stale:
            return
        level = self.keep_up.update(t_s, grabber.captured, grabber.dropped)
        if level is None:
            return
        cheaper = self.step_down(level)
        self.estimator.close()
        self.estimator = self._owned = cheaper
        self.keep_up.restart_window(t_s)  # the new model's start-up drops some
        self.stats.switches = list(self.keep_up.switches)
        self.stats.said = self.keep_up.sentences(self.keep_up.steps[0])
        if self.say is not None:
            self.say(self.stats.said[-1])

    def _record_dropped(self, grabber: FrameGrabber) -> None:
        """Give the sinks the frames dropped since the last one, the last analysis drawn on them."""
        for item in grabber.take_dropped():
            image = item.frame.image.copy()
            if self._last is not None:
                pose, result, cue = self._last
                side = "" if self.side == "auto" else f" ({self.side} leg)"
                pose = replace(pose, index=item.frame.index, t=item.frame.t)
                draw_overlay(image, pose, result, self._analyzer.display, title=self.opt.title + side, cue=cue)
            for sink in self.sinks:
                sink(image, item.frame.t)

    @property
    def analyzer(self) -> SetAnalyzer:
        """The analyzer of the current set (its title, and with ``-e auto`` the exercise once recognised)."""
        return self._analyzer

    def stop(self, *, drain: bool = False) -> None:
        """End the session from another thread, with status COMPLETE (thread-safe; a second call changes nothing).

        The loop ends at its next turn, after the frame being analysed. ``drain``: the source is
        about to end (it has delivered its last frame): analyse what it delivered first, and treat
        its end as the end of the session, not as a lost camera.
        """
        if not self._stopping.is_set():
            self._drain = drain
            self._stopping.set()

    def run(self) -> LiveOutcome:
        """Run until the session ends; returns every set analysed (and every frame to the sinks)."""
        grabber = FrameGrabber(
            self.source, realtime=self.opt.realtime, drop_stale=self.opt.drop_stale, keep_dropped=bool(self.sinks)
        )
        status, notes = RunStatus.COMPLETE, list[str]()
        last_frame_at = time.monotonic()
        grabber.start()
        try:
            while True:
                if self._stopping.is_set() and not self._drain:
                    break
                item = grabber.get(timeout=0.05)
                if item is None:
                    if grabber.exhausted:
                        if not self._stopping.is_set():
                            status, notes = self._ended(grabber)
                        break
                    if time.monotonic() - last_frame_at > self.opt.stall_timeout_s:
                        status = RunStatus.SOURCE_LOST
                        notes.append(f"{self.source.name} delivered no frame for {self.opt.stall_timeout_s:.0f} s")
                        break
                    if self.window is not None and self._act(self.window.poll()):
                        break
                    continue
                last_frame_at = time.monotonic()
                if self._paused:
                    if self.window is not None and self._act(self.window.poll(30)):
                        break
                    continue
                self._record_dropped(grabber)
                image = self._process(item)
                self._keep_up(grabber, item.frame.t)
                for sink in self.sinks:
                    sink(image, item.frame.t)
                if self.window is not None and self._act(self.window.show(image)):
                    break
        except KeyboardInterrupt:
            status = RunStatus.INTERRUPTED
            notes.append("interrupted: the report covers everything analysed until then")
        finally:
            grabber.stop()
            self._record_dropped(grabber)
            self.stats.captured, self.stats.dropped = grabber.captured, grabber.dropped
            if self._owned is not None:
                self._owned.close()
        self._close_set()
        return LiveOutcome(self.sets, status, self.stats, [*self.stats.said, *notes])

    @property
    def model(self) -> str:
        """The model in use (the one asked for, unless the session stepped down)."""
        return self.keep_up.level.model

    def _ended(self, grabber: FrameGrabber) -> tuple[RunStatus, list[str]]:
        """Why the source ran out: a normal end of file, or a lost camera / broken file."""
        if grabber.error:
            return RunStatus.SOURCE_LOST, [f"{self.source.name} failed: {grabber.error}"]
        if not self.source.is_file:
            return RunStatus.SOURCE_LOST, [f"{self.source.name} stopped delivering frames (unplugged?)"]
        if self.source.ended_early():
            return RunStatus.SOURCE_LOST, [
                f"{self.source.name} stopped after {self.source.frames_read} of {self.source.announced_frames} frames"
                " (truncated or damaged)"
            ]
        return RunStatus.COMPLETE, []
