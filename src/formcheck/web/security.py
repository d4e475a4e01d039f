"""Who may talk to the app: this machine's browser, through the link the app printed, and nothing else.

An ASGI middleware in front of every route (HTTP and WebSocket):

- **Host**: ``127.0.0.1:PORT`` or ``localhost:PORT`` only. A web page on the internet can point a
  name it controls at 127.0.0.1 (DNS rebinding) and then talk to the app "same-origin"; its
  requests still carry its own name in ``Host``, and are refused.
- **Origin**: when a request has one (browsers send it with every POST, fetch and WebSocket), it
  must be the app's own; a WebSocket without one is refused (only browsers open them here).
- **Session cookie**: the app prints (and opens) ``http://127.0.0.1:PORT/?token=T``; that request
  sets an HttpOnly, SameSite=Strict cookie with the token, and every later request needs it: another
  user of the same machine, who can reach the port too, cannot read anyone's videos or reports.
- **Token on changes**: every request that changes something (POST, PUT, DELETE, a WebSocket) also
  carries the token itself, in the ``X-Formcheck-Token`` header (or the ``token`` query parameter of
  a WebSocket), which a page of another site cannot know (cross-site request forgery).

Refusals are one sentence of plain text with status 403 (421 for a foreign Host).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "formcheck_app"
HEADER = "x-formcheck-token"
CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)


def new_token() -> str:
    """A fresh secret for one run of the app (32 bytes, URL-safe)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Guard:
    """The rules for one running app: its port and its token."""

    port: int
    token: str

    def hosts(self) -> frozenset[str]:
        """The ``Host`` values the app answers to."""
        return frozenset({f"127.0.0.1:{self.port}", f"localhost:{self.port}"})

    def origins(self) -> frozenset[str]:
        """The ``Origin`` values of the app's own pages."""
        return frozenset(f"http://{h}" for h in self.hosts())

    def same(self, offered: str | None) -> bool:
        """True when ``offered`` is the token (compared in constant time)."""
        return offered is not None and hmac.compare_digest(offered.encode(), self.token.encode())

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """Why this request is refused (status, sentence), or None when it may go on."""
        headers = _headers(scope)
        if headers.get("host") not in self.hosts():
            return 421, "refused: this formcheck app answers only at 127.0.0.1 or localhost on its own port."
        origin = headers.get("origin")
        websocket = scope["type"] == "websocket"
        if (origin is not None or websocket) and origin not in self.origins():
            return 403, "refused: the request came from a page that is not this formcheck app."
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        opening = scope["type"] == "http" and scope.get("method") == "GET" and scope.get("path") == "/"
        if opening and self.same(_first(query.get("token"))):
            return None  # the link the app printed: sets the cookie
        if not self.same(_cookie(headers.get("cookie"))):
            return 403, "refused: open formcheck with the link the app printed when it started (it holds the key)."
        changing = websocket or scope.get("method") in CHANGING_METHODS
        if changing and not self.same(headers.get(HEADER) or _first(query.get("token"))):
            return 403, "refused: the request lacks this page's token (reload the page and try again)."
        return None


def _headers(scope: Scope) -> dict[str, str]:
    """The request's headers, names in lower case (the last of a repeated one)."""
    raw: Iterable[tuple[bytes, bytes]] = scope.get("headers", [])
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw}


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _cookie(header: str | None) -> str | None:
    if not header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed Cookie header is no cookie
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else None


class GuardMiddleware:
    """Applies a :class:`Guard` to every request and adds the security headers to every response."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request, or pass it on with the security headers added."""
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refused = self.guard.refusal(scope)
        if refused is not None:
            status, sentence = refused
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008, "reason": sentence[:120]})
                return
            await _plain(send, status, sentence)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _plain(send: Send, status: int, sentence: str) -> None:
    body = (sentence + "\n").encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})


def cookie_header(token: str) -> str:
    """The ``Set-Cookie`` value that remembers the token in this browser (until it is closed)."""
    return f"{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/"
