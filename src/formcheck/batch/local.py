"""Batch tasks on this machine: one at a time in this process, or in spawned worker processes.

Each worker analyses one file at a time on one core (decoding in line with inference, on one
decoding thread), so ``--jobs N`` keeps N cores busy without oversubscribing them. A worker that dies (out of
memory, a crash in a native library) breaks the pool; the files it may have held are tried
once more in a fresh pool and then reported as failed, the others go on.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from formcheck.application import AnalysisOptions
from formcheck.batch.task import FileResult, FileTask, analyse_file
from formcheck.workers import STALL_S, die_with_parent

FramesDone = Callable[[str, int, int], None]
"""Called with (task key, frames done, frames expected or 0)."""
Finished = Callable[[FileResult], None]
"""Called once per file, in the order they finish."""

_progress: Any = None


def run_here(tasks: Sequence[FileTask], options: AnalysisOptions, on_frames: FramesDone, on_done: Finished) -> None:
    """Analyse the files one after the other in this process."""
    for task in tasks:
        on_done(analyse_file(task, options, _forward(task.key, on_frames)))


def _forward(key: str, on_frames: FramesDone) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        on_frames(key, done, total)

    return progress


def _init_worker(progress: Any, parent_pid: int) -> None:
    die_with_parent(parent_pid)  # a killed batch leaves no worker behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool
    global _progress
    _progress = progress


def _work(task: FileTask, options: AnalysisOptions) -> FileResult:
    def report(done: int, total: int) -> None:
        if done % 10 == 0 or done == total:
            _progress.put((task.key, done, total))

    return analyse_file(task, options, report, decode_threads=1)


def run_pool(
    tasks: Sequence[FileTask],
    options: AnalysisOptions,
    jobs: int,
    on_frames: FramesDone,
    on_done: Finished,
    stall_s: float = STALL_S,
) -> None:
    """Analyse the files in ``jobs`` worker processes (spawned: each loads its own model).

    When no worker has said anything for ``stall_s`` seconds (hung), the pool is stopped and its
    unfinished files are tried once more, like those of a worker that died.
    """
    ctx = mp.get_context("spawn")
    progress = ctx.Queue()
    todo, tries = list(tasks), dict.fromkeys((t.key for t in tasks), 0)
    while todo:
        for task in todo:
            tries[task.key] += 1
        lost = _round(ctx, progress, todo, options, jobs, on_frames, on_done, stall_s)
        for task in [t for t in lost if tries[t.key] >= 2]:
            on_done(
                FileResult(
                    task,
                    "failed",
                    error="the worker analysing it stopped twice (out of memory, a crash in a native library, "
                    f"or {stall_s:g} s without a frame)",
                )
            )
        todo = [t for t in lost if tries[t.key] < 2]


def _round(
    ctx: Any,
    progress: Any,
    tasks: list[FileTask],
    options: AnalysisOptions,
    jobs: int,
    on_frames: FramesDone,
    on_done: Finished,
    stall_s: float,
) -> list[FileTask]:
    """One pool over ``tasks``; the tasks left unfinished when the pool broke or hung."""
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), mp_context=ctx, initializer=_init_worker, initargs=(progress, os.getpid())
    )
    futures: dict[Future[FileResult], FileTask] = {pool.submit(_work, t, options): t for t in tasks}
    lost: list[FileTask] = []
    heard = time.monotonic()
    try:
        while futures:
            done, _ = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
            if _drain(progress, on_frames) or done:
                heard = time.monotonic()
            elif time.monotonic() - heard > stall_s:
                _kill(pool)
                return [*lost, *futures.values()]
            for future in done:
                task = futures.pop(future)
                try:
                    on_done(future.result())
                except BrokenProcessPool:
                    lost.append(task)
    except BaseException:
        _kill(pool)
        raise
    pool.shutdown(wait=True)
    return lost


def _drain(progress: Any, on_frames: FramesDone) -> int:
    """Pass the workers' progress messages on; how many there were."""
    count = 0
    while True:
        try:
            key, done, total = progress.get_nowait()
        except queue.Empty:
            return count
        on_frames(key, done, total)
        count += 1


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now (Ctrl-C): the files in flight are redone by the next run."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.terminate()
    for proc in processes:
        proc.join(timeout=5)
