"""A pose worker started before the command line is read, so that its start-up runs beside the main process's.

``formcheck analyze VIDEO`` spends about half a second reading its command line, the exercise
catalogue and the video before it starts the worker that estimates the poses; the worker then
spends about as long again importing OpenCV and MediaPipe before it loads the model, while the
first frame waits. :func:`start` begins, first thing, a worker that does those imports and then
waits for its job; :class:`~formcheck.pose.parallel.SegmentedPoses` hands it the video's first
segment (:func:`take`). Unused (a landmark recording, ``--jobs 1``, one process drawing the
video), it ends when the command does: it is a daemon, it ends when its job pipe closes, and it
dies with its parent (:func:`~formcheck.workers.die_with_parent`).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

_waiting: Standby | None = None
RECORDINGS = (".jsonl", ".jsonl.gz")
"""How landmark recordings are named (:func:`~formcheck.io.landmarks_io.is_recording` reads the file)."""


@dataclass
class Standby:
    """A started worker waiting for a job, and the queue it will send its poses to."""

    process: BaseProcess
    queue: Any
    jobs: Connection

    def hand(self, job: tuple[Any, ...]) -> BaseProcess:
        """Give the worker ``job``; returns its process.

        ``job``: the arguments of :func:`~formcheck.pose.parallel.estimate_segment` after ``out``,
        without ``parent_pid``.
        """
        self.jobs.send(job)
        self.jobs.close()
        return self.process

    def close(self) -> None:
        """Let an unused worker go: it ends at once, its pipe closed."""
        self.jobs.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()


def wanted(argv: list[str]) -> bool:
    """True for a command line that will most likely estimate poses in a worker.

    ``analyze`` on a machine with a core to spare, of no landmark recording, without ``--jobs 1``
    or a request for help. A guess: an unused worker costs its start-up on the other core (and
    about 0.05 s to stop it at the end), nothing else.
    """
    from formcheck.workers import available_cores

    if argv[1:2] != ["analyze"] or available_cores() < 2:
        return False
    if any(a in ("--help", "-h") for a in argv):
        return False
    if any(a.lower().endswith(RECORDINGS) and argv[i - 1] != "--save-landmarks" for i, a in enumerate(argv) if i > 1):
        return False  # a landmark recording in: nothing to estimate
    return not any(a == "--jobs=1" or (a == "--jobs" and argv[i + 1 : i + 2] == ["1"]) for i, a in enumerate(argv))


def start() -> None:
    """Start a standby worker (at most one; later calls do nothing)."""
    global _waiting
    if _waiting is not None:
        return
    from formcheck.quiet import quiet_native_logging

    quiet_native_logging()  # the worker inherits the environment: MediaPipe's C++ logging as quiet as the command's
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    receiving, sending = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=wait_for_job, name="formcheck-standby", args=(receiving, queue, os.getpid()), daemon=True
    )
    process.start()
    receiving.close()  # the worker's copy only: it sees the end of the pipe when this process closes its own
    _waiting = Standby(process, queue, sending)


def take() -> Standby | None:
    """The standby worker, if one was started and is still waiting (then it is no longer there to take)."""
    global _waiting
    standby, _waiting = _waiting, None
    if standby is not None and not standby.process.is_alive():
        standby.close()
        return None
    return standby


def wait_for_job(jobs: Connection, out: Any, parent_pid: int) -> None:
    """Worker process: import what estimating needs, wait for a job, estimate it (or end when none comes)."""
    from formcheck.workers import die_with_parent

    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from formcheck.io.sources import VideoFileSource  # noqa: F401  (imported now, used by the job)
    from formcheck.pose.mediapipe_import import pose_tasks
    from formcheck.pose.parallel import estimate_segment

    pose_tasks()  # MediaPipe's Tasks API, the longest import
    try:
        path, segment, settings, attempt, stride, prefetch = jobs.recv()
    except EOFError:  # the command needed no worker
        return
    finally:
        jobs.close()
    estimate_segment(path, segment, settings, out, attempt, stride, None, prefetch)
