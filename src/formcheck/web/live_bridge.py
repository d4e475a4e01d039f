"""The server's side of a live session: frames to the worker process, its JSON messages back.

The worker (:mod:`formcheck.web.live_worker`) runs the pose model with no network; this class
starts it, passes it the browser's JPEG frames on its stdin (newest wins: a frame waiting when
the next arrives is dropped, so :meth:`LiveBridge.send_frame` never blocks the server), reads its
messages on its stdout and hands each to ``on_message`` from a reader thread. Nothing here imports
numpy, OpenCV or MediaPipe: the server stays light.

The worker is started by the reader thread, which lives as long as the worker: the kernel's
"kill the worker when its parent dies" (:func:`formcheck.workers.die_with_parent`) follows the
thread that started the process, so it must not be a short-lived thread of the server's pool.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from formcheck.errors import FormcheckError, describe_os_error
from formcheck.web.live_worker import STEM, encode_frame, encode_stop

log = logging.getLogger(__name__)

MODULE = "formcheck.web.live_worker"
START_S = 10.0
"""Longest wait (s) for the worker process to be created (not for its model to load)."""
KILL_WAIT_S = 5.0
"""After SIGTERM, the worker's time (s) to write what it analysed before it is killed."""
FINAL = ("done", "error")
SENT_MAX = 1000
"""Send times kept for frames not answered yet."""


class LiveBridge:
    """One live session's worker process; see the module docstring.

    Args:
        exercise: an exercise name, or ``auto`` (recognised as the set goes).
        side: ``auto``, ``left`` or ``right``.
        model: ``lite``, ``full`` or ``heavy`` (the session steps down when the machine cannot keep up).
        athlete: whose session it is in the training log.
        db: the training log (None: the user's default one).
        out_dir: folder of the reports, ``<stem>.json`` and ``<stem>.html``.
        stem: the reports' file name (a plain name, no folder).
        on_message: gets each message of the worker (``ready``, ``state``, ``done``, ``error``), from a
            reader thread; a ``state`` gets ``latency_ms`` (from :meth:`send_frame` to the message, ms).
        log: add the session to the training log.
        fps: the camera's frame rate, for the report.

    """

    def __init__(
        self,
        *,
        exercise: str,
        side: str = "auto",
        model: str = "full",
        athlete: str = "me",
        db: Path | None,
        out_dir: Path,
        stem: str,
        on_message: Callable[[dict[str, Any]], None],
        log: bool = True,
        fps: float = 30.0,
    ) -> None:
        self.exercise, self.side, self.model, self.athlete = exercise, side, model, athlete
        self.db, self.out_dir, self.stem, self.log, self.fps = db, out_dir, stem, log, fps
        self.on_message = on_message
        self.started = False
        """The worker process was created (:meth:`finish` and :meth:`kill` then apply)."""
        self.frames_sent = 0
        self.frames_dropped = 0
        """Frames replaced by a newer one before they could be written to the worker."""
        self.latencies_ms: deque[float] = deque(maxlen=10_000)
        """From :meth:`send_frame` to its ``state`` message, ms (the last 10 000)."""
        self.final: dict[str, Any] | None = None
        """The ``done`` or ``error`` message, once it came."""
        self.ready: dict[str, Any] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._start_error = ""
        self._cond = threading.Condition()
        self._slot: tuple[int, float, bytes] | None = None
        self._sent_at: dict[int, float] = {}
        self._stop_asked = False
        self._closed = False
        """No more writes: the stop was written, the pipe broke, or the worker is being killed."""
        self._final_event = threading.Event()
        self._ready_event = threading.Event()
        self._gone = threading.Event()
        self._stderr_tail: deque[str] = deque(maxlen=40)
        self._threads: list[threading.Thread] = []
        self._killing = False

    # --- starting --------------------------------------------------------------------------------------

    def command(self) -> list[str]:
        """The worker's command line."""
        cmd = [
            sys.executable, "-m", MODULE, "--exercise", self.exercise, "--side", self.side, "--model", self.model,
            "--athlete", self.athlete, "--out", str(self.out_dir), "--stem", self.stem, "--fps", repr(float(self.fps)),
            "--parent", str(os.getpid()),
        ]  # fmt: skip
        if self.db is not None:
            cmd += ["--db", str(self.db)]
        if not self.log:
            cmd.append("--no-log")
        return cmd

    def start(self) -> None:
        """Start the worker (it loads the model on its own; ``ready`` tells when it is loaded).

        Raises :class:`~formcheck.errors.FormcheckError` in one sentence when it cannot be started.
        """
        if self.started or self._proc is not None:
            raise FormcheckError("this live session was already started.")
        if not STEM.match(self.stem):
            raise FormcheckError(f"the report name {self.stem!r} is not a plain file name.")
        created = threading.Event()
        reader = threading.Thread(target=self._run, args=(created,), name="formcheck-live-reader", daemon=True)
        reader.start()
        if not created.wait(START_S):
            raise FormcheckError(f"the live analysis process did not start within {START_S:.0f} s.")
        if self._start_error:
            raise FormcheckError(self._start_error)
        writer = threading.Thread(target=self._write, name="formcheck-live-writer", daemon=True)
        writer.start()
        self._threads += [reader, writer]
        self.started = True

    def _environment(self) -> dict[str, str]:
        """The server's environment, with this formcheck first on the path (the worker runs the same code)."""
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def _run(self, created: threading.Event) -> None:
        """Reader thread: create the worker, then read its messages until it ends."""
        try:
            proc = subprocess.Popen(
                self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                env=self._environment(), start_new_session=True,  # the server's Ctrl-C is the server's to handle
            )  # fmt: skip
        except OSError as exc:
            self._start_error = f"the live analysis process could not be started: {describe_os_error(exc)}."
            created.set()
            return
        self._proc = proc
        created.set()
        assert proc.stdout is not None and proc.stderr is not None
        errors = threading.Thread(target=self._drain_stderr, args=(proc.stderr,), name="formcheck-live-stderr")
        errors.daemon = True
        errors.start()
        self._threads.append(errors)
        try:
            for line in proc.stdout:
                self._handle(line)
        except (OSError, ValueError):  # the pipe closed under us (kill)
            pass
        code = proc.wait()
        errors.join(timeout=2)
        if self.final is None:
            last = next((ln for ln in reversed(self._stderr_tail) if ln.strip()), "")
            log.warning("live worker ended with code %s without a final message; stderr: %s", code, last)
            why = "was stopped" if self._killing else f"stopped unexpectedly (exit code {code})"
            self._deliver({"type": "error", "message": f"the live analysis {why}; see the server's log."})
        self._gone.set()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _handle(self, line: bytes) -> None:
        """One line of the worker's stdout."""
        try:
            message = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            log.warning("live worker wrote a line that is not JSON: %r", line[:200])
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            log.warning("live worker wrote an unexpected message: %r", line[:200])
            return
        seq = message.get("seq")
        if message["type"] == "state" and isinstance(seq, int):
            with self._cond:
                sent = self._sent_at.pop(seq, None)
                for old in [s for s in self._sent_at if s < seq]:  # dropped in the worker: never answered
                    del self._sent_at[old]
            if sent is not None:
                latency = (time.perf_counter() - sent) * 1000.0
                self.latencies_ms.append(latency)
                message["latency_ms"] = round(latency, 1)
        elif message["type"] == "ready":
            self.ready = message
            self._ready_event.set()
        elif message["type"] == "done":
            message["frames_dropped_before_worker"] = self.frames_dropped
        self._deliver(message)

    def _deliver(self, message: dict[str, Any]) -> None:
        """Note a final message, then pass the message on (a failing ``on_message`` is logged, never fatal)."""
        if message.get("type") in FINAL and self.final is None:
            self.final = message
            self._final_event.set()
            self._ready_event.set()
        try:
            self.on_message(message)
        except Exception:
            log.exception("on_message failed on a %s message", message.get("type"))

    def _drain_stderr(self, stream: IO[bytes]) -> None:
        """Keep the worker's stderr (library notices, warnings) out of the server's terminal: the log."""
        with contextlib.suppress(OSError, ValueError):
            for raw in stream:
                text = raw.decode("utf-8", "replace").rstrip()
                self._stderr_tail.append(text)
                log.debug("live worker: %s", text)

    # --- frames --------------------------------------------------------------------------------------

    def send_frame(self, seq: int, t_ms: float, jpeg: bytes) -> bool:
        """Queue one frame (a frame still waiting is dropped: newest wins); never blocks. False: the worker is gone.

        ``seq``: the page's frame number; ``t_ms``: its capture time (ms, increasing).
        """
        proc = self._proc
        if proc is None or self._gone.is_set() or proc.poll() is not None:
            return False
        with self._cond:
            if self._closed or self._stop_asked:
                return False
            if self._slot is not None:
                self.frames_dropped += 1
                self._sent_at.pop(self._slot[0], None)
            self._slot = (seq, t_ms, jpeg)
            if len(self._sent_at) >= SENT_MAX:  # a worker answering nothing (loading its model): forget the oldest
                del self._sent_at[next(iter(self._sent_at))]
            self._sent_at[seq] = time.perf_counter()
            self._cond.notify_all()
        return True

    def _write(self) -> None:
        """Writer thread: the newest frame, then the stop, to the worker's stdin."""
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        stdin = proc.stdin
        try:
            while True:
                with self._cond:
                    while self._slot is None and not self._stop_asked and not self._closed:
                        self._cond.wait()
                    if self._closed:
                        return
                    item, self._slot = self._slot, None
                if item is not None:
                    stdin.write(encode_frame(*item))
                    stdin.flush()
                    self.frames_sent += 1
                    continue
                stdin.write(encode_stop())
                stdin.flush()
                return
        except (BrokenPipeError, OSError, ValueError):
            log.debug("the live worker's stdin closed")
        finally:
            with self._cond:
                self._closed = True
            with contextlib.suppress(OSError, ValueError):
                stdin.close()

    # --- ending --------------------------------------------------------------------------------------

    def wait_ready(self, timeout_s: float = 60.0) -> dict[str, Any] | None:
        """The ``ready`` message (the model is loaded), or the ``error`` one; None after ``timeout_s`` (s)."""
        self._ready_event.wait(timeout_s)
        return self.ready if self.ready is not None else self.final

    def finish(self, timeout_s: float = 120) -> dict[str, Any]:
        """Send the stop, wait for the worker's ``done`` (or ``error``) and for it to exit; that message.

        The frame waiting, if any, is written first. After ``timeout_s`` the worker is killed and an
        ``error`` message returned.
        """
        if not self.started:
            return {"type": "error", "message": "the live analysis was never started."}
        with self._cond:
            self._stop_asked = True
            self._cond.notify_all()
        if not self._final_event.wait(timeout_s):
            self.kill()
            message = {"type": "error", "message": f"the live analysis did not finish within {timeout_s:.0f} s."}
            self.final = self.final or message
            return message
        proc = self._proc
        if proc is not None:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        assert self.final is not None
        return self.final

    def kill(self) -> None:
        """Terminate the worker (given :data:`KILL_WAIT_S` to write what it analysed) and reap it; idempotent."""
        proc = self._proc
        if proc is None:
            return
        with self._cond:
            self._closed = True
            self._killing = True
            self._cond.notify_all()
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.terminate()
            try:
                proc.wait(timeout=KILL_WAIT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    proc.kill()
                proc.wait()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=2)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError, ValueError):
                    pipe.close()

    @property
    def alive(self) -> bool:
        """The worker process is running."""
        return self._proc is not None and self._proc.poll() is None
