"""Batch tasks on a Ray cluster: the same per-file task as a local worker, one core each.

Optional: ``pip install 'formcheck[ray]'``. Without an address a private Ray instance is
started on this machine (``num_cpus`` = ``--jobs``); with one, the tasks go to that cluster,
whose nodes need formcheck installed (the pose models are inside the package) and read
access to the video paths (a shared folder). Users without Ray never import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from formcheck.application import AnalysisOptions
from formcheck.batch.local import Finished, FramesDone
from formcheck.batch.task import FileResult, FileTask, analyse_file
from formcheck.errors import FormcheckError


def _analyse(task: FileTask, options: AnalysisOptions) -> FileResult:
    return analyse_file(task, options, decode_threads=1)  # one task per CPU


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise FormcheckError("--ray needs Ray, which is not installed: pip install 'formcheck[ray]'") from None
    return ray


def run_ray(
    tasks: Sequence[FileTask],
    options: AnalysisOptions,
    jobs: int,
    address: str | None,
    on_frames: FramesDone,
    on_done: Finished,
) -> None:
    """Analyse every file as a Ray task; results arrive as tasks finish."""
    ray = _ray()
    started = _start(ray, address, jobs)
    try:
        remote = ray.remote(num_cpus=1, max_retries=1)(_analyse)
        refs = {remote.remote(task, options): task for task in tasks}
        try:
            while refs:
                ready, _ = ray.wait(list(refs), num_returns=1, timeout=0.5)
                for ref in ready:
                    task = refs.pop(ref)
                    result = _result(ray, ref, task)
                    on_frames(task.key, result.frames, result.frames)
                    on_done(result)
        except BaseException:
            for ref in refs:
                ray.cancel(ref, force=True)
            raise
    finally:
        if started:
            ray.shutdown()


def _start(ray: Any, address: str | None, jobs: int) -> bool:
    """Connect to ``address`` or start a local instance; True when this call started Ray."""
    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = (
        {"address": address}
        if address
        else {"num_cpus": jobs, "include_dashboard": False, "_node_ip_address": "127.0.0.1"}
    )  # local: loopback only
    try:
        ray.init(log_to_driver=False, configure_logging=False, **kwargs)
    except Exception as exc:  # ConnectionError, RuntimeError, ...: one line for the user
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise FormcheckError(f"could not start or reach {where}: {str(exc).splitlines()[0]}") from None
    return True


def _result(ray: Any, ref: Any, task: FileTask) -> FileResult:
    try:
        result: FileResult = ray.get(ref)
    except Exception as exc:  # the task's process died, or Ray lost the node (the message carries the remote traceback)
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        return FileResult(task, "failed", error=f"the Ray task failed: {first}", traceback=str(exc))
    return result
