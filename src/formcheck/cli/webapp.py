"""``formcheck app``: the same checker in the browser, served on this computer only.

Exit codes: 0 stopped with Ctrl-C (or SIGTERM); 1 the app could not start (port taken, data
folder not writable). What the queue had not finished is resumed the next time the app starts.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from formcheck.cli.app import EXIT_ERROR, DbOpt, ModelOpt, app, err, out

DEFAULT_PORT = 8765


def default_data_dir() -> Path:
    """The app's folder in the user's data folder (uploads, results, the queue's ledger)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("formcheck", appauthor=False)) / "app"


def open_socket(port: int | None) -> socket.socket:
    """A listening socket on 127.0.0.1: ``port``, else 8765 when free, else any free port."""
    for wanted in [port] if port is not None else [DEFAULT_PORT, 0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind(("127.0.0.1", wanted))
        except OSError as exc:
            sock.close()
            if port is not None:
                raise typer.BadParameter(
                    f"port {port} on 127.0.0.1 is taken ({exc.strerror})", param_hint="--port"
                ) from None
            continue
        sock.listen(128)
        return sock
    raise RuntimeError("no free port on 127.0.0.1")


@app.command("app")
def app_cmd(
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Port on 127.0.0.1 (default 8765, else any free one)."),
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Folder for uploads and results (default: the user data folder).", file_okay=False),
    ] = None,
    db: DbOpt = None,
    model: ModelOpt = "full",
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Videos analysed at once (default: every core).")
    ] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, help="Largest upload accepted (MiB).")] = 2048,
    browser: Annotated[bool, typer.Option("--browser/--no-browser", help="Open the app in the browser.")] = True,
) -> None:
    """Open formcheck in your browser: drop videos, see reports, follow people over weeks, train live."""
    import uvicorn

    from formcheck.pose.parallel import available_cores
    from formcheck.web.security import new_token
    from formcheck.web.server import AppSettings, create_app

    folder = data or default_data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".write-test").write_bytes(b"")
        (folder / ".write-test").unlink()
    except OSError as exc:
        err.print(f"[bold red]error:[/bold red] the app's folder {folder} cannot be written ({exc.strerror or exc})")
        raise typer.Exit(EXIT_ERROR) from None
    sock = open_socket(port)
    bound = int(sock.getsockname()[1])
    settings = AppSettings(
        data_dir=folder, db=db, port=bound, token=new_token(), model=model, slots=jobs or available_cores(),
        max_upload_bytes=max_upload_mb * 1024 * 1024,
    )  # fmt: skip
    link = f"http://127.0.0.1:{bound}/?token={settings.token}"
    out.print(f"formcheck app: {link}\n(keep this window open; Ctrl-C stops the app, the queue resumes next time)")
    if browser and not _open_browser(link):
        out.print("no browser could be opened here: open the link above in one")
    _server_log_to_file()
    config = uvicorn.Config(create_app(settings), log_config=None, ws="websockets-sansio", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


def _open_browser(link: str) -> bool:
    import webbrowser

    try:
        return webbrowser.open(link, new=1)
    except webbrowser.Error:
        return False


def _server_log_to_file() -> None:
    """The web server's own messages (a request that failed, with its traceback) go to the log file only."""
    import logging

    from formcheck.cli import logs

    server = logging.getLogger("uvicorn")
    server.propagate, server.handlers = False, []
    server.setLevel(logging.WARNING)
    if logs.current.path is not None:
        server.addHandler(logs._file_handler(logs.current.path))
    else:
        server.addHandler(logging.NullHandler())
