"""Nothing leaves the machine: the analysis runs where no network can be reached.

The MediaPipe Tasks library "sends metrics about the performance and utilization of the
APIs" to Google (its wheel's NOTICE); ``mediapipe==1.2.2`` resolves ``play.googleapis.com``
right after a model loads. There is no documented switch. So before anything else is
loaded, the ``formcheck`` command moves itself into a new, empty **network namespace**
(Linux; unprivileged through a user namespace) where no interface but a downed loopback
exists, and, in a private mount namespace, points name resolution at ``/etc/hosts`` only, so
that not even a DNS packet is attempted. Files, cameras and the training log work as before.

This must run while the process is still single-threaded (before numpy starts its thread
pool), which is why :func:`isolate_network` imports nothing but the standard library and is
called from the console-script entry point. Where the platform cannot do it (not Linux,
user namespaces disabled), the command says so in one line and goes on; ``--allow-network``
or ``FORMCHECK_ALLOW_NETWORK=1`` turn the isolation off (and the notice with it).
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import tempfile

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000

ENV_ALLOW = "FORMCHECK_ALLOW_NETWORK"
_recorded: str | None = None
"""What :func:`prepare` did in this process (``isolated`` or ``reachable (<reason>)``); never from the environment."""
ALLOW_FLAG = "--allow-network"
RAY_FLAG, RAY_ADDRESS_FLAG = "--ray", "--ray-address"
"""``batch --ray`` needs the loopback interface (a local Ray instance); ``--ray-address`` the network."""
COMMANDS_WITH_MODEL = frozenset({"analyze", "live", "extract", "batch"})
"""Commands that load the pose model (the others never touch MediaPipe)."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as fh:
        fh.write(text)


def _hosts_only_nsswitch() -> str:
    """A copy of ``/etc/nsswitch.conf`` whose ``hosts`` line reads ``files`` only."""
    try:
        with open("/etc/nsswitch.conf", encoding="utf-8") as fh:
            lines = [ln for ln in fh.read().splitlines() if not ln.strip().startswith("hosts:")]
    except OSError:
        lines = []
    fd, path = tempfile.mkstemp(prefix="formcheck-nsswitch-", suffix=".conf")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join([*lines, "hosts: files", ""]))
    return path


def _loopback_up() -> None:
    """Bring up ``lo`` inside the new namespace: local sockets (a local Ray instance) work, nothing else."""
    import fcntl
    import socket
    import struct

    siocsifflags, iff_up, iff_loopback, iff_running = 0x8914, 0x1, 0x8, 0x40
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sH", b"lo", iff_up | iff_loopback | iff_running))


def isolate_network(*, loopback: bool = False) -> str | None:
    """Move this process into an empty network namespace; None on success, else why not (one phrase).

    ``loopback``: also bring up the namespace's own loopback interface (127.0.0.1 only).
    """
    if not sys.platform.startswith("linux"):
        return f"network isolation needs Linux (this is {sys.platform})"
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNET | CLONE_NEWNS | (0 if uid == 0 else CLONE_NEWUSER)
    if libc.unshare(flags) != 0:
        code = ctypes.get_errno()
        hint = " (unprivileged user namespaces are disabled here)" if code in (errno.EPERM, errno.ENOSPC) else ""
        return f"the system refused a private network namespace: {os.strerror(code)}{hint}"
    try:
        if uid != 0:  # keep our own user and group ids inside the new user namespace
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{uid} {uid} 1")
            _write("/proc/self/gid_map", f"{gid} {gid} 1")
        if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) == 0:
            conf = _hosts_only_nsswitch()
            libc.mount(conf.encode(), b"/etc/nsswitch.conf", None, MS_BIND, None)
            os.unlink(conf)  # the bind mount keeps the file alive
    except OSError:
        pass  # the network namespace alone already keeps packets in; only the DNS attempt remains
    if loopback:
        try:
            _loopback_up()
        except OSError as exc:
            return f"the private network namespace has no loopback ({exc.strerror or exc}), which Ray needs"
    return None


def wants_isolation(argv: list[str]) -> bool:
    """True for commands that load the model, unless ``--allow-network`` / ``FORMCHECK_ALLOW_NETWORK=1``."""
    if os.environ.get(ENV_ALLOW, "") not in ("", "0"):
        return False
    if ALLOW_FLAG in argv:
        return False
    command = next((a for a in argv[1:] if not a.startswith("-")), "")
    return command in COMMANDS_WITH_MODEL


def _record(state: str) -> None:
    global _recorded
    _recorded = state


def only_loopback() -> bool:
    """True when this process sees no network interface but loopback (an isolated namespace: nothing reachable)."""
    import socket

    try:
        return {name for _, name in socket.if_nameindex()} <= {"lo"}
    except OSError:
        return False


def network_state() -> str:
    """``isolated`` or ``reachable (<reason>)``, for the report's ``input.network``.

    What this process's :func:`prepare` did; in a process that did not run it (a worker, or
    formcheck used as a library) what the process can see: no interface but loopback is
    ``isolated``. An inherited environment variable never decides it.
    """
    if _recorded is not None:
        return _recorded
    return "isolated" if only_loopback() else "reachable (not isolated)"


def prepare(argv: list[str]) -> None:
    """Entry-point hook: isolate when wanted, record the outcome, say so when it failed."""
    if any(a == RAY_ADDRESS_FLAG or a.startswith(RAY_ADDRESS_FLAG + "=") for a in argv):
        _record("reachable (a Ray cluster is used over the network)")
        sys.stderr.write(
            f"notice: {RAY_ADDRESS_FLAG} sends the work to a Ray cluster over the network; this machine "
            "is not isolated, and the cluster's nodes are not either\n"
        )
        return
    if not wants_isolation(argv):
        _record("reachable (allowed)")
        return
    why = isolate_network(loopback=RAY_FLAG in argv)
    if why is None:
        _record("isolated" if only_loopback() else "reachable (the network namespace still has interfaces)")
        return
    _record(f"reachable ({why})")
    sys.stderr.write(
        f"notice: {why}; MediaPipe may send usage metrics to Google during this run "
        f"(use {ALLOW_FLAG} or {ENV_ALLOW}=1 to silence this notice; see the README's privacy "
        "section)\n"
    )


def main() -> None:
    """The ``formcheck`` console script: isolate first, then load and run the CLI."""
    prepare(sys.argv)
    if ALLOW_FLAG in sys.argv:
        sys.argv.remove(ALLOW_FLAG)
    from formcheck.cli import main as cli_main

    cli_main()
