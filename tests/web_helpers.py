"""Running ``formcheck app`` for real (a subprocess on a free port) and a headless Chromium to use it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FORMCHECK = [sys.executable, "-m", "formcheck"]


def chromium_path() -> str | None:
    """Debian's chromium, or None (the browser tests skip)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningApp:
    """A ``formcheck app`` process: its link (with the token), address, folders."""

    process: subprocess.Popen[str]
    link: str
    base: str
    port: int
    token: str
    data: Path
    db: Path


@contextmanager
def running_app(folder: Path, *extra: str) -> Iterator[RunningApp]:
    """Start ``formcheck app --no-browser`` with its data and training log in ``folder``; stop it afterwards."""
    port = free_port()
    data, db = folder / "data", folder / "log.sqlite3"
    env = {**os.environ, "FORMCHECK_DB": str(db)}
    command = [*FORMCHECK, "app", "--no-browser", "--port", str(port), "--data", str(data), "--db", str(db), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:(\d+))/\?token=(\S+)", line)
        assert found, f"no link printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"
        app = RunningApp(process, found.group(0), found.group(1), port, found.group(3), data, db)
        _wait_listening(port)
        yield app
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_listening(port: int, timeout_s: float = 20.0) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@contextmanager
def browser(*args: str) -> Iterator[object]:
    """A headless Chromium (Playwright driving Debian's binary); yields the Browser."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    assert path is not None
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=list(args))
        try:
            yield launched
        finally:
            launched.close()


def job_rows(page: object) -> list[dict[str, str]]:
    """The queue table's rows as the person sees them (state, video, result text)."""
    return page.eval_on_selector_all(  # type: ignore[attr-defined,no-any-return]
        "tr.job",
        "rows => rows.map(r => ({state: r.dataset.state, name: r.cells[0].textContent, "
        "result: r.cells[4].textContent, href: (r.cells[4].querySelector('a') || {}).href || ''}))",
    )


def wait_all_finished(page: object, count: int, timeout_s: float) -> list[dict[str, str]]:
    """Wait until the queue shows ``count`` rows, all finished (done, partial or failed)."""
    end = time.monotonic() + timeout_s
    rows: list[dict[str, str]] = []
    while time.monotonic() < end:
        rows = job_rows(page)
        if len(rows) >= count and all(r["state"] in ("done", "partial", "failed") for r in rows):
            return rows
        time.sleep(0.5)
    raise AssertionError(f"not finished after {timeout_s} s: {rows}")
