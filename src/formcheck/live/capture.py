"""Camera capture on its own thread, so inference never makes the camera lag.

Live mode keeps only the newest frame: when the analysis falls behind, stale frames are
dropped (and counted) instead of queued. The as-fast-as-possible mode hands over every
frame in order, for tests and for analysing a file through the live path.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

from formcheck.core.types import Frame
from formcheck.io.sources import CameraSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Captured:
    """A frame and the moment it was grabbed (``time.perf_counter()`` seconds)."""

    frame: Frame
    captured_at: float


class FrameGrabber:
    """Reads ``source`` on a background thread.

    Args:
        source: a camera, or a file standing in for one.
        realtime: pace a file at its own frame rate, as a camera would deliver it.
        drop_stale: keep only the newest frame (live); False hands over every frame.
        keep_dropped: keep the frames dropped as stale for :meth:`take_dropped` (a recording wants every frame).

    """

    def __init__(self, source: CameraSource, *, realtime: bool, drop_stale: bool, keep_dropped: bool = False) -> None:
        self.source = source
        self.keep_dropped = keep_dropped
        self._dropped: list[Captured] = []
        self.realtime = realtime and source.is_file
        self.drop_stale = drop_stale
        self.captured = 0
        self.dropped = 0
        self.ended = threading.Event()
        self.error = ""
        self._stop = threading.Event()
        self._slot: Captured | None = None
        self._cond = threading.Condition()
        self._queue: queue.Queue[Captured] = queue.Queue(maxsize=4)
        self._thread = threading.Thread(target=self._run, name="formcheck-capture", daemon=True)

    def start(self) -> None:
        """Start reading."""
        self._thread.start()

    def stop(self) -> None:
        """Stop reading and wait for the thread."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _publish(self, item: Captured) -> None:
        if self.drop_stale:
            with self._cond:
                if self._slot is not None:
                    self.dropped += 1
                    if self.keep_dropped:
                        self._dropped.append(self._slot)
                self._slot = item
                self._cond.notify()
            return
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        start: float | None = None
        try:
            while not self._stop.is_set():
                frame = self.source.read()
                if frame is None:
                    break
                if self.realtime:
                    if start is None:
                        start = time.perf_counter() - frame.t
                    delay = start + frame.t - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                self.captured += 1
                self._publish(Captured(frame, time.perf_counter()))
        except Exception as exc:  # a driver error ends the stream like an unplugged camera
            self.error = f"{type(exc).__name__}: {exc}"
            log.warning("the capture thread stopped: %s", self.error, exc_info=exc)
        finally:
            self.ended.set()
            with self._cond:
                self._cond.notify_all()

    def get(self, timeout: float) -> Captured | None:
        """The next frame to analyse, or None after ``timeout`` seconds without one."""
        if not self.drop_stale:
            try:
                return self._queue.get(timeout=timeout)
            except queue.Empty:
                return None
        with self._cond:
            if self._slot is None and not self.ended.is_set():
                self._cond.wait(timeout)
            item, self._slot = self._slot, None
            return item

    def take_dropped(self) -> list[Captured]:
        """The frames dropped as stale since the last call, oldest first (with ``keep_dropped``)."""
        with self._cond:
            taken, self._dropped = self._dropped, []
        return taken

    @property
    def exhausted(self) -> bool:
        """The source ended and every frame it delivered has been handed over."""
        if not self.ended.is_set():
            return False
        return self._queue.empty() if not self.drop_stale else self._slot is None
