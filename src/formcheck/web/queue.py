"""The analysis queue: one worker process per upload, as many at once as there are cores (as ``batch`` does).

Runs on the server's event loop. Each job's worker (:mod:`formcheck.web.analysis_worker`) is a
child of the event-loop thread, so it dies with the server; its progress lines become events that
every open page receives (server-sent events). Closing a tab stops nothing; a job cut short by the
app stopping is queued again when it starts (:meth:`JobQueue.load`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formcheck.web.jobs import Job, JobStore

log = logging.getLogger(__name__)


@dataclass
class JobState:
    """What a page shows of a job: ``queued``, ``running``, ``done``, ``partial`` or ``failed``, and how far."""

    job: Job
    state: str = "queued"
    done: int = 0
    total: int = 0
    outcome: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The event sent to the pages."""
        return {
            "id": self.job.id, "name": self.job.name, "athlete": self.job.athlete, "exercise": self.job.exercise,
            "state": self.state, "done": self.done, "total": self.total, "outcome": self.outcome,
        }  # fmt: skip


class JobQueue:
    """Runs the jobs of a :class:`JobStore`, ``slots`` at a time (0: keeps them queued, runs none)."""

    def __init__(self, store: JobStore, *, slots: int, worker_log: Path) -> None:
        self.store, self.slots, self.worker_log = store, max(0, slots), worker_log
        self.states: dict[str, JobState] = {}
        self.pending: deque[str] = deque()
        self.running: set[str] = set()
        """Jobs holding a slot (their worker may still be starting)."""
        self.procs: dict[str, asyncio.subprocess.Process] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.listeners: set[asyncio.Queue[dict[str, Any]]] = set()

    def load(self) -> None:
        """Read every job: finished ones with their outcome, the others queued again (oldest first)."""
        ledger = self.store.ledger()  # read once for every job
        for job in self.store.all():
            outcome = self.store.outcome(job, ledger)
            if outcome is None:
                self.states[job.id] = JobState(job)
                self.pending.append(job.id)
            else:
                self.states[job.id] = JobState(job, str(outcome.get("status", "done")), outcome=outcome)
        self._pump()

    def submit(self, job: Job) -> JobState:
        """Queue a new job."""
        state = self.states[job.id] = JobState(job)
        self.pending.append(job.id)
        self._publish(state)
        self._pump()
        return state

    def snapshot(self) -> list[dict[str, Any]]:
        """Every job's state, newest first."""
        return [s.to_json() for s in sorted(self.states.values(), key=lambda s: s.job.created, reverse=True)]

    def listen(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue of the events from now on (call :meth:`unlisten` when the page goes)."""
        events: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1000)
        self.listeners.add(events)
        return events

    def unlisten(self, events: asyncio.Queue[dict[str, Any]]) -> None:
        """Stop sending events to ``events``."""
        self.listeners.discard(events)

    def _publish(self, state: JobState) -> None:
        event = state.to_json()
        for events in list(self.listeners):
            with contextlib.suppress(asyncio.QueueFull):  # a page that stopped reading misses progress, no more
                events.put_nowait(event)

    def _pump(self) -> None:
        while self.pending and len(self.running) < self.slots:
            job_id = self.pending.popleft()
            self.running.add(job_id)
            task = asyncio.get_running_loop().create_task(self._run(self.states[job_id]))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def _run(self, state: JobState) -> None:
        job = state.job
        state.state = "running"
        self._publish(state)
        try:
            with open(self.worker_log, "ab") as errors:
                cores = str(max(1, self.slots // len(self.running)))  # a job alone gets every core, as analyze
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "formcheck.web.analysis_worker", str(self.store.job_file(job.id)), cores,
                    stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=errors,
                )  # fmt: skip
            self.procs[job.id] = proc
            assert proc.stdout is not None
            async for line in proc.stdout:
                self._heard(state, line)
            await proc.wait()
            outcome = self.store.outcome(job)
            if outcome is None:
                outcome = {"status": "failed", "error": _died(proc.returncode)}
            state.state, state.outcome = str(outcome.get("status", "failed")), outcome
        except OSError as exc:
            state.state, state.outcome = "failed", {"status": "failed", "error": f"could not start: {exc}"}
        finally:
            self.running.discard(job.id)
            self.procs.pop(job.id, None)
        self._publish(state)
        self._pump()

    def _heard(self, state: JobState, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            log.warning("analysis worker said: %r", line[:200])
            return
        if message.get("type") == "progress":
            state.done, state.total = int(message.get("done", 0)), int(message.get("total", 0))
            self._publish(state)

    async def stop(self) -> None:
        """Stop every worker (their jobs are redone when the app starts again)."""
        for proc in list(self.procs.values()):
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.terminate()
        for task in list(self.tasks):
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.gather(*self.tasks, return_exceptions=True)


def _died(code: int | None) -> str:
    if code is not None and code < 0:
        return f"the analysis process was stopped (signal {-code}, out of memory?); upload the file again to retry."
    return "the analysis process ended without a result; see the app's log."
