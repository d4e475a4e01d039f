"""Logging for the command line: a small rotating log file always, log lines on stderr with ``--verbose``.

Library modules only log (``logging.getLogger(__name__)``); the CLI is the one place that
sets up handlers, for the length of one command. The file (1 MB, 3 older ones kept) is
``formcheck.log`` in the user log folder, or ``$FORMCHECK_LOG``; it keeps the full traceback
of an internal error and of every failure in a worker process, which the terminal shows in
one line.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from formcheck.errors import describe_os_error

ENV_LOG = "FORMCHECK_LOG"
"""A path for the log file instead of the user log folder's ``formcheck.log``."""
MAX_BYTES, BACKUPS = 1_000_000, 3
FILE_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
TERMINAL_FORMAT = "%(levelname)s %(name)s: %(message)s"
ROOT = "formcheck"

log = logging.getLogger(__name__)


@dataclass
class LogSetup:
    """What :func:`configure` set up: the log file (None when it could not be opened), verbosity."""

    path: Path | None = None
    verbose: bool = False
    active: bool = False


current = LogSetup()
"""The setup of the command running in this process."""


def log_path() -> Path:
    """``$FORMCHECK_LOG``, else ``formcheck.log`` in the user log folder."""
    override = os.environ.get(ENV_LOG, "")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir("formcheck", appauthor=False)) / "formcheck.log"


def _file_handler(path: Path) -> logging.Handler:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    return handler


def configure(*, verbose: bool, stderr: TextIO) -> str | None:
    """Send the ``formcheck`` loggers to the log file, and to ``stderr`` when ``verbose``.

    Returns a warning for the terminal when the log file cannot be opened (the command goes on).
    """
    close()
    logger = logging.getLogger(ROOT)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    warning = None
    current.path, current.verbose, current.active = log_path(), verbose, True
    try:
        logger.addHandler(_file_handler(current.path))
    except OSError as exc:
        warning = f"cannot write the log file {current.path} ({describe_os_error(exc)}); going on without it"
        current.path = None
    if verbose:
        terminal = logging.StreamHandler(stderr)
        terminal.setFormatter(logging.Formatter(TERMINAL_FORMAT))
        logger.addHandler(terminal)
    elif current.path is None:  # else Python's last-resort handler prints errors, tracebacks and all
        logger.addHandler(logging.NullHandler())
    return warning


def close() -> None:
    """Remove (and close) the handlers :func:`configure` added."""
    logger = logging.getLogger(ROOT)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.NOTSET)
    current.active = False


def internal_error(exc: BaseException) -> str:
    """Log ``exc`` with its traceback; the one line the terminal shows."""
    log.error("internal error", exc_info=exc)
    first = (str(exc).splitlines() or [""])[0]
    what = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    if current.path is not None:
        where = f"the full traceback is in {current.path}"
    elif current.verbose:
        where = "the full traceback is above"
    else:
        where = "no log file could be written; run again with --verbose to see the traceback"
    return f"internal error ({what}); {where}"
