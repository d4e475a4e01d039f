"""The typer application, shared options and the error-to-exit-code mapping.

Exit codes: 0 ok; 1 error (bad input, model missing, nothing analysed, an internal error);
2 usage error; 3 input ended early (report written for the part analysed); 4 an output file or
the training log could not be written (the rest was, and the report printed); 130 interrupted
(report written). An internal error (a bug) prints one line; its traceback goes to the log file.
"""

from __future__ import annotations

import functools
import logging
import platform
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn, cast

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup, TyperOption

from formcheck import __version__
from formcheck.cli import logs
from formcheck.errors import FormcheckError
from formcheck.pose.people import PERSON_CHOICES, PersonChoice

log = logging.getLogger(__name__)


class _Commands(TyperGroup):
    """The command group: an unexpected exception in any command ends in one line and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.exceptions.TyperException):
            raise  # usage errors, --help, exit codes: typer's own
        except FormcheckError as exc:
            fail(str(exc))
        except Exception as exc:  # a bug: the traceback to the log file, one line to the terminal
            if not logs.current.active:
                _warn(logs.configure(verbose=False, stderr=sys.stderr))
            fail(logs.internal_error(exc))


def _flags_without_a_type(
    display: Callable[[TyperOption, Any], str | None],
) -> Callable[[TyperOption, Any], str | None]:
    """Help shows an on/off flag as the flag alone (``--no-log``), never as taking a ``<bool>``."""

    @functools.wraps(display)
    def shown(option: TyperOption, ctx: Any) -> str | None:
        return None if option.is_flag else display(option, ctx)

    return shown


setattr(TyperOption, "display_type_rich", _flags_without_a_type(TyperOption.display_type_rich))  # noqa: B010

app = typer.Typer(
    cls=_Commands,
    name="formcheck",
    help="Checks hip-flexor exercises rep by rep, from a video, a landmark recording or a webcam.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, width=None if Console().is_terminal else 120)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def _version(value: bool) -> None:
    if value:
        out.print(f"formcheck {__version__}")
        raise typer.Exit()


def _warn(warning: str | None) -> None:
    if warning:
        err.print(f"[yellow]warning:[/yellow] {escape(warning)}")


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Show log lines (and tracebacks) on stderr. The log file is always written: "
            "$FORMCHECK_LOG, else formcheck.log in the user log folder.",
        ),
    ] = False,
    allow_network: Annotated[
        bool,
        typer.Option(
            "--allow-network",
            help="Let the pose library reach the network. By default analyze, live, extract and batch run with no "
            "network access (a private network namespace, Linux): MediaPipe sends usage metrics to Google otherwise. "
            "Works before or after the command; FORMCHECK_ALLOW_NETWORK=1 does the same.",
        ),
    ] = False,
) -> None:
    """Checks hip-flexor exercises rep by rep."""
    _warn(logs.configure(verbose=verbose, stderr=sys.stderr))
    ctx.call_on_close(logs.close)
    log.info(
        "formcheck %s %s (Python %s, %s)",
        __version__,
        ctx.invoked_subcommand or "",
        platform.python_version(),
        platform.platform(),
    )


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print an error on stderr and exit with ``code``."""
    err.print(f"[bold red]error:[/bold red] {escape(message)}")  # messages quote [exercise.x] tables
    raise typer.Exit(code)


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Turn domain errors into a message and exit code 1."""
    try:
        yield
    except FormcheckError as exc:
        fail(str(exc))


def exercise_names() -> list[str]:
    """Completion list for ``--exercise``."""
    from formcheck.analysis.registry import names

    return names()


_warned: set[str] = set()


def warn_skipped_exercise_files() -> None:
    """One line per file of the user exercise folder that could not be loaded (once per process)."""
    from formcheck.analysis.registry import skipped

    for path, why in skipped().items():
        if path not in _warned:
            _warned.add(path)
            err.print(f"[yellow]warning:[/yellow] exercise file skipped: {escape(why)}")


def _check_exercise(name: str) -> str:
    choices = exercise_names()
    warn_skipped_exercise_files()
    if name not in (*choices, "auto"):
        raise typer.BadParameter(f"unknown exercise {name!r}; choose from: {', '.join(choices)}")
    return name


def _check_model(name: str) -> str:
    if name not in ("lite", "full", "heavy"):
        raise typer.BadParameter("choose from: lite, full, heavy")
    return name


def _check_side(name: str) -> str:
    if name not in ("auto", "left", "right"):
        raise typer.BadParameter("choose from: auto, left, right")
    return name


def _load_exercise_files(paths: list[Path] | None) -> list[Path]:
    if paths:
        from formcheck.analysis.registry import load_files

        try:
            load_files(list(paths))
        except FormcheckError as exc:
            fail(str(exc))
    return list(paths or [])


ExerciseFileOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--exercise-file",
        help="A TOML file declaring an exercise (see README: your own exercises); repeatable.",
        callback=_load_exercise_files,
        is_eager=True,
        dir_okay=False,
    ),
]
ExerciseOpt = Annotated[
    str,
    typer.Option(
        "--exercise",
        "-e",
        help="Exercise analyzer (see `formcheck exercises`); auto: recognise it, and split a workout into its sets.",
        callback=_check_exercise,
        autocompletion=exercise_names,
    ),
]
ModelOpt = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        help="Pose model: lite (fastest), full (default) or heavy (most accurate).",
        callback=_check_model,
    ),
]
SideOpt = Annotated[
    str,
    typer.Option("--side", help="Leg/side to analyse: auto (both, each counted), left or right.", callback=_check_side),
]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="TOML file overriding thresholds.", exists=False, dir_okay=False)
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Training log database (default: $FORMCHECK_DB, else the user data folder).", dir_okay=False
    ),
]
ModelDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--model-dir", help="Folder holding the .task models (default: the repository's models/).", file_okay=False
    ),
]
PersonOpt = Annotated[
    str,
    typer.Option(
        "--person",
        help="Whom to analyse when several people are in view: auto (whoever is followed first), largest, left, right.",
    ),
]


def _check_athlete(value: str | None) -> str | None:
    """``--athlete`` normalised (:func:`~formcheck.log.athletes.athlete_name`); a bad name is a usage error."""
    if value is None:
        return None
    from formcheck.log.athletes import athlete_name

    try:
        return athlete_name(value)
    except FormcheckError as exc:
        raise typer.BadParameter(str(exc)) from None


AthleteOpt = Annotated[
    str | None,
    typer.Option(
        "--athlete",
        metavar="NAME",
        help="Whose session this is in the training log (default: me); not --person, which picks who in the "
        "picture is analysed.",
        callback=_check_athlete,
    ),
]
AthleteFilterOpt = Annotated[
    str | None,
    typer.Option(
        "--athlete",
        metavar="NAME",
        help="Only this athlete's sessions (default: everyone's; sessions logged without --athlete belong to me).",
        callback=_check_athlete,
    ),
]


def person_choice(value: str) -> PersonChoice:
    """``--person`` checked: one of :data:`~formcheck.pose.people.PERSON_CHOICES`."""
    if value not in PERSON_CHOICES:
        raise typer.BadParameter(f"choose from: {', '.join(PERSON_CHOICES)}", param_hint="--person")
    return cast(PersonChoice, value)


JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes for pose estimation (default: every core). A video of 20 s or more is "
        "estimated in segments of about 10 s (the same segments whatever the jobs), that many at once.",
    ),
]
