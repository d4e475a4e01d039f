"""Worker processes that never outlive the command that started them.

A worker started by ``analyze --jobs N`` or ``batch`` holds a model (230-530 MB). When the
parent is killed (``kill -9``, the out-of-memory killer, a crash in a native library) nothing
tells a spawned worker, and it would wait on its pipe for good, re-parented to PID 1. So each
worker, first thing, asks the kernel to kill it when its parent dies (Linux:
``prctl(PR_SET_PDEATHSIG, SIGKILL)``) and, on every platform, watches its parent's process id
from a daemon thread. The multiprocessing resource tracker ends by itself once the parent and
every worker holding its pipe are gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal this process gets when the thread that started it ends (Linux)."""
STALL_S = 120.0
"""A worker that sends nothing for this long (s) is hung: it is stopped and its work reported.

Workers send a message every few frames; starting up (imports, model load) takes seconds, so two
minutes of silence is never just a slow machine.
"""
WATCH_S = 0.5
"""How often the watcher thread checks the parent is still there (s)."""


def die_with_parent(parent_pid: int) -> None:
    """Call first in a worker: end this process when ``parent_pid`` (its parent) is gone, on every path."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # else the watcher thread below still ends it
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request above was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="formcheck-parent-watch", daemon=True).start()


def _watch(parent_pid: int) -> None:
    """Exit at once when this process has been handed to another parent (its own has died)."""
    while os.getppid() == parent_pid:
        time.sleep(WATCH_S)
    os._exit(1)
