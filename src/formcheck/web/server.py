"""The ``formcheck app`` web application (Starlette): analyse uploads, follow people over weeks, live sessions.

Pages are rendered on the server (Jinja2, autoescaped); the little JavaScript there is ships in
``static/`` (no CDN: it works offline). Every request passes :class:`~formcheck.web.security.GuardMiddleware`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from formcheck.web.jobs import JobStore
from formcheck.web.queue import JobQueue
from formcheck.web.security import Guard, GuardMiddleware, cookie_header
from formcheck.web.uploads import DEFAULT_MAX_BYTES, UploadRefused, shown_name, store

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
RESULT_FILE = re.compile(r"^(?:(?:set[0-9]{1,3}\.)?report\.(?:json|html|csv)|annotated\.mp4)$")
"""The only file names served from a job's results folder."""
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: data:; style-src 'self'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
REPORT_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "media-src 'self' data:; connect-src 'none'; frame-ancestors 'self'; base-uri 'none'"
)
"""The HTML reports are self-contained documents with inline script and style: they may run those, reach nothing."""
KEEPALIVE_S = 15.0


@dataclass(frozen=True)
class AppSettings:
    """How one app runs: where its data is, the training log, the model, its port and token, limits."""

    data_dir: Path
    db: Path | None
    port: int
    token: str
    model: str = "full"
    slots: int = 1
    max_upload_bytes: int = DEFAULT_MAX_BYTES


def create_app(settings: AppSettings) -> Starlette:
    """The ASGI application for ``settings`` (serve it on 127.0.0.1:``settings.port``)."""
    from formcheck.web import live_routes, people

    jobs = JobStore(settings.data_dir, db=settings.db, model=settings.model)
    queue = JobQueue(jobs, slots=settings.slots, worker_log=settings.data_dir / "workers.log")
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    def page(request: Request, template: str, **context: Any) -> HTMLResponse:
        context.update(token=settings.token, active=template.removesuffix(".html"))
        response = templates.TemplateResponse(request, template, context)
        response.headers["content-security-policy"] = PAGE_POLICY
        return response

    async def home(request: Request) -> Response:
        if "token" in request.query_params:  # the printed link: remember the key, show a clean address
            response = RedirectResponse("/", status_code=303)
            response.headers["set-cookie"] = cookie_header(settings.token)
            return response
        from formcheck.analysis import registry

        return page(request, "analyse.html", exercises=registry.names(), athletes=people.names(settings.db))

    async def upload(request: Request) -> JSONResponse:
        from formcheck.analysis import registry
        from formcheck.errors import FormcheckError
        from formcheck.log.athletes import athlete_name

        exercise = request.query_params.get("exercise", "auto")
        if exercise != "auto" and exercise not in registry.names():
            return _refuse(f"unknown exercise {exercise[:60]!r}.", 400)
        try:
            athlete = athlete_name(request.query_params.get("athlete", "me"))
        except FormcheckError as exc:
            return _refuse(str(exc), 400)
        declared = request.headers.get("content-length")
        try:
            stored = await store(
                request.stream(), jobs.uploads, max_bytes=settings.max_upload_bytes,
                declared=int(declared) if declared and declared.isdigit() else None,
            )  # fmt: skip
        except UploadRefused as exc:
            return _refuse(str(exc), exc.status)
        name = shown_name(request.query_params.get("name"))
        job = jobs.create(stored.id, stored.path, stored.size, name=name, athlete=athlete, exercise=exercise)
        return JSONResponse(queue.submit(job).to_json(), status_code=201)

    async def job_list(request: Request) -> JSONResponse:
        return JSONResponse(queue.snapshot())

    async def events(request: Request) -> StreamingResponse:
        listener = queue.listen()

        async def stream() -> AsyncIterator[str]:
            try:
                yield f"event: snapshot\ndata: {json.dumps(queue.snapshot())}\n\n"
                while True:
                    try:
                        event = await asyncio.wait_for(listener.get(), KEEPALIVE_S)
                    except TimeoutError:
                        yield ": still here\n\n"
                        continue
                    yield f"event: job\ndata: {json.dumps(event)}\n\n"
            finally:
                queue.unlisten(listener)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"x-accel-buffering": "no"})

    async def job_page(request: Request) -> Response:
        state = queue.states.get(request.path_params["job_id"])
        if state is None:
            return not_found(page, request)
        return page(request, "job.html", job=state.to_json(), result_files=_result_files(state.job.results))

    async def job_file(request: Request) -> Response:
        job_id, name = request.path_params["job_id"], request.path_params["name"]
        job = jobs.get(job_id)
        if job is None or not RESULT_FILE.match(name) or not (job.results / name).is_file():
            return not_found(page, request)
        headers = {"content-security-policy": REPORT_POLICY} if name.endswith(".html") else {}
        if request.query_params.get("download"):
            stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(job.name).stem)[:60] or "formcheck"
            headers["content-disposition"] = f'attachment; filename="{stem}.{name}"'
        return FileResponse(job.results / name, headers=headers)

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found(page, request)

    async def broken(request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        sentence = "Something went wrong on this page (an internal error, written to the log file); the rest works."
        return HTMLResponse(f"<!doctype html><title>formcheck</title><p>{sentence}</p>", status_code=500)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        queue.load()
        yield
        await queue.stop()
        await live_routes.stop_all(app)

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/api/uploads", upload, methods=["POST"]),
            Route("/api/jobs", job_list),
            Route("/events", events),
            Route("/jobs/{job_id:str}", job_page),
            Route("/jobs/{job_id:str}/files/{name:str}", job_file),
            *people.routes(page, settings),
            *live_routes.routes(page, settings),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[Middleware(GuardMiddleware, guard=Guard(settings.port, settings.token))],
        exception_handlers={404: missing, 405: missing, 500: broken},
        lifespan=lifespan,
    )
    app.state.settings, app.state.queue, app.state.jobs = settings, queue, jobs
    return app


def _result_files(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if RESULT_FILE.match(p.name))


def _refuse(sentence: str, status: int) -> JSONResponse:
    return JSONResponse({"error": sentence}, status_code=status)


def not_found(page: Any, request: Request) -> Response:
    """The app's "not here" page, status 404."""
    response: Response = page(request, "missing.html")
    response.status_code = 404
    return response


def person_url(name: str) -> str:
    """The address of a person's page."""
    return "/people/" + quote(name, safe="")
