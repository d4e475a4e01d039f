"""Live in the browser: the page's camera frames over a WebSocket, the live session's state back.

Browser to server: binary messages of a 12-byte header (frame number: uint32, capture time in
ms since the page started: float64, both big-endian) and the JPEG; the text ``{"type": "stop"}``
ends the set. Server to browser: the session's JSON messages (``state`` per analysed frame, with the
frame number and time it answers, then ``done`` with the report's address, or ``error``).

The session itself runs in a worker process with no network (:mod:`formcheck.web.live_bridge`),
the same :class:`~formcheck.live.session.LiveSession` as ``formcheck live``. A page that goes away
mid-set ends the set as ``stop`` would: what was analysed is reported and logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import secrets
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

HEADER = struct.Struct(">Id")
"""Frame number (uint32) and capture time (ms, float64) in front of each JPEG."""
MAX_FRAME_BYTES = 4 * 1024 * 1024
SESSION_ID = re.compile(r"^[0-9a-f]{16}$")
LIVE_FILE = re.compile(r"^(?:report\.(?:json|html))$")


def routes(page: Callable[..., Response], settings: Any) -> list[BaseRoute]:
    """The live page, its WebSocket and its reports."""
    from formcheck.web import people
    from formcheck.web.server import REPORT_POLICY

    folder = settings.data_dir / "live"

    async def live_page(request: Request) -> Response:
        from formcheck.analysis import registry

        return page(request, "live.html", exercises=registry.names(), athletes=people.names(settings.db))

    async def live_file(request: Request) -> Response:
        session, name = request.path_params["session"], request.path_params["name"]
        path = folder / session / name
        if not SESSION_ID.match(session) or not LIVE_FILE.match(name) or not path.is_file():
            return Response("no such file\n", status_code=404, media_type="text/plain")
        return FileResponse(path, headers={"content-security-policy": REPORT_POLICY})

    async def socket(ws: WebSocket) -> None:
        await _session(ws, settings, folder)

    return [
        Route("/live", live_page),
        Route("/live/{session:str}/files/{name:str}", live_file),
        WebSocketRoute("/ws/live", socket),
    ]


async def _session(ws: WebSocket, settings: Any, folder: Path) -> None:
    from formcheck.analysis import registry
    from formcheck.errors import FormcheckError
    from formcheck.log.athletes import athlete_name
    from formcheck.web.live_bridge import LiveBridge

    await ws.accept()
    params = ws.query_params
    exercise = params.get("exercise", "auto")
    try:
        if exercise != "auto" and exercise not in registry.names():
            raise FormcheckError(f"unknown exercise {exercise[:60]!r}.")
        athlete = athlete_name(params.get("athlete", "me"))
    except FormcheckError as exc:
        await ws.send_text(json.dumps({"type": "error", "message": str(exc)}))
        await ws.close(1008)
        return
    loop = asyncio.get_running_loop()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    stem = secrets.token_hex(8)
    bridge = LiveBridge(
        exercise=exercise, side=params.get("side", "auto") if params.get("side") in ("left", "right") else "auto",
        model=settings.model, athlete=athlete, db=settings.db, out_dir=folder / stem, stem="report",
        on_message=lambda message: _post(loop, outbox, message),
    )  # fmt: skip
    live: set[Any] = ws.app.state.__dict__.setdefault("live_bridges", set())
    live.add(bridge)
    sender = asyncio.create_task(_forward(ws, outbox, stem))
    try:
        await asyncio.to_thread(bridge.start)
        await _receive(ws, bridge)
    except FormcheckError as exc:
        await outbox.put({"type": "error", "message": str(exc)})
    finally:
        if bridge.started:
            await asyncio.to_thread(bridge.finish)  # its "done" (or "error") reaches the page through on_message
        await outbox.put({"type": "_close"})
        with contextlib.suppress(Exception):
            await asyncio.wait_for(sender, 10)
        bridge.kill()
        live.discard(bridge)


def _post(loop: asyncio.AbstractEventLoop, outbox: asyncio.Queue[dict[str, Any]], message: dict[str, Any]) -> None:
    """Hand a message from the bridge's reader thread to the event loop."""
    loop.call_soon_threadsafe(outbox.put_nowait, message)


async def _receive(ws: WebSocket, bridge: Any) -> None:
    """Pass the page's frames on until it says stop or goes away."""
    while True:
        try:
            message = await ws.receive()
        except WebSocketDisconnect:
            return
        if message["type"] == "websocket.disconnect":
            return
        data = message.get("bytes")
        if data is not None:
            if HEADER.size < len(data) <= MAX_FRAME_BYTES:
                seq, t_ms = HEADER.unpack_from(data)
                if not bridge.send_frame(seq, t_ms, data[HEADER.size :]):
                    return  # the worker is gone: its error message is on its way
            continue
        text = message.get("text") or ""
        with contextlib.suppress(ValueError):
            if json.loads(text).get("type") == "stop":
                return


async def _forward(ws: WebSocket, outbox: asyncio.Queue[dict[str, Any]], stem: str) -> None:
    """Send the session's messages to the page (the last state wins when the page is slow)."""
    while True:
        message = await outbox.get()
        if message.get("type") == "_close":
            break
        if message.get("type") == "state" and not outbox.empty():
            continue  # a newer state is waiting: the page draws that one
        if message.get("type") == "done":
            message = {**message, "report_url": f"/live/{stem}/files/report.html"}
            message.pop("report_json", None)
            message.pop("report_html", None)
        try:
            await ws.send_text(json.dumps(message))
        except Exception:  # the page went away: the session is still finished and logged
            continue
    with contextlib.suppress(Exception):
        await ws.close()


async def stop_all(app: Starlette) -> None:
    """End every live session still running (the app is stopping): each is reported and logged."""
    for bridge in list(getattr(app.state, "live_bridges", set())):
        with contextlib.suppress(Exception):
            await asyncio.to_thread(bridge.finish, 20)
        bridge.kill()
