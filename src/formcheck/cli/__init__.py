"""The ``formcheck`` command line (typer). Each command lives in its own module."""

from __future__ import annotations

import os

# Quiet MediaPipe/TFLite C++ logging before anything imports mediapipe.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from formcheck.cli import analyze, batch, exercises, extract, history, live, report, webapp  # noqa: F401  (register commands)
from formcheck.cli.app import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
