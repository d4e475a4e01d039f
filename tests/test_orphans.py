"""A killed command leaves no worker behind, and a hung worker does not stall it forever."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest

from formcheck.pose.parallel import Segment, SegmentedPoses
from formcheck.pose.protocol import PoseSettings

FORMCHECK = Path(sys.executable).with_name("formcheck")


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def in_session(sid: int) -> list[int]:
    """The live processes of session ``sid`` (a command started with ``start_new_session`` and all it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def gone_within(pids: list[int], seconds: float) -> list[int]:
    """The processes of ``pids`` still running after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if alive(p)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    # a parent that starts a worker (which asks to die with it, then says so in a file), and waits
    ready = tmp_path / "ready"
    worker = (
        "import os, sys, time; from formcheck.workers import die_with_parent; die_with_parent(os.getppid()); "
        "open(sys.argv[1], 'w').close(); time.sleep(60)"
    )
    parent = (
        "import subprocess, sys, time; "
        f"w = subprocess.Popen([sys.executable, '-c', {worker!r}, sys.argv[1]]); print(w.pid, flush=True); "
        "time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", parent, str(ready)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    worker_pid = int(proc.stdout.readline())
    deadline = time.monotonic() + 30
    while not ready.exists() and time.monotonic() < deadline:  # a busy machine starts Python slowly
        time.sleep(0.05)
    assert ready.exists() and alive(worker_pid)
    proc.kill()
    proc.wait()
    assert gone_within([worker_pid], 2.0) == []


class _SilentWorker:
    """A worker process that is alive and says nothing (hung in a native library)."""

    exitcode = None

    def __init__(self) -> None:
        self.killed = False

    def kill(self) -> None:
        self.killed = True


def test_a_hung_segment_worker_is_stopped_after_the_deadline_with_one_line() -> None:
    segments = [Segment(0, 0, 0, None)]
    poses = SegmentedPoses(Path("clip.mp4"), PoseSettings("lite"), segments, announced_frames=60, stall_s=0.3)
    worker = _SilentWorker()
    poses._queue, poses._procs = queue.Queue(), {0: worker}  # type: ignore[assignment]
    poses._states[0].heard = time.monotonic()
    started = time.monotonic()
    while poses._states[0].failure is None and time.monotonic() - started < 5:
        poses._check_alive()
        time.sleep(0.05)
    failure = poses._states[0].failure
    assert failure is not None and worker.killed
    said = "clip.mp4: the pose worker for the frames from 0 sent nothing for 0.3 s (hung) and was stopped"
    assert str(failure) == said


def start_in_own_session(args: list[str], tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FORMCHECK_DB": str(tmp_path / "log.sqlite3")}
    return subprocess.Popen(
        [str(FORMCHECK), *args], start_new_session=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_for_workers(sid: int, count: int, timeout: float = 90.0) -> list[int]:
    """The session's processes once ``count`` spawned workers run in it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = in_session(sid)
        workers = [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        if len(workers) >= count:
            time.sleep(3.0)  # the workers are loading their models
            return in_session(sid)
        time.sleep(0.2)
    pytest.fail(f"no {count} workers started within {timeout} s")


def long_video(samples: Path, tmp_path: Path, name: str, loops: int) -> Path:
    from video_helpers import avi_copy

    return avi_copy(samples, tmp_path, loops=loops).rename(tmp_path / name)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_analyze_leaves_no_process_of_formcheck(samples: Path, tmp_path: Path) -> None:
    video = long_video(samples, tmp_path, "long.avi", loops=8)  # 24 s: two segments, two workers
    proc = start_in_own_session(["analyze", str(video), "-e", "plank", "--jobs", "2", "--no-progress"], tmp_path)
    before = wait_for_workers(proc.pid, 2)
    assert len(before) >= 3  # the command, its workers (and the resource tracker)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert gone_within(before, 2.0) == []
    assert in_session(proc.pid) == []


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_batch_leaves_no_process_of_formcheck(samples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "videos"
    folder.mkdir()
    for name in ("a.avi", "b.avi"):
        long_video(samples, tmp_path, name, loops=3).rename(folder / name)
    args = ["batch", str(folder), "--out", str(tmp_path / "out"), "-e", "plank", "--jobs", "2"]
    proc = start_in_own_session(args, tmp_path)
    before = wait_for_workers(proc.pid, 2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert gone_within(before, 2.0) == []
    assert in_session(proc.pid) == []


class _HungPool:
    """A process pool whose workers took their files and went silent (stands in for ProcessPoolExecutor)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._processes: dict[int, object] = {}
        self.killed = False

    def submit(self, *args: object) -> Future[object]:
        return Future()  # never finishes

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        self.killed = True


def test_a_hung_batch_pool_is_stopped_and_its_files_reported_after_a_second_try(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from formcheck.application import AnalysisOptions
    from formcheck.batch import local
    from formcheck.batch.task import FileResult, FileTask

    monkeypatch.setattr(local, "ProcessPoolExecutor", _HungPool)
    tasks = [FileTask("a.mp4", "plank", "a", "f1"), FileTask("b.mp4", "plank", "b", "f2")]
    results: list[FileResult] = []
    run = threading.Thread(
        target=local.run_pool,
        args=(tasks, AnalysisOptions(), 2, lambda *a: None, results.append),
        kwargs={"stall_s": 0.3},
        daemon=True,
    )
    run.start()
    run.join(timeout=5)
    assert not run.is_alive()  # two tries of 0.3 s each, not forever
    assert sorted(r.task.key for r in results) == ["a", "b"] and {r.status for r in results} == {"failed"}
    assert results[0].error.endswith("or 0.3 s without a frame)")
