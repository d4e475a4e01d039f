"""The ``formcheck`` command line (typer). Each command lives in its own module."""

from __future__ import annotations

from formcheck.quiet import quiet_native_logging

quiet_native_logging()  # before anything imports mediapipe; then the modules that register the commands

from formcheck.cli import analyze, batch, exercises, extract, history, live, report, webapp  # noqa: E402, F401
from formcheck.cli.app import app  # noqa: E402


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
